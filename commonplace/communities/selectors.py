"""Reading communities, narrowed to what the viewer may see or read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone

from commonplace import permissions
from commonplace.communities.models import (
    ROLE_RANK,
    Community,
    CommunityInvitation,
    JoinRequest,
    Membership,
    Role,
)
from commonplace.communities.tasks import hash_token
from commonplace.core.audit import scope_of
from commonplace.core.compiled import Compiled
from commonplace.core.errors import NotFound
from commonplace.core.models import AuditEntry
from commonplace.core.pagination import ModelT, Page, paginate
from commonplace.people.models import Follow, User
from commonplace.topics.models import Topic

SORTS = {
    "size": ("-affinity", "-member_count", "-id"),
    "newest": ("-affinity", "-created_at", "-id"),
    "active": ("-affinity", "-last_activity_at", "-id"),
}
BY_NAME = ("display_name", "id")
NEWEST_FIRST = ("-created_at", "-id")


@dataclass(frozen=True)
class CommunityFilters:
    """What the directory is narrowed by; blank means "any"."""

    text: str = ""
    kind: str = ""
    topic: Topic | None = None
    sort: str = "size"


def _with_viewer_role(
    communities: QuerySet[Community], viewer: permissions.Viewer
) -> QuerySet[Community]:
    """Annotate the viewer's role, which the policy reads without a query."""
    if not permissions.is_signed_in(viewer):
        return communities.annotate(
            viewer_role=Value(None, output_field=CharField()),
            viewer_role_for=Value(None, output_field=IntegerField()),
        )
    return _with_role_of(communities, viewer.pk)


def _with_role_of(
    communities: QuerySet[Community], person_id: int
) -> QuerySet[Community]:
    role = Membership.objects.filter(community=OuterRef("pk"), person_id=person_id)
    return communities.annotate(
        viewer_role=Subquery(role.values("role")[:1]),
        viewer_role_for=Value(person_id, output_field=IntegerField()),
    )


# The community a page is in, with the viewer's role: every community page
# asks, so its SQL is made once (core.compiled).
_BY_SLUG = Compiled(
    Community,
    lambda slug, person_id: _with_role_of(
        Community.objects.filter(slug=slug), person_id
    ).order_by("pk")[:1],
    str,
    int,
)


ROLE_HERE = "viewer_role_here"


def with_role_in_community(
    rows: QuerySet[ModelT], viewer: permissions.Viewer, community: str
) -> QuerySet[ModelT]:
    """Annotate rows of another model (a post, an answer) with the viewer's
    role in the community at `community` ("community", "post__community"),
    so checking access to one of them costs no query of its own; hand
    the row to `remember_role` once its community is loaded."""
    if not permissions.is_signed_in(viewer):
        return rows
    role = Membership.objects.filter(community=OuterRef(community), person=viewer)
    annotated: QuerySet[ModelT] = rows.annotate(
        **{ROLE_HERE: Subquery(role.values("role")[:1])}
    )
    return annotated


def remember_role(viewer: permissions.Viewer, community: Community, row: Any) -> None:
    """Give `community` the role `with_role_in_community` loaded on `row`."""
    if permissions.is_signed_in(viewer) and hasattr(row, ROLE_HERE):
        community.viewer_role = getattr(row, ROLE_HERE)  # type: ignore[attr-defined]
        community.viewer_role_for = viewer.pk  # type: ignore[attr-defined]


def _leaders_prefetch() -> Prefetch:  # type: ignore[type-arg]
    leaders = Membership.objects.filter(
        role__in=[Role.OWNER, Role.LEADER]
    ).select_related("person")
    return Prefetch(
        "memberships",
        queryset=leaders.order_by("person__display_name"),
        to_attr="leader_memberships",
    )


def readable_communities(viewer: permissions.Viewer) -> QuerySet[Community]:
    """Every community whose posts the viewer may read (and so knows of),
    by name: for choosing one, so without the viewer's role."""
    communities = Community.objects.filter(
        permissions.readable_communities_filter(viewer)
    )
    return communities.order_by("name", "pk")


def visible_communities(viewer: permissions.Viewer) -> QuerySet[Community]:
    """Every community whose existence the viewer may know, with their role."""
    communities = Community.objects.filter(
        permissions.visible_communities_filter(viewer)
    )
    return _with_viewer_role(communities, viewer)


def access_community(
    viewer: permissions.Viewer, slug: str, *, details: bool = True
) -> Community:
    """The community, or NotFound when absent or hidden: the two look alike.

    With `details`, its topics and leaders come too, as its pages show;
    lists of its content need the row only.
    """
    # By slug with the viewer's role, then the policy's own rule: cheaper
    # than building the visibility filter into the query, and the same
    # answer.
    if permissions.is_signed_in(viewer):
        found = _BY_SLUG.rows(slug, viewer.pk)
    else:
        found = list(_with_viewer_role(Community.objects.filter(slug=slug), viewer)[:1])
    community = found[0] if found else None
    if community is None or not permissions.can(viewer, "community.see", community):
        raise NotFound
    if details:
        prefetch_related_objects([community], "topics", _leaders_prefetch())
    return community


