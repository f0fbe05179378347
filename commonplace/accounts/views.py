"""Signing up, in and out, and everything about passwords."""

from django.contrib.auth import views as auth_views

from commonplace.accounts.forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires: a link must not sign out)."""
