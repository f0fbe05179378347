"""The shapes of communities, memberships, requests and invitations in the API.

What depends on the caller (`my_role`, `can`, `is_following`) is decided by
the policy and the selectors; the schemas only read it out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from ninja import Field, Schema

from commonplace import permissions
from commonplace.communities import selectors
from commonplace.communities.models import (
    Community,
    JoinRequest,
    Kind,
    Role,
    Visibility,
)
from commonplace.people.models import User
from commonplace.people.schemas import PageQuery, PersonSummaryOut, TopicSummaryOut

# What the caller may do to a community, each decided by the policy's rule
# "community.<name>".
ABILITIES = (
    "see",
    "read",
    "join",
    "request_to_join",
    "follow",
    "start_thread",
    "reply",
    "moderate",
    "manage",
    "see_audit",
    "join_as_administrator",
)


def _viewer(context: dict[str, Any]) -> User | AnonymousUser:
    return context["request"].user


class PersonRefOut(Schema):
    """A person named in passing: a leader, an inviter, an actor."""

    id: int
    display_name: str


# --- Communities -----------------------------------------------------------------


class CommunitySummaryOut(Schema):
    """A community as a list shows it."""

    id: int
    slug: str
    name: str
    kind: Kind
    visibility: Visibility
    purpose: str
    member_count: int
    topics: list[TopicSummaryOut]
    leaders: list[PersonRefOut]
    my_role: Role | None = Field(
        None, description="The caller's role in the community; null if none."
    )

    @staticmethod
    def resolve_topics(community: Community) -> list[Any]:
        return list(community.topics.all())

    @staticmethod
    def resolve_leaders(community: Community) -> list[User]:
        return [membership.person for membership in selectors.leaders_of(community)]

    @staticmethod
    def resolve_my_role(community: Community, context: dict[str, Any]) -> str | None:
        return permissions.community_standing(_viewer(context), community).role


class AbilitiesOut(Schema):
    """What the caller may do here now; each answer comes from the policy."""

    see: bool
    read: bool
    join: bool
    request_to_join: bool
    follow: bool
    start_thread: bool
    reply: bool
    moderate: bool
    manage: bool
    see_audit: bool
    join_as_administrator: bool


class CommunityOut(CommunitySummaryOut):
    """One community, with what the caller may do in it."""

    goal: str
    allows_externals: bool
    cover_colour: str
    created_at: datetime
    can: AbilitiesOut
    is_following: bool
    has_pending_join_request: bool

    @staticmethod
    def resolve_can(community: Community, context: dict[str, Any]) -> dict[str, bool]:
        viewer = _viewer(context)
        return {
            ability: permissions.can(viewer, f"community.{ability}", community)
            for ability in ABILITIES
        }

    @staticmethod
    def resolve_is_following(community: Community, context: dict[str, Any]) -> bool:
        return selectors.is_following_community(_viewer(context), community)

    @staticmethod
    def resolve_has_pending_join_request(
        community: Community, context: dict[str, Any]
    ) -> bool:
        return selectors.my_join_request(_viewer(context), community) is not None


class CommunityPageOut(Schema):
    items: list[CommunitySummaryOut]
    next_cursor: str | None


class CommunityIn(Schema):
    """A new community. Anything else sent (owner, member_count, created_by,
    role...) is ignored: the starter becomes its first owner."""

    name: str = Field(..., description="Unique, at most 80 characters.")
    purpose: str = Field(..., description="What the community is for.")
    kind: Kind
    goal: str = Field("", description="Required for a goal community.")
    visibility: Visibility = Visibility.PUBLIC
    allows_externals: bool = False
    topics: list[str] = Field(
        default_factory=list, description="Topic names; unknown ones are created."
    )
    cover_colour: str | None = Field(
        None, description="One of the palette's colours, e.g. #1f5fbf."
    )


class CommunityPatch(Schema):
    """What owners and leaders may change; leave out what stays.

    `topics` replaces the whole list. Other fields are ignored.
    """

    name: str | None = None
    purpose: str | None = None
    kind: Kind | None = None
    goal: str | None = None
    visibility: Visibility | None = None
    allows_externals: bool | None = None
    topics: list[str] | None = None
    cover_colour: str | None = None


class CommunityQuery(PageQuery):
    """The directory's filters; each is optional."""

    q: str = Field("", max_length=150, description="Part of a name or purpose")
    kind: Kind | None = None
    topic: str = Field("", max_length=100, description="A topic's slug or name")
    sort: Literal["size", "newest"] = "size"


# --- Members -----------------------------------------------------------------------


class MemberOut(Schema):
    """One person's membership: its id is the membership's, not the person's."""

    id: int
    person: PersonSummaryOut
    role: Role
    joined_at: datetime


class MemberPageOut(Schema):
    items: list[MemberOut]
    next_cursor: str | None


class MemberQuery(PageQuery):
    q: str = Field("", max_length=150, description="Part of a name")
    role: Role | None = None


class RoleIn(Schema):
    role: Role


# --- Join requests -------------------------------------------------------------------


class JoinRequestIn(Schema):
    message: str = Field("", description="At most 1000 characters.")


class JoinRequestOut(Schema):
    id: int
    person: PersonSummaryOut
    message: str
    status: JoinRequest.Status
    created_at: datetime
    decided_at: datetime | None


class JoinRequestPageOut(Schema):
    items: list[JoinRequestOut]
    next_cursor: str | None


# --- Invitations ------------------------------------------------------------------


class InvitationIn(Schema):
    """An invitation by address. For an address without an account,
    `as_external` and `organisation` say whom the new account is for."""

    email: str = Field(..., max_length=254)
    role: Role = Role.MEMBER
    as_external: bool = False
    organisation: str = Field("", max_length=100)


class InvitationOut(Schema):
    """An invitation; its link's token is never shown again after mailing."""

    id: int
    email: str
    role: Role
    as_external: bool
    organisation: str
    invited_by: PersonRefOut | None
    created_at: datetime
    expires_at: datetime
    is_usable: bool


class InvitationPageOut(Schema):
    items: list[InvitationOut]
    next_cursor: str | None


class CommunityRefOut(Schema):
    slug: str
    name: str


class MyInvitationOut(Schema):
    """An invitation waiting for the caller's address."""

    id: int
    community: CommunityRefOut
    role: Role
    invited_by: PersonRefOut | None
    created_at: datetime
    expires_at: datetime


class MyInvitationPageOut(Schema):
    items: list[MyInvitationOut]
    next_cursor: str | None


class AdministratorJoinIn(Schema):
    reason: str = Field(
        ..., description="Why you enter; the community's owners read it."
    )


# --- Audit ---------------------------------------------------------------------------


class AuditEntryOut(Schema):
    id: int
    actor: PersonRefOut | None
    action: str
    target_type: str
    target_id: str
    target_label: str
    before: dict[str, Any]
    after: dict[str, Any]
    created_at: datetime


class AuditPageOut(Schema):
    items: list[AuditEntryOut]
    next_cursor: str | None
