from django.urls import path

from commonplace.communities import views

app_name = "communities"

# The fixed addresses come before "<slug>/": the services never give a
# community a slug that one of them uses.
urlpatterns = [
    path("", views.directory, name="directory"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("invitations/accept/<int:invitation_id>/", views.accept, name="accept"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/cover/", views.cover, name="cover"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/request/", views.request_to_join, name="request"),
    path("<slug:slug>/follow/", views.follow, name="follow"),
    path("<slug:slug>/unfollow/", views.unfollow, name="unfollow"),
    path("<slug:slug>/enter/", views.enter_as_administrator, name="admin-join"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path(
        "<slug:slug>/requests/<int:request_id>/",
        views.decide_request,
        name="decide-request",
    ),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path(
        "<slug:slug>/members/<int:membership_id>/role/",
        views.change_role,
        name="change-role",
    ),
    path(
        "<slug:slug>/members/<int:membership_id>/remove/",
        views.remove_member,
        name="remove-member",
    ),
    path("<slug:slug>/audit/", views.audit, name="audit"),
]
