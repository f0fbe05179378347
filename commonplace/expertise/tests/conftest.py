"""The community and signed-in asker the asking-for-help tests share; a
test module that needs another kind of asker defines its own."""

import pytest

from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.people.tests.factories import UserFactory


@pytest.fixture
def guild():
    return CommunityFactory(name="Platform Guild", slug="platform-guild")


@pytest.fixture
def asker(client, guild):
    """Ana Asker, a member of the guild, signed in on `client`."""
    person = UserFactory(display_name="Ana Asker")
    MembershipFactory(community=guild, person=person)
    client.force_login(person)
    return person
