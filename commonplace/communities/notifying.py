"""The notifications communities give: invitations and requests to join.

An invitation is visible to the person whose address it names while it
can still be accepted; a request to join, to the community's owners and
leaders while it waits for their decision.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonplace import permissions
from commonplace.communities.models import CommunityInvitation, JoinRequest
from commonplace.communities.selectors import managed_communities
from commonplace.notifications.models import Notification
from commonplace.notifications.registry import (
    Kind,
    Target,
    register_kind,
    register_target,
)


def _my_invitations(viewer: permissions.Viewer) -> QuerySet[CommunityInvitation]:
    if not permissions.is_signed_in(viewer) or not viewer.email:
        return CommunityInvitation.objects.none()
    return CommunityInvitation.objects.filter(
        email=viewer.email, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("community")


def _requests_to_decide(viewer: permissions.Viewer) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(
        status=JoinRequest.Status.PENDING, community__in=managed_communities(viewer)
    ).select_related("community", "person")


register_target(
    Target(
        name="communityinvitation",
        visible=_my_invitations,
        url=lambda invitation: reverse("communities:mine"),
    )
)
register_target(
    Target(
        name="joinrequest",
        visible=_requests_to_decide,
        url=lambda join_request: reverse(
            "communities:manage", kwargs={"slug": join_request.community.slug}
        ),
    )
)


def _invited(notification: Notification, invitation: CommunityInvitation) -> str:
    name = notification.actor.display_name if notification.actor else _("Someone")
    return _("%(who)s invited you to join %(community)s") % {
        "who": name,
        "community": invitation.community.name,
    }


def _asked_to_join(notification: Notification, join_request: JoinRequest) -> str:
    return _("%(who)s asked to join %(community)s") % {
        "who": join_request.person.display_name,
        "community": join_request.community.name,
    }


register_kind(
    Kind(
        name="invited",
        label=gettext_lazy("You are invited to a community"),
        targets=("communityinvitation",),
        describe=_invited,
    )
)
register_kind(
    Kind(
        name="join_request",
        label=gettext_lazy("A request to join a community you lead"),
        targets=("joinrequest",),
        describe=_asked_to_join,
    )
)
