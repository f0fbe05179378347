from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The JSON API: one NinjaAPI object, each app contributing a router."""

    name = "commonplace.api"
    label = "api"
    verbose_name = _("API")
