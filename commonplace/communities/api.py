"""Communities in the API: the directory, joining, members, requests,
invitations and the audit trail.

Every operation needs a signed-in person. A community the caller may not
see answers 404, exactly like one that does not exist; one they see but
may not act on answers 403. The directory is the organisation's: external
members get 404 there and reach their own communities through
`/me/communities` (under /me, so that no community's address can hide it).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from commonplace.api.auth import acting_person
from commonplace.api.errors import with_errors
from commonplace.communities import selectors, services
from commonplace.communities.models import (
    Community,
    CommunityInvitation,
    JoinRequest,
    Membership,
)
from commonplace.communities.schemas import (
    AdministratorJoinIn,
    AuditPageOut,
    CommunityIn,
    CommunityOut,
    CommunityPageOut,
    CommunityPatch,
    CommunityQuery,
    InvitationIn,
    InvitationOut,
    InvitationPageOut,
    JoinRequestIn,
    JoinRequestOut,
    JoinRequestPageOut,
    MemberOut,
    MemberPageOut,
    MemberQuery,
    MyInvitationPageOut,
    RoleIn,
)
from commonplace.core.models import AuditEntry
from commonplace.core.pagination import Page
from commonplace.people import selectors as people_selectors
from commonplace.people import services as people_services
from commonplace.people.models import User
from commonplace.people.schemas import PageQuery

router = Router(tags=["communities"])


def _community(viewer: User, slug: str) -> Community:
    """The community at `slug`; a slug no community could have (one with a
    NUL character, which no database column holds) is simply not found."""
    return selectors.access_community(viewer, slug)


# --- The directory and one's own communities ------------------------------------


@router.get(
    "/communities", response=with_errors(200, CommunityPageOut), url_name="communities"
)
def list_communities(
    request: HttpRequest, query: Query[CommunityQuery]
) -> Page[Community]:
    """The directory: communities near one's colleagues first, then by size
    (or newest). Every filter is optional; an unknown topic matches none."""
    viewer = acting_person(request)
    topic = people_selectors.find_topic(query.topic)
    filters = selectors.CommunityFilters(
        text=query.q, kind=query.kind or "", topic=topic, sort=query.sort
    )
    page = selectors.community_directory(
        viewer, filters, cursor=query.cursor, size=query.size
    )
    if query.topic.strip() and topic is None:
        return Page(items=[], next_cursor=None)
    return page


@router.get(
    "/me/communities",
    response=with_errors(200, CommunityPageOut),
    url_name="my-communities",
)
def list_my_communities(request: HttpRequest) -> Page[Community]:
    """The communities the caller belongs to, by name, all on one page."""
    return Page(
        items=selectors.my_communities(acting_person(request)), next_cursor=None
    )


@router.post(
    "/communities", response=with_errors(201, CommunityOut), url_name="communities"
)
def start_community(request: HttpRequest, payload: CommunityIn) -> Status[Community]:
    """Start a community; the caller becomes its first owner.

    Anything not in the body's schema (owner, role, member_count,
    created_by...) is ignored.
    """
    viewer = acting_person(request)
    details = payload.model_dump(mode="json", exclude={"topics"})
    if details["cover_colour"] is None:
        del details["cover_colour"]
    community = services.start_community(
        started_by=viewer, topics=payload.topics, **details
    )
    return Status(201, _community(viewer, community.slug))


# --- One community ----------------------------------------------------------------


@router.get(
    "/communities/{slug}", response=with_errors(200, CommunityOut), url_name="community"
)
def get_community(request: HttpRequest, slug: str) -> Community:
    """One community, with what the caller may do in it (`can`)."""
    return _community(acting_person(request), slug)


@router.patch(
    "/communities/{slug}", response=with_errors(200, CommunityOut), url_name="community"
)
def update_community(
    request: HttpRequest, slug: str, payload: CommunityPatch
) -> Community:
    """Change a community; owners and leaders. Fields left out (or null)
    stay as they are; `topics` replaces the whole list."""
    viewer = acting_person(request)
    community = _community(viewer, slug)
    changes: dict[str, Any] = {
        field: value
        for field, value in payload.model_dump(mode="json", exclude_unset=True).items()
        if value is not None
    }
    topics = changes.pop("topics", None)
    services.update_community(
        community=community, changed_by=viewer, topics=topics, **changes
    )
    return _community(viewer, community.slug)


@router.post(
    "/communities/{slug}/join",
    response=with_errors(200, MemberOut),
    url_name="community-join",
)
def join_community(request: HttpRequest, slug: str) -> Membership:
    """Join a public community; joining again changes nothing."""
    viewer = acting_person(request)
    return services.join_community(community=_community(viewer, slug), person=viewer)


@router.post(
    "/communities/{slug}/leave",
    response=with_errors(204, None),
    url_name="community-leave",
)
def leave_community(request: HttpRequest, slug: str) -> Status[None]:
    """Leave a community. The last owner must first make someone else owner."""
    viewer = acting_person(request)
    services.leave_community(community=_community(viewer, slug), person=viewer)
    return Status(204, None)


@router.post(
    "/communities/{slug}/follow",
    response=with_errors(204, None),
    url_name="community-follow",
)
def follow_community(request: HttpRequest, slug: str) -> Status[None]:
    """Follow a community one may read, without joining; again changes nothing."""
    viewer = acting_person(request)
    people_services.follow_community(
        follower=viewer, community=_community(viewer, slug)
    )
    return Status(204, None)


@router.delete(
    "/communities/{slug}/follow",
    response=with_errors(204, None),
    url_name="community-follow",
)
def unfollow_community(request: HttpRequest, slug: str) -> Status[None]:
    """Stop following a community; again changes nothing."""
    viewer = acting_person(request)
    people_services.unfollow_community(
        follower=viewer, community=_community(viewer, slug)
    )
    return Status(204, None)


# --- Members -----------------------------------------------------------------------


@router.get(
    "/communities/{slug}/members",
    response=with_errors(200, MemberPageOut),
    url_name="community-members",
)
def list_members(
    request: HttpRequest, slug: str, query: Query[MemberQuery]
) -> Page[Membership]:
    """The members, leaders first, then by name; for those who may read it."""
    viewer = acting_person(request)
    return selectors.community_members(
        viewer,
        _community(viewer, slug),
        name=query.q,
        role=query.role or "",
        cursor=query.cursor,
        size=query.size,
    )


@router.patch(
    "/communities/{slug}/members/{membership_id}",
    response=with_errors(200, MemberOut),
    url_name="community-member",
)
def change_role(
    request: HttpRequest, slug: str, membership_id: int, payload: RoleIn
) -> Membership:
    """Give a member another role: owners and leaders; only owners make or
    unmake owners, and the last owner stays one."""
    viewer = acting_person(request)
    membership = selectors.access_membership(
        viewer, _community(viewer, slug), membership_id
    )
    return services.change_role(
        membership=membership, changed_by=viewer, role=payload.role.value
    )


@router.delete(
    "/communities/{slug}/members/{membership_id}",
    response=with_errors(204, None),
    url_name="community-member",
)
def remove_member(request: HttpRequest, slug: str, membership_id: int) -> Status[None]:
    """Take someone out; their access ends with their next request."""
    viewer = acting_person(request)
    membership = selectors.access_membership(
        viewer, _community(viewer, slug), membership_id
    )
    services.remove_member(membership=membership, removed_by=viewer)
    return Status(204, None)


# --- Join requests ------------------------------------------------------------------


@router.get(
    "/communities/{slug}/join-requests",
    response=with_errors(200, JoinRequestPageOut),
    url_name="community-join-requests",
)
def list_join_requests(
    request: HttpRequest, slug: str, page: Query[PageQuery]
) -> Page[JoinRequest]:
    """Requests waiting for a decision, newest first; owners and leaders."""
    viewer = acting_person(request)
    return selectors.pending_join_requests(
        viewer, _community(viewer, slug), cursor=page.cursor, size=page.size
    )


@router.post(
    "/communities/{slug}/join-requests",
    response=with_errors(201, JoinRequestOut),
    url_name="community-join-requests",
)
def request_to_join(
    request: HttpRequest, slug: str, payload: JoinRequestIn
) -> Status[JoinRequest]:
    """Ask to join a private community; asking again keeps one request."""
    viewer = acting_person(request)
    join_request = services.request_to_join(
        community=_community(viewer, slug), person=viewer, message=payload.message
    )
    return Status(201, join_request)


def _decide(
    request: HttpRequest, slug: str, request_id: int, *, approve: bool
) -> JoinRequest:
    viewer = acting_person(request)
    join_request = selectors.access_join_request(
        viewer, _community(viewer, slug), request_id
    )
    return services.decide_join_request(
        join_request=join_request, decided_by=viewer, approve=approve
    )


@router.post(
    "/communities/{slug}/join-requests/{request_id}/approve",
    response=with_errors(200, JoinRequestOut),
    url_name="community-join-request-approve",
)
def approve_join_request(
    request: HttpRequest, slug: str, request_id: int
) -> JoinRequest:
    """Let the person in; owners and leaders. A decided request is 409."""
    return _decide(request, slug, request_id, approve=True)


@router.post(
    "/communities/{slug}/join-requests/{request_id}/decline",
    response=with_errors(200, JoinRequestOut),
    url_name="community-join-request-decline",
)
def decline_join_request(
    request: HttpRequest, slug: str, request_id: int
) -> JoinRequest:
    """Turn the request down; owners and leaders. A decided request is 409."""
    return _decide(request, slug, request_id, approve=False)


# --- Invitations -----------------------------------------------------------------


@router.get(
    "/communities/{slug}/invitations",
    response=with_errors(200, InvitationPageOut),
    url_name="community-invitations",
)
def list_invitations(
    request: HttpRequest, slug: str, page: Query[PageQuery]
) -> Page[CommunityInvitation]:
    """Invitations not yet accepted, newest first; owners and leaders.
    The links' tokens are only ever in the mails."""
    viewer = acting_person(request)
    return selectors.community_invitations(
        viewer, _community(viewer, slug), cursor=page.cursor, size=page.size
    )


