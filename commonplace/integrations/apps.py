from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """Bringing knowledge in from other systems, and later sending it out."""

    name = "commonplace.integrations"
    label = "integrations"
    verbose_name = _("Integrations")
