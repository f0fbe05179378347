"""The people and things every access-matrix request is made against."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from commonplace.communities.models import (
    Community,
    CommunityInvitation,
    JoinRequest,
    Membership,
    Role,
)
from commonplace.communities.tests.factories import (
    CommunityFactory,
    CommunityInvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
)
from commonplace.core.access import COMMUNITY_ROLES, VISIBILITIES
from commonplace.people.models import Team, User
from commonplace.people.tests.factories import (
    AdministratorFactory,
    ExternalMemberFactory,
    FollowFactory,
    TeamFactory,
    UserFactory,
)
from commonplace.topics.models import Topic
from commonplace.topics.tests.factories import TopicFactory


@dataclass
class World:
    """One of each kind of viewer, and three communities they stand in.

    The guest, member, moderator, leader and owner hold that role in all
    three communities (public, private, secret); `focused(visibility)` sets
    `community` (and the objects inside it) to the one of that visibility.
    """

    outsider: User
    external: User
    guest: User
    member: User
    moderator: User
    leader: User
    owner: User
    administrator: User
    community_manager: User
    colleague: User  # an ordinary person the external member cannot see
    partner_contact: User  # follows the external member, so they can see them
    deactivated: User
    team: Team
    topic: Topic
    communities: dict[str, Community] = field(default_factory=dict)
    join_requests: dict[str, JoinRequest] = field(default_factory=dict)
    invitations: dict[str, CommunityInvitation] = field(default_factory=dict)
    memberships: dict[str, Membership] = field(default_factory=dict)
    community: Community | None = None
    join_request: JoinRequest | None = None
    invitation: CommunityInvitation | None = None
    membership: Membership | None = None  # the plain member's membership

    def viewer(self, kind: str) -> User | None:
        return getattr(self, kind, None)

    def focused(self, visibility: str | None) -> World:
        if visibility is None:
            return self
        return replace(
            self,
            community=self.communities[visibility],
            join_request=self.join_requests[visibility],
            invitation=self.invitations[visibility],
            membership=self.memberships[visibility],
        )


def build_world() -> World:
    team = TeamFactory(name="Platform", slug="platform")
    topic = TopicFactory(name="Kubernetes")
    external = ExternalMemberFactory()
    partner_contact = UserFactory(team=team)
    partner_contact.skills.add(topic)
    FollowFactory(follower=partner_contact, person=external)
    people = {role: UserFactory(team=team) for role in COMMUNITY_ROLES}
    world = World(
        outsider=UserFactory(),
        external=external,
        administrator=AdministratorFactory(),
        community_manager=UserFactory(is_community_manager=True),
        colleague=UserFactory(team=team),
        partner_contact=partner_contact,
        deactivated=UserFactory(is_active=False),
        team=team,
        topic=topic,
        **people,
    )
    for visibility in VISIBILITIES:
        community = CommunityFactory(
            name=f"{visibility.title()} community",
            slug=visibility,
            visibility=visibility,
        )
        for role, person in people.items():
            membership = MembershipFactory(
                community=community, person=person, role=role
            )
            if role == Role.MEMBER:
                world.memberships[visibility] = membership
        world.communities[visibility] = community
        world.join_requests[visibility] = JoinRequestFactory(
            community=community, person=UserFactory()
        )
        world.invitations[visibility] = CommunityInvitationFactory(community=community)
    return world
