from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertiseConfig(AppConfig):
    """Who knows what, from what people contributed, and who to ask."""

    name = "commonplace.expertise"
    label = "expertise"
    verbose_name = _("Expertise")
