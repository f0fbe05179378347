from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing up, in and out; passwords; invitations; the sign-up policy."""

    name = "commonplace.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
