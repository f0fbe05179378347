"""Account forms: shape only; the services and Django's auth decide meaning."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from commonplace.core.ratelimit import check_rate, client_ip
from commonplace.people.models import UserManager


class SignInForm(AuthenticationForm):
    """E-mail and password; the same answer for every failure.

    Attempts are counted per address and per IP before the password is
    checked, so guessing is slow and a known address costs the same as an
    unknown one.
    """

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("That e-mail address and password do not match an account."),
        "inactive": _("That e-mail address and password do not match an account."),
    }

    def clean(self):
        email = UserManager.normalize_email(self.data.get("username"))
        check_rate("login:ip", client_ip(self.request))
        check_rate("login:account", email)
        return super().clean()
