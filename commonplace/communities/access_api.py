"""What each viewer gets from the communities API.

Anonymous callers get 401 everywhere; a community the viewer cannot see
answers 404; one they see but may not act on answers 403 where the
operation is a change, 404 where it reads something they may not read.
"""

from __future__ import annotations

from commonplace.communities.access_common import (
    api,
    at_least,
    is_member,
    reads,
    sees,
)
from commonplace.core.access import (
    ADMINISTRATOR,
    ANONYMOUS,
    API_MEMBERS_ONLY,
    API_SIGNED_IN,
    COMMUNITY_MANAGER,
    EXTERNAL,
    LEADER,
    MEMBER,
    OUTSIDER,
    OWNER,
    CommunityExpectation,
    Route,
)

JSON = "application/json"
# Anyone who may start a community: the organisation's members, not externals.
API_STARTS = {ANONYMOUS: 401, MEMBER: 201, EXTERNAL: 403, ADMINISTRATOR: 201}
# Another address's invitation does not exist for the caller.
API_NOBODYS = {ANONYMOUS: 401, MEMBER: 404, EXTERNAL: 404, ADMINISTRATOR: 404}
# Insiders who belong to no community in the world.
NON_MEMBER_INSIDERS = (OUTSIDER, ADMINISTRATOR, COMMUNITY_MANAGER)
MANAGES = at_least(LEADER)


def _slug(world):
    return {"slug": world.community.slug}


def _member(world):
    return {"slug": world.community.slug, "membership_id": world.membership.pk}


def _join_request(world):
    return {"slug": world.community.slug, "request_id": world.join_request.pk}


def joins(visibility: str, viewer: str) -> bool:
    """Public communities take every insider; members are already in."""
    return is_member(viewer) or (
        visibility == "public" and viewer in NON_MEMBER_INSIDERS
    )


def requests_to_join(visibility: str, viewer: str) -> bool:
    """Private communities take requests from insiders who are not in."""
    return visibility == "private" and viewer in NON_MEMBER_INSIDERS


def leaves(visibility: str, viewer: str) -> int:
    """Leaving answers 204, even for someone not in; the only owner stays."""
    if viewer == ANONYMOUS:
        return 401
    if not sees(visibility, viewer):
        return 404
    return 400 if viewer == OWNER else 204


def manages_a_member(ok: int) -> CommunityExpectation:
    """Owners and leaders act on a member; readers who may not get 403;
    those who may not read the members do not find the membership."""

    def expect(visibility: str, viewer: str) -> int:
        if viewer == ANONYMOUS:
            return 401
        if MANAGES(visibility, viewer):
            return ok
        return 403 if reads(visibility, viewer) else 404

    return expect


API_ROUTES = [
    Route("api:communities", expect=API_MEMBERS_ONLY),
    Route(
        "api:communities",
        method="POST",
        expect=API_STARTS,
        data=lambda w: {
            "name": "Platform guild",
            "purpose": "Running the platform together.",
            "kind": "practice",
        },
        content_type=JSON,
    ),
    Route("api:my-communities", expect=API_SIGNED_IN),
    Route("api:community", expect_in_community=api(sees), kwargs=_slug),
    Route(
        "api:community",
        method="PATCH",
        expect_in_community=api(MANAGES, refused=403),
        kwargs=_slug,
        data=lambda w: {"purpose": "A clearer purpose."},
        content_type=JSON,
    ),
    Route(
        "api:community-join",
        method="POST",
        expect_in_community=api(joins, refused=403),
        kwargs=_slug,
    ),
    Route(
        "api:community-leave", method="POST", expect_in_community=leaves, kwargs=_slug
    ),
    Route(
        "api:community-follow",
        method="POST",
        expect_in_community=api(reads, ok=204, refused=403),
        kwargs=_slug,
    ),
    Route(
        "api:community-follow",
        method="DELETE",
        expect_in_community=api(sees, ok=204),
        kwargs=_slug,
    ),
    Route("api:community-members", expect_in_community=api(reads), kwargs=_slug),
    Route(
        "api:community-member",
        method="PATCH",
        expect_in_community=manages_a_member(200),
        kwargs=_member,
        data=lambda w: {"role": "moderator"},
        content_type=JSON,
    ),
    Route(
        "api:community-member",
        method="DELETE",
        expect_in_community=manages_a_member(204),
        kwargs=_member,
    ),
    Route(
        "api:community-join-requests",
        expect_in_community=api(MANAGES),
        kwargs=_slug,
    ),
    Route(
        "api:community-join-requests",
        method="POST",
        expect_in_community=api(requests_to_join, ok=201, refused=403),
        kwargs=_slug,
        data=lambda w: {"message": "I run the build farm."},
        content_type=JSON,
    ),
    Route(
        "api:community-join-request-approve",
        method="POST",
        expect_in_community=api(MANAGES),
        kwargs=_join_request,
    ),
    Route(
        "api:community-join-request-decline",
        method="POST",
        expect_in_community=api(MANAGES),
        kwargs=_join_request,
    ),
    Route(
        "api:community-invitations",
        expect_in_community=api(MANAGES),
        kwargs=_slug,
    ),
    Route(
        "api:community-invitations",
        method="POST",
        expect_in_community=api(MANAGES, ok=201, refused=403),
        kwargs=_slug,
        data=lambda w: {"email": "newcomer@example.org", "role": "member"},
        content_type=JSON,
    ),
    Route("api:my-community-invitations", expect=API_SIGNED_IN),
    Route(
        "api:my-community-invitation-accept",
        method="POST",
        expect=API_NOBODYS,
        kwargs=lambda w: {"invitation_id": w.invitations["public"].pk},
        label="another address's invitation",
    ),
    Route(
        "api:community-administrator-join",
        method="POST",
        expect_in_community=api(
            lambda visibility, viewer: viewer == ADMINISTRATOR, refused=403
        ),
        kwargs=_slug,
        data=lambda w: {"reason": "A member reported harassment here."},
        content_type=JSON,
    ),
    Route(
        "api:community-audit",
        expect_in_community=api(
            lambda visibility, viewer: viewer in (OWNER, ADMINISTRATOR)
        ),
        kwargs=_slug,
    ),
]
