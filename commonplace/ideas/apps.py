from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    """The idea trip: ideas, their supporters, stages and decisions."""

    name = "commonplace.ideas"
    label = "ideas"
    verbose_name = _("Ideas")