@router.post(
    "/communities/{slug}/invitations",
    response=with_errors(201, InvitationOut),
    url_name="community-invitations",
)
def invite(
    request: HttpRequest, slug: str, payload: InvitationIn
) -> Status[CommunityInvitation]:
    """Invite an address; a link valid 14 days is mailed to it. Inviting it
    again replaces the earlier link."""
    viewer = acting_person(request)
    invitation = services.invite_to_community(
        community=_community(viewer, slug),
        invited_by=viewer,
        email=payload.email,
        role=payload.role.value,
        as_external=payload.as_external,
        organisation=payload.organisation,
    )
    return Status(201, invitation)


@router.get(
    "/me/community-invitations",
    response=with_errors(200, MyInvitationPageOut),
    url_name="my-community-invitations",
)
def list_my_invitations(request: HttpRequest) -> Page[CommunityInvitation]:
    """Invitations waiting for the caller's address, newest first, all on
    one page."""
    return Page(
        items=selectors.my_invitations(acting_person(request)), next_cursor=None
    )


@router.post(
    "/me/community-invitations/{invitation_id}/accept",
    response=with_errors(200, MemberOut),
    url_name="my-community-invitation-accept",
)
def accept_invitation(request: HttpRequest, invitation_id: int) -> Membership:
    """Join through an invitation for the caller's address."""
    viewer = acting_person(request)
    invitation = selectors.access_my_invitation(viewer, invitation_id)
    return services.accept_invitation(invitation=invitation, person=viewer)


# --- Administrators and the audit trail -----------------------------------------


@router.post(
    "/communities/{slug}/administrator-join",
    response=with_errors(200, MemberOut),
    url_name="community-administrator-join",
)
def administrator_join(
    request: HttpRequest, slug: str, payload: AdministratorJoinIn
) -> Membership:
    """Enter any community as an administrator; the reason is audited and
    the community's owners read it."""
    viewer = acting_person(request)
    return services.join_as_administrator(
        community=_community(viewer, slug), administrator=viewer, reason=payload.reason
    )


@router.get(
    "/communities/{slug}/audit",
    response=with_errors(200, AuditPageOut),
    url_name="community-audit",
)
def list_audit(
    request: HttpRequest, slug: str, page: Query[PageQuery]
) -> Page[AuditEntry]:
    """Who changed what in the community, newest first; owners and
    administrators."""
    viewer = acting_person(request)
    return selectors.community_audit(
        viewer, _community(viewer, slug), cursor=page.cursor, size=page.size
    )
