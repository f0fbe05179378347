"""Notifications in the API: the list, the unread count, marking read and
the per-kind preferences. Another person's notification answers 404,
exactly like one that does not exist."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from commonplace.api.auth import acting_person
from commonplace.api.errors import with_errors
from commonplace.core.pagination import Page
from commonplace.notifications import selectors, services
from commonplace.notifications.schemas import (
    MarkedOut,
    NotificationPageOut,
    NotificationQuery,
    PreferencesIn,
    PreferencesOut,
    UnreadCountOut,
)
from commonplace.notifications.selectors import ShownNotification

router = Router(tags=["notifications"])


@router.get(
    "/notifications",
    response=with_errors(200, NotificationPageOut),
    url_name="notifications",
)
def list_notifications(
    request: HttpRequest, query: Query[NotificationQuery]
) -> Page[ShownNotification]:
    """One's notifications, most recent activity first."""
    return selectors.notification_page(
        acting_person(request),
        cursor=query.cursor,
        size=query.size,
        unread_only=query.unread,
    )


@router.get(
    "/notifications/unread-count",
    response=with_errors(200, UnreadCountOut),
    url_name="notifications-unread",
)
def unread_count(request: HttpRequest) -> dict[str, object]:
    """What the badge shows: unread notifications one may still see."""
    count = selectors.unread_count(acting_person(request))
    return {
        "unread": count,
        "more": count > selectors.UNREAD_COUNT_CAP,
    }


@router.post(
    "/notifications/read-all",
    response=with_errors(200, MarkedOut),
    url_name="notifications-read-all",
)
def read_all(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.mark_all_read(person=acting_person(request))}


@router.post(
    "/notifications/{notification_id}/read",
    response=with_errors(204, None),
    url_name="notification-read",
)
def read_one(request: HttpRequest, notification_id: int) -> Status[None]:
    viewer = acting_person(request)
    selectors.access_notification(viewer, notification_id)
    services.mark_read(person=viewer, notification_id=notification_id)
    return Status(204, None)


def _preferences(request: HttpRequest) -> dict[str, object]:
    return {"kinds": selectors.preferences_of(acting_person(request))}


@router.get(
    "/notifications/preferences",
    response=with_errors(200, PreferencesOut),
    url_name="notification-preferences",
)
def get_preferences(request: HttpRequest) -> dict[str, object]:
    """Every kind of notification, with whether one receives it in the app."""
    return _preferences(request)


@router.put(
    "/notifications/preferences",
    response=with_errors(200, PreferencesOut),
    url_name="notification-preferences",
)
def set_preferences(request: HttpRequest, payload: PreferencesIn) -> dict[str, object]:
    """Turn kinds on or off; kinds left out keep their setting. An unknown
    kind refuses the whole change (400)."""
    services.set_preferences(person=acting_person(request), in_app=payload.in_app)
    return _preferences(request)
