"""The people and things every access-matrix request is made against."""

from dataclasses import dataclass

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
    member: User
    external: User
    administrator: User
    colleague: User  # an ordinary person the external member cannot see
    partner_contact: User  # follows the external member, so they can see them
    deactivated: User
    team: Team
    topic: Topic

    def viewer(self, kind: str) -> User | None:
        return getattr(self, kind, None)


def build_world() -> World:
    team = TeamFactory(name="Platform", slug="platform")
    topic = TopicFactory(name="Kubernetes")
    external = ExternalMemberFactory()
    partner_contact = UserFactory(team=team)
    partner_contact.skills.add(topic)
    FollowFactory(follower=partner_contact, person=external)
    return World(
        member=UserFactory(team=team),
        external=external,
        administrator=AdministratorFactory(),
        colleague=UserFactory(team=team),
        partner_contact=partner_contact,
        deactivated=UserFactory(is_active=False),
        team=team,
        topic=topic,
    )
