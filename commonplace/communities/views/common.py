"""What every community page shares: constants and small helpers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from commonplace.communities.models import (
    COVER_COLOURS,
    Kind,
    Role,
    Visibility,
)

COVER_CACHE_CONTROL = "private, max-age=3600"
# The feed's second view: questions that have no accepted answer yet.
FEED_UNANSWERED = "unanswered"
LEADERS_ON_A_CARD = 3
ROLE_LABELS = dict(Role.choices)

# What an audit entry's action code means, as a phrase after the actor's name.
ACTION_LABELS = {
    "community.start": gettext_lazy("started the community"),
    "community.change": gettext_lazy("changed the community's details"),
    "membership.join": gettext_lazy("joined"),
    "membership.leave": gettext_lazy("left"),
    "membership.approve": gettext_lazy("approved a request to join"),
    "membership.accept_invitation": gettext_lazy("joined by invitation"),
    "membership.role": gettext_lazy("changed a role"),
    "membership.remove": gettext_lazy("removed a member"),
    "membership.administrator_join": gettext_lazy("entered as an administrator"),
    "invitation.create": gettext_lazy("invited someone"),
}
FIELD_LABELS = {
    "role": gettext_lazy("Role"),
    "reason": gettext_lazy("Reason"),
    "email": gettext_lazy("E-mail address"),
    "name": gettext_lazy("Name"),
    "purpose": gettext_lazy("Purpose"),
    "kind": gettext_lazy("Kind"),
    "goal": gettext_lazy("Goal"),
    "visibility": gettext_lazy("Visibility"),
    "allows_externals": gettext_lazy("External members may be invited"),
    "cover_colour": gettext_lazy("Cover colour"),
}
VALUE_LABELS: dict[str, dict[Any, Any]] = {
    "role": ROLE_LABELS,
    "kind": dict(Kind.choices),
    "visibility": dict(Visibility.choices),
    "cover_colour": dict(COVER_COLOURS),
    "allows_externals": {True: gettext_lazy("Yes"), False: gettext_lazy("No")},
}
