from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    """The home feed and the unanswered questions across communities."""

    name = "commonplace.feeds"
    label = "feeds"
    verbose_name = _("Feeds")
