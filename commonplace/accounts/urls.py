from django.urls import path

from commonplace.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("signup/", views.sign_up, name="signup"),
    path("signup/sent/", views.sign_up_sent, name="signup-sent"),
    path("signup/<str:token>/", views.sign_up_finish, name="signup-finish"),
    path("invitation/<str:token>/", views.accept_invitation, name="invitation"),
    path("password/reset/", views.password_reset, name="password-reset"),
    path("password/reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/complete/",
        views.password_reset_complete,
        name="password-reset-complete",
    ),
    path(
        "password/change/", views.PasswordChangeView.as_view(), name="password-change"
    ),
    path("tokens/", views.access_tokens, name="tokens"),
    path(
        "tokens/<int:pk>/revoke/",
        views.access_token_revoke,
        name="token-revoke",
    ),
]
