"""Who should get what from a community's routes, stated independently of
the policy, so the access matrix checks the policy instead of repeating it.

Each function answers for (visibility, viewer kind) in the test world,
where the guest, member, moderator, leader and owner hold that role in the
community and everyone else holds none.
"""

from __future__ import annotations

from collections.abc import Callable

from commonplace.core.access import (
    ADMINISTRATOR,
    ANONYMOUS,
    COMMUNITY_MANAGER,
    COMMUNITY_ROLES,
    GUEST,
    LEADER,
    MEMBER,
    MODERATOR,
    OUTSIDER,
    OWNER,
    CommunityExpectation,
)

Allowed = Callable[[str, str], bool]

RANK = {GUEST: 1, MEMBER: 2, MODERATOR: 3, LEADER: 4, OWNER: 5}


def is_member(viewer: str) -> bool:
    return viewer in COMMUNITY_ROLES


def at_least(role: str) -> Allowed:
    """Allowed for members holding `role` or a higher one."""
    return lambda visibility, viewer: RANK.get(viewer, 0) >= RANK[role]


def sees(visibility: str, viewer: str) -> bool:
    """Name, purpose, leaders: members; overseers; insiders unless secret."""
    if is_member(viewer) or viewer in (ADMINISTRATOR, COMMUNITY_MANAGER):
        return True
    return viewer == OUTSIDER and visibility != "secret"


def reads(visibility: str, viewer: str) -> bool:
    """Content and members: members; insiders of public communities."""
    if is_member(viewer):
        return True
    insider = viewer in (OUTSIDER, ADMINISTRATOR, COMMUNITY_MANAGER)
    return insider and visibility == "public"


def page(
    allowed: Allowed, ok: int = 200, refused: int | None = None
) -> CommunityExpectation:
    """A page: anonymous visitors are sent to sign in; those who may not
    even see the community get 404; those who see it but may not do this
    get `refused` (404 unless given)."""

    def expect(visibility: str, viewer: str) -> int:
        if viewer == ANONYMOUS:
            return 302
        if allowed(visibility, viewer):
            return ok
        if refused is not None and sees(visibility, viewer):
            return refused
        return 404

    return expect


def api(
    allowed: Allowed, ok: int = 200, refused: int | None = None
) -> CommunityExpectation:
    """The same for an API operation, where anonymous callers get 401."""
    as_page = page(allowed, ok, refused)

    def expect(visibility: str, viewer: str) -> int:
        return 401 if viewer == ANONYMOUS else as_page(visibility, viewer)

    return expect
