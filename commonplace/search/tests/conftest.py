"""What the page and API tests share: a community and a reader signed in."""

import pytest

from commonplace.communities.models import Role
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.people.tests.factories import UserFactory


@pytest.fixture
def guild():
    return CommunityFactory(name="Platform Guild", slug="platform-guild")


@pytest.fixture
def reader(client, guild):
    person = UserFactory(display_name="Rita Reader")
    MembershipFactory(community=guild, person=person, role=Role.MEMBER)
    client.force_login(person)
    return person
