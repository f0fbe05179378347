from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Posts, questions and answers, comments, reactions, revisions, reports."""

    name = "commonplace.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")
