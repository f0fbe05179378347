from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    """Topics: one vocabulary for skills, posts, expertise and ideas."""

    name = "commonplace.topics"
    label = "topics"
    verbose_name = _("Topics")
