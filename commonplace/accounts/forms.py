"""Account forms: shape only; the services and Django's auth decide meaning."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from commonplace.accounts.models import ACCESS_TOKEN_NAME_LENGTH
from commonplace.core.ratelimit import check_rate, client_ip
from commonplace.people.models import MAX_NAME_LENGTH, UserManager

EMAIL_WIDGET = forms.EmailInput(attrs={"autocomplete": "email"})


class SignInForm(AuthenticationForm):
    """E-mail and password; the same answer for every failure.

    Attempts are counted per address and per IP before the password is
    checked, so guessing is slow and a known address costs the same as an
    unknown one.
    """

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("That e-mail address and password do not match an account."),
        "inactive": _("That e-mail address and password do not match an account."),
    }

    def clean(self):
        check_rate("login:ip", client_ip(self.request))
        check_rate(
            "login:account", UserManager.normalize_email(self.data.get("username"))
        )
        return super().clean()


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), max_length=254, widget=EMAIL_WIDGET
    )


class NewAccountForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        help_text=_("The name colleagues know you by."),
        max_length=MAX_NAME_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label=_("Password"),
        help_text=_("At least 10 characters; not a common password."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


NEVER = "never"


class AccessTokenForm(forms.Form):
    """Name and lifetime of a new access token; the service checks both."""

    name = forms.CharField(
        label=_("What is it for?"),
        help_text=_("For example the script that will use it."),
        max_length=ACCESS_TOKEN_NAME_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_in_days = forms.ChoiceField(
        label=_("Expires"),
        choices=[
            ("7", _("In 7 days")),
            ("30", _("In 30 days")),
            ("90", _("In 90 days")),
            ("365", _("In a year")),
            (NEVER, _("Never")),
        ],
        initial="30",
    )

    def clean_expires_in_days(self) -> int | None:
        value = self.cleaned_data["expires_in_days"]
        return None if value == NEVER else int(value)
