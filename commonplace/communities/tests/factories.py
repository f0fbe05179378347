"""Factories for communities; other apps' tests import them."""

from datetime import timedelta

import factory
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from commonplace.communities.models import (
    Community,
    CommunityInvitation,
    JoinRequest,
    Kind,
    Membership,
    Role,
    Visibility,
)
from commonplace.people.tests.factories import (
    AdministratorFactory,
    ExternalMemberFactory,
    UserFactory,
)


class CommunityFactory(factory.django.DjangoModelFactory):
    """A public community of practice with no members yet.

    Add people with MembershipFactory, which keeps `member_count` right.
    """

    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    purpose = "People who practise the same craft, learning from each other."
    kind = Kind.PRACTICE
    visibility = Visibility.PUBLIC


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    person = factory.SubFactory(UserFactory)
    role = Role.MEMBER

    @factory.post_generation
    def _count(self, create, extracted, **kwargs):
        if create:
            Community.objects.filter(pk=self.community_id).update(
                member_count=Membership.objects.filter(
                    community_id=self.community_id
                ).count()
            )


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    community = factory.SubFactory(CommunityFactory, visibility=Visibility.PRIVATE)
    person = factory.SubFactory(UserFactory)


class CommunityInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityInvitation

    community = factory.SubFactory(CommunityFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


# --- People in a given standing towards one community ----------------------------


def _in_role(role, **person):
    def make(community):
        return MembershipFactory(
            community=community, role=role, person=UserFactory(**person)
        ).person

    return make


STANDINGS = {
    "anonymous": lambda community: AnonymousUser(),
    "outsider": lambda community: UserFactory(),
    "external": lambda community: ExternalMemberFactory(),
    "external_guest": lambda community: (
        MembershipFactory(
            community=community, role=Role.GUEST, person=ExternalMemberFactory()
        ).person
    ),
    "guest": _in_role(Role.GUEST),
    "member": _in_role(Role.MEMBER),
    "moderator": _in_role(Role.MODERATOR),
    "leader": _in_role(Role.LEADER),
    "owner": _in_role(Role.OWNER),
    "administrator": lambda community: AdministratorFactory(),
    "administrator_member": _in_role(Role.MEMBER, is_staff=True),
    "community_manager": lambda community: UserFactory(is_community_manager=True),
    "deactivated_member": _in_role(Role.MEMBER, is_active=False),
}


def person_in_standing(standing, community):
    """Someone who is `standing` (a key of STANDINGS) towards `community`."""
    return STANDINGS[standing](community)
