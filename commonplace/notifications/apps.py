from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Notifications: what concerns a person, told in the header."""

    name = "commonplace.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Each app registers its notification kinds in `<app>/notifying.py`.
        autodiscover_modules("notifying")
