"""Who gets what from the notification pages and API.

Notifications are one's own: in the world below, the plain member was
mentioned in a post of the community, so the member sees it (where they
still read the community) and everyone else finds nothing. The list, the
badge and the preferences are for anyone signed in.
"""

from __future__ import annotations

import importlib

from commonplace.core.access import (
    ANONYMOUS,
    API_SIGNED_IN,
    MEMBER,
    SIGNED_IN,
    Route,
)

JSON = "application/json"


def _factories(module: str):
    """Test factories, imported only when the matrix runs."""
    return importlib.import_module(f"commonplace.{module}.tests.factories")


def _members_notification(world):
    post = _factories("knowledge").PostFactory(community=world.community)
    notification = _factories("notifications").NotificationFactory(
        recipient=world.member, target=post
    )
    return {"pk": notification.pk}


def _api_kwargs(world):
    return {"notification_id": _members_notification(world)["pk"]}


def only_the_recipient(ok: int, anonymous: int):
    """The member, whose notification it is, gets `ok`; others 404."""

    def expect(visibility: str, viewer: str) -> int:
        if viewer == ANONYMOUS:
            return anonymous
        return ok if viewer == MEMBER else 404

    return expect


ROUTES = [
    Route("notifications:list", expect=SIGNED_IN),
    Route("notifications:badge", expect={ANONYMOUS: 204, MEMBER: 200}),
    Route("notifications:preferences", expect=SIGNED_IN),
    Route(
        "notifications:preferences",
        method="POST",
        expect={ANONYMOUS: 302, MEMBER: 302},
        data=lambda world: {"mentioned": "on", "answered": "on"},
    ),
    Route(
        "notifications:read-all", method="POST", expect={ANONYMOUS: 302, MEMBER: 302}
    ),
    Route(
        "notifications:open",
        method="POST",
        expect_in_community=only_the_recipient(302, 302),
        kwargs=_members_notification,
    ),
    Route(
        "notifications:read",
        method="POST",
        expect_in_community=only_the_recipient(302, 302),
        kwargs=_members_notification,
    ),
    Route("api:notifications", expect=API_SIGNED_IN),
    Route("api:notifications-unread", expect=API_SIGNED_IN),
    Route("api:notifications-read-all", method="POST", expect=API_SIGNED_IN),
    Route(
        "api:notification-read",
        method="POST",
        expect_in_community=only_the_recipient(204, 401),
        kwargs=_api_kwargs,
    ),
    Route("api:notification-preferences", expect=API_SIGNED_IN),
    Route(
        "api:notification-preferences",
        method="PUT",
        expect=API_SIGNED_IN,
        data=lambda world: {"in_app": {"reacted": False}},
        content_type=JSON,
    ),
]
