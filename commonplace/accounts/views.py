"""Signing up, in and out, passwords, and personal access tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from commonplace.accounts import selectors, services
from commonplace.accounts.forms import (
    AccessTokenForm,
    EmailForm,
    NewAccountForm,
    SignInForm,
)
from commonplace.accounts.models import SignupPolicy
from commonplace.accounts.tokens import SignupClaim, read_signup_token
from commonplace.core.errors import InvalidInput
from commonplace.core.ratelimit import client_ip
from commonplace.web.viewing import add_service_errors, signed_in


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_initial(self) -> dict[str, object]:
        return {"username": self.request.GET.get("email", "")}


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only: a link or an image must not sign anyone out)."""


def _notice(
    request: HttpRequest, title: str, text: str, status: int = 200
) -> HttpResponse:
    return render(
        request, "accounts/notice.html", {"title": title, "text": text}, status=status
    )


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    policy = services.current_policy()
    form = EmailForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.request_signup(
                email=form.cleaned_data["email"], requested_from=client_ip(request)
            )
        except InvalidInput as error:
            add_service_errors(form, error)
        else:
            return redirect("accounts:signup-sent")
    if form.errors:
        status = 400
    context = {"form": form, "policy": policy, "modes": SignupPolicy.Mode}
    return render(request, "accounts/sign_up.html", context, status=status)


@require_safe
def sign_up_sent(request: HttpRequest) -> HttpResponse:
    return _notice(
        request,
        _("Check your inbox"),
        _(
            "We sent a mail to the address you gave. Follow its link to finish "
            "signing up. If nothing arrives within a few minutes, look in your "
            "spam folder or try again."
        ),
    )


def _new_account(request: HttpRequest, claim: SignupClaim) -> HttpResponse:
    """The form where a proven address chooses a name and a password."""
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finish_signup(
                claim=claim,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password"],
            )
        except InvalidInput as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your account is ready. Sign in to start."))
            return redirect(
                f"{reverse('accounts:login')}?{urlencode({'email': claim.email})}"
            )
    status = 400 if form.errors else 200
    return render(
        request,
        "accounts/new_account.html",
        {"form": form, "email": claim.email},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def sign_up_finish(request: HttpRequest, token: str) -> HttpResponse:
    return _new_account(request, read_signup_token(token))


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    return _new_account(
        request, SignupClaim(email=invitation.email, invitation_id=invitation.pk)
    )


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_password_reset(
                email=form.cleaned_data["email"], requested_from=client_ip(request)
            )
        except InvalidInput as error:
            add_service_errors(form, error)
        else:
            return redirect("accounts:password-reset-sent")
    status = 400 if form.errors else 200
    return render(
        request, "accounts/password_reset.html", {"form": form}, status=status
    )


@require_safe
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return _notice(
        request,
        _("Check your inbox"),
        _(
            "If the address has an account, a mail with a link to choose a new "
            "password is on its way. The link works once."
        ),
    )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_set.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")
    extra_context = {"title": gettext_lazy("Choose a new password")}

    def form_valid(self, form):
        # Whoever knew the old password may have made tokens with it: they
        # end with it, in the same transaction.
        with transaction.atomic():
            response = super().form_valid(form)
            services.revoke_all_access_tokens(person=form.user)
        return response


@require_safe
def password_reset_complete(request: HttpRequest) -> HttpResponse:
    messages.success(request, _("Your password has been changed. Sign in with it."))
    return redirect("accounts:login")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password; every other session of the person ends."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("feeds:home")
    extra_context = {"title": gettext_lazy("Change your password")}

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            revoked = services.revoke_all_access_tokens(person=form.user)
        messages.success(self.request, _("Your password has been changed."))
        if revoked:
            messages.warning(
                self.request,
                _(
                    "Your access tokens were revoked with the old password. "
                    "Create new ones for your scripts."
                ),
            )
        return response


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def access_tokens(request: HttpRequest) -> HttpResponse:
    """One's access tokens, and the form that makes a new one.

    A new token's secret is in the answer to the POST itself, never in a
    URL, a redirect or the session, and the answer is not cached: once the
    page is left, the secret is gone.
    """
    viewer = signed_in(request)
    form = AccessTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.create_access_token(
                person=viewer,
                created_by=viewer,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except InvalidInput as error:
            add_service_errors(form, error)
        else:
            created = {"token": token, "secret": secret}
            form = AccessTokenForm()
    page = selectors.own_access_tokens(viewer, cursor=request.GET.get("cursor"))
    context = {"form": form, "page": page, "created": created}
    status = 400 if form.errors else 200
    return render(request, "accounts/tokens.html", context, status=status)


@require_POST
@login_required
def access_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    token = selectors.access_own_token(viewer, pk)
    services.revoke_access_token(token=token, revoked_by=viewer)
    messages.success(
        request, _("The token is revoked: scripts using it are refused from now on.")
    )
    return redirect("accounts:tokens")
