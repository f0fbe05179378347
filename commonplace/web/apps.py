from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The pages' shared layout, design system and error pages."""

    name = "commonplace.web"
    label = "web"
    verbose_name = _("Web")
