"""Reading notifications: only what the reader may still see, rendered now.

Visibility is decided inside the query, by each target type's registered
policy, so the unread count never counts what the list would not show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from commonplace import permissions
from commonplace.core.compiled import Compiled
from commonplace.core.errors import NotFound
from commonplace.core.pagination import Page, paginate
from commonplace.notifications import registry
from commonplace.notifications.models import Notification, NotificationPreference
from commonplace.people.models import User

NEWEST_FIRST = ("-updated_at", "-id")
# The badge says "99+" beyond this: counting further costs and tells nothing.
UNREAD_COUNT_CAP = 99


@dataclass(frozen=True)
class ShownNotification:
    """A notification as its reader sees it now."""

    id: int
    kind: str
    text: str
    url: str
    actor: User | None
    actor_count: int
    created_at: datetime
    updated_at: datetime
    read_at: datetime | None

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


def _visible_filter(viewer: User, types: Iterable[str] | None = None) -> Q:
    """Notifications whose target the viewer may still see, as one filter;
    only of the target `types` named, when named."""
    condition = Q(pk__in=[])
    targets = registry.targets() if types is None else map(registry.target, types)
    for target in targets:
        still_visible = target.visible(viewer).filter(pk=OuterRef("target_id"))
        condition |= Q(target_type=target.name) & Q(Exists(still_visible))
    return condition


def visible_notifications(viewer: permissions.Viewer) -> QuerySet[Notification]:
    """The viewer's own notifications that they may still see."""
    if not permissions.is_signed_in(viewer):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=viewer).filter(_visible_filter(viewer))


def _unread_types_of(person_id: int) -> QuerySet[Notification, tuple[str]]:
    unread = Notification.objects.filter(recipient_id=person_id, read_at__isnull=True)
    return unread.values_list("target_type").distinct()


# Which target types a person's unread notifications have: every page asks
# (core.compiled).
_UNREAD_TYPES = Compiled(Notification, _unread_types_of, int)


def unread_count(viewer: permissions.Viewer) -> int:
    """Unread visible notifications, counted up to one past the cap.

    Every page and the badge poll ask, so the cheap question comes first:
    which target types the unread notifications have (none, mostly). Only
    those types' visibility is then built into the count: building every
    registered type's filter cost ten times the queries themselves.
    """
    if not permissions.is_signed_in(viewer):
        return 0
    types = [target_type for (target_type,) in _UNREAD_TYPES.tuples(viewer.pk)]
    if not types:
        return 0
    unread = Notification.objects.filter(recipient=viewer, read_at__isnull=True)
    visible = unread.filter(_visible_filter(viewer, types))
    return visible[: UNREAD_COUNT_CAP + 1].count()


def notification_page(
    viewer: permissions.Viewer,
    *,
    cursor: str | None = None,
    size: int = 20,
    unread_only: bool = False,
) -> Page[ShownNotification]:
    """A page of the viewer's notifications, newest first, rendered now.

    One query for the page and one per target type on it, whatever the
    number of notifications.
    """
    rows = visible_notifications(viewer).select_related("actor")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    page = paginate(rows, ordering=NEWEST_FIRST, cursor=cursor, size=size)
    if not permissions.is_signed_in(viewer):
        return Page(items=[], next_cursor=None)
    targets = _targets_of(viewer, page.items)
    shown = []
    for notification in page.items:
        item = targets.get((notification.target_type, notification.target_id))
        if item is not None:
            shown.append(_shown(notification, item))
    return Page(items=shown, next_cursor=page.next_cursor)


def _targets_of(
    viewer: User, notifications: list[Notification]
) -> dict[tuple[str, int], Any]:
    """The still-visible targets of `notifications`, one query per type."""
    wanted: dict[str, set[int]] = {}
    for notification in notifications:
        wanted.setdefault(notification.target_type, set()).add(notification.target_id)
    found: dict[tuple[str, int], Any] = {}
    for name, ids in wanted.items():
        for item in registry.target(name).visible(viewer).filter(pk__in=ids):
            found[(name, item.pk)] = item
    return found


def _shown(notification: Notification, item: Any) -> ShownNotification:
    kind = registry.kind(notification.kind)
    return ShownNotification(
        id=notification.pk,
        kind=notification.kind,
        text=kind.describe(notification, item),
        url=registry.target(notification.target_type).url(item),
        actor=notification.actor,
        actor_count=notification.actor_count,
        created_at=notification.created_at,
        updated_at=notification.updated_at,
        read_at=notification.read_at,
    )


def access_notification(
    viewer: permissions.Viewer, notification_id: int
) -> Notification:
    """One of the viewer's own visible notifications, or NotFound."""
    notification = visible_notifications(viewer).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound
    return notification


def shown_notification(
    viewer: permissions.Viewer, notification_id: int
) -> ShownNotification:
    """One of the viewer's notifications as they see it now, or NotFound."""
    notification = access_notification(viewer, notification_id)
    if not permissions.is_signed_in(viewer):
        raise NotFound
    targets = _targets_of(viewer, [notification])
    item = targets.get((notification.target_type, notification.target_id))
    if item is None:
        raise NotFound
    return _shown(notification, item)


@dataclass(frozen=True)
class KindChoice:
    name: str
    label: str
    in_app: bool


def preferences_of(viewer: User) -> list[KindChoice]:
    """Every kind with the viewer's choice for it (or its default)."""
    chosen = dict(
        NotificationPreference.objects.filter(person=viewer).values_list(
            "kind", "in_app"
        )
    )
    return [
        KindChoice(
            name=kind.name,
            label=str(kind.label),
            in_app=chosen.get(kind.name, kind.default_in_app),
        )
        for kind in registry.kinds()
    ]
