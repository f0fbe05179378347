"""The notification a request for help gives, and what it points at.

It points at the request itself, visible to the person asked while they
may read the question: losing access to the community, or the question
being removed, takes the notification away with it.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonplace import permissions
from commonplace.expertise.models import HelpRequest
from commonplace.knowledge.notifying import title_of, who
from commonplace.knowledge.selectors import readable_posts
from commonplace.notifications.models import Notification
from commonplace.notifications.registry import (
    Kind,
    Target,
    register_kind,
    register_target,
)


def _requests(viewer: permissions.Viewer) -> QuerySet[HelpRequest]:
    if not permissions.is_signed_in(viewer):
        return HelpRequest.objects.none()
    return HelpRequest.objects.filter(
        person=viewer, post__in=readable_posts(viewer)
    ).select_related("post", "post__community", "via_community")


def _url(request: HelpRequest) -> str:
    post = reverse("knowledge:post", kwargs={"pk": request.post_id})
    return f"{post}?help={request.pk}"


def _requested(notification: Notification, request: HelpRequest) -> str:
    title = title_of(request.post)
    if request.source == HelpRequest.Source.ROUTING:
        return _(
            "A question in %(community)s is waiting for someone who knows: “%(title)s”"
        ) % {"community": request.post.community.name, "title": title}
    if request.via_community is not None:
        return _("%(who)s asked %(community)s for help with “%(title)s”") % {
            "who": who(notification),
            "community": request.via_community.name,
            "title": title,
        }
    return _("%(who)s asked for your help with “%(title)s”") % {
        "who": who(notification),
        "title": title,
    }


register_target(Target(name="helprequest", visible=_requests, url=_url))
register_kind(
    Kind(
        name="help_requested",
        label=gettext_lazy("Someone asks for your help with a question"),
        targets=("helprequest",),
        describe=_requested,
    )
)