def access_readable_community(
    viewer: permissions.Viewer, slug: str, *, details: bool = True
) -> Community:
    """The community, if the viewer may read its content and members
    (with its topics and leaders unless `details` is false, as for
    `access_community`)."""
    community = access_community(viewer, slug, details=details)
    permissions.require(viewer, "community.read", community, hide=True)
    return community


def _close_to_viewer(viewer: permissions.Viewer) -> Q:
    """Communities where the viewer's team or the people they follow are.

    They come first in the directory: where colleagues already are is the
    likeliest place to be useful.
    """
    if not permissions.is_signed_in(viewer):
        return Q(pk__in=[])
    followed = Follow.objects.filter(follower=viewer, person__isnull=False).values(
        "person"
    )
    close = Q(person__in=followed)
    if viewer.team_id is not None:
        close |= Q(person__team_id=viewer.team_id)
    members = Membership.objects.filter(close, community=OuterRef("pk")).exclude(
        person=viewer
    )
    return Q(Exists(members))


def community_directory(
    viewer: permissions.Viewer,
    filters: CommunityFilters,
    *,
    cursor: str | None = None,
    size: int = 20,
) -> Page[Community]:
    """A page of the communities directory."""
    permissions.require(viewer, "browse_directory", hide=True)
    communities = visible_communities(viewer).annotate(
        affinity=Case(
            When(_close_to_viewer(viewer), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    if filters.text.strip():
        words = filters.text.strip()
        communities = communities.filter(
            Q(name__icontains=words) | Q(purpose__icontains=words)
        )
    if filters.kind:
        communities = communities.filter(kind=filters.kind)
    if filters.topic is not None:
        communities = communities.filter(topics=filters.topic)
    communities = communities.prefetch_related("topics", _leaders_prefetch())
    ordering = SORTS.get(filters.sort, SORTS["size"])
    return paginate(communities, ordering=ordering, cursor=cursor, size=size)


def suggested_communities(
    viewer: permissions.Viewer, *, limit: int = 5
) -> list[Community]:
    """Public communities the viewer could join: where colleagues are first,
    then the largest. Empty for externals, who join only by invitation."""
    if not permissions.is_signed_in(viewer) or viewer.is_external:
        return []
    mine = Membership.objects.filter(person=viewer).values("community")
    open_to_join = (
        Community.objects.filter(visibility="public")
        .exclude(pk__in=mine)
        .annotate(
            affinity=Case(
                When(_close_to_viewer(viewer), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    )
    return list(open_to_join.order_by("-affinity", "-member_count", "-id")[:limit])


def my_communities(viewer: permissions.Viewer) -> list[Community]:
    """The communities the viewer belongs to, by name."""
    if not permissions.is_signed_in(viewer):
        return []
    mine = Community.objects.filter(memberships__person=viewer)
    mine = mine.prefetch_related("topics", _leaders_prefetch())
    return list(_with_viewer_role(mine, viewer).order_by("name"))


def leaders_of(community: Community) -> list[Membership]:
    """Owners and leaders: listed even where the content is members-only."""
    prefetched = getattr(community, "leader_memberships", None)
    if prefetched is not None:
        return list(prefetched)
    return list(
        community.memberships.filter(role__in=[Role.OWNER, Role.LEADER])
        .select_related("person")
        .order_by("person__display_name")
    )


def people_in_roles(community: Community, roles: tuple[str, ...]) -> list[User]:
    """The active people who hold one of `roles` in the community."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__community=community,
            memberships__role__in=roles,
        ).order_by("pk")
    )


def managers_of(community: Community) -> list[User]:
    """Who decides requests to join: owners and leaders."""
    return people_in_roles(community, (Role.OWNER, Role.LEADER))


def moderators_of(community: Community) -> list[User]:
    """Who reviews reports: moderators, leaders and owners."""
    return people_in_roles(community, (Role.OWNER, Role.LEADER, Role.MODERATOR))


def managed_communities(viewer: permissions.Viewer) -> QuerySet[Community]:
    """The communities the viewer is an owner or leader of."""
    return _communities_in_roles(viewer, (Role.OWNER, Role.LEADER))


def moderated_communities(viewer: permissions.Viewer) -> QuerySet[Community]:
    """The communities the viewer moderates (as moderator, leader or owner)."""
    return _communities_in_roles(viewer, (Role.OWNER, Role.LEADER, Role.MODERATOR))


def _communities_in_roles(
    viewer: permissions.Viewer, roles: tuple[str, ...]
) -> QuerySet[Community]:
    if not permissions.is_signed_in(viewer):
        return Community.objects.none()
    held = Membership.objects.filter(person=viewer, role__in=roles)
    return Community.objects.filter(pk__in=held.values("community"))


def _role_rank() -> Case:
    return Case(
        *(When(role=role, then=Value(rank)) for role, rank in ROLE_RANK.items()),
        output_field=IntegerField(),
    )


def community_members(
    viewer: permissions.Viewer,
    community: Community,
    *,
    name: str = "",
    role: str = "",
    cursor: str | None = None,
    size: int = 20,
) -> Page[Membership]:
    """Members of a community the viewer may read: leaders first, then by name."""
    permissions.require(viewer, "community.read", community, hide=True)
    members = (
        Membership.objects.filter(community=community, person__is_active=True)
        .select_related("person", "person__team")
        .annotate(rank=_role_rank(), person_name=F("person__display_name"))
    )
    if name.strip():
        members = members.filter(person__display_name__icontains=name.strip())
    if role:
        members = members.filter(role=role)
    return paginate(
        members, ordering=("-rank", "person_name", "id"), cursor=cursor, size=size
    )


def access_membership(
    viewer: permissions.Viewer, community: Community, membership_id: int
) -> Membership:
    """A membership in a community the viewer may read, or NotFound."""
    permissions.require(viewer, "community.read", community, hide=True)
    membership = (
        Membership.objects.select_related("person", "community")
        .filter(pk=membership_id, community=community)
        .first()
    )
    if membership is None:
        raise NotFound
    return membership


def pending_join_requests(
    viewer: permissions.Viewer,
    community: Community,
    *,
    cursor: str | None = None,
    size: int = 20,
) -> Page[JoinRequest]:
    permissions.require(viewer, "community.manage", community, hide=True)
    requests = JoinRequest.objects.filter(
        community=community, status=JoinRequest.Status.PENDING
    ).select_related("person", "person__team")
    return paginate(requests, ordering=NEWEST_FIRST, cursor=cursor, size=size)


def access_join_request(
    viewer: permissions.Viewer, community: Community, request_id: int
) -> JoinRequest:
    permissions.require(viewer, "community.manage", community, hide=True)
    join_request = JoinRequest.objects.filter(
        pk=request_id, community=community
    ).first()
    if join_request is None:
        raise NotFound
    return join_request


def my_join_request(
    viewer: permissions.Viewer, community: Community
) -> JoinRequest | None:
    if not permissions.is_signed_in(viewer):
        return None
    return JoinRequest.objects.filter(
        community=community, person=viewer, status=JoinRequest.Status.PENDING
    ).first()


def community_invitations(
    viewer: permissions.Viewer,
    community: Community,
    *,
    cursor: str | None = None,
    size: int = 20,
) -> Page[CommunityInvitation]:
    """Invitations not yet accepted, newest first; for owners and leaders."""
    permissions.require(viewer, "community.manage", community, hide=True)
    invitations = CommunityInvitation.objects.filter(
        community=community, accepted_at__isnull=True
    ).select_related("invited_by")
    return paginate(invitations, ordering=NEWEST_FIRST, cursor=cursor, size=size)


def invitation_for_token(token: str) -> CommunityInvitation:
    """The usable invitation behind a link, or NotFound."""
    invitation = (
        CommunityInvitation.objects.select_related("community")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        raise NotFound
    return invitation


def invited_address_has_account(invitation: CommunityInvitation) -> bool:
    """Whether the invited address has an account: its holder then signs in
    to accept, instead of creating one."""
    return User.objects.filter(email__iexact=invitation.email).exists()


def my_invitations(viewer: permissions.Viewer) -> list[CommunityInvitation]:
    """Invitations waiting for the viewer's address, newest first."""
    if not permissions.is_signed_in(viewer) or not viewer.email:
        return []
    return list(
        CommunityInvitation.objects.filter(
            email__iexact=viewer.email,
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("community", "invited_by")
        .order_by("-created_at")
    )


def access_my_invitation(
    viewer: permissions.Viewer, invitation_id: int
) -> CommunityInvitation:
    for invitation in my_invitations(viewer):
        if invitation.pk == invitation_id:
            return invitation
    raise NotFound


def community_audit(
    viewer: permissions.Viewer,
    community: Community,
    *,
    cursor: str | None = None,
    size: int = 50,
) -> Page[AuditEntry]:
    """The community's audit trail: for its owners and administrators."""
    permissions.require(viewer, "community.see_audit", community, hide=True)
    entries = AuditEntry.objects.filter(scope=scope_of(community)).select_related(
        "actor"
    )
    return paginate(entries, ordering=NEWEST_FIRST, cursor=cursor, size=size)


def is_following_community(viewer: permissions.Viewer, community: Community) -> bool:
    if not permissions.is_signed_in(viewer):
        return False
    return Follow.objects.filter(follower=viewer, community=community).exists()
