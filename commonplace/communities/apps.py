from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    """Communities, memberships, roles, join requests and invitations."""

    name = "commonplace.communities"
    label = "communities"
    verbose_name = _("Communities")
