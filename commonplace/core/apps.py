from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app stands on: errors, pagination, time, background work."""

    name = "commonplace.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from commonplace.core import lookups  # noqa: F401 - registers `any_of`
