from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """People, their profiles and their connections."""

    name = "commonplace.people"
    label = "people"
    verbose_name = _("People")
