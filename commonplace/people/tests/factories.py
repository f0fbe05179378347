"""Factories for people; other apps' tests import them."""

import factory
from django.contrib.auth.hashers import make_password

from commonplace.people.models import Follow, Team, User

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """An active person who can sign in with DEFAULT_PASSWORD."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    password = factory.django.Password(DEFAULT_PASSWORD)


class AdministratorFactory(UserFactory):
    is_staff = True
    is_superuser = True


class UnclaimedPersonFactory(UserFactory):
    """Someone imported from another system: no address, no login."""

    email = None
    password = factory.LazyFunction(lambda: make_password(None))


class ExternalMemberFactory(UserFactory):
    """A partner from another organisation, with limited visibility."""

    is_external = True
    organisation = "Partner Org"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    kind = Team.Kind.TEAM


class DepartmentFactory(TeamFactory):
    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")
    kind = Team.Kind.DEPARTMENT


class FollowFactory(factory.django.DjangoModelFactory):
    """A follow of a person; pass topic=... and person=None for a topic."""

    class Meta:
        model = Follow

    follower = factory.SubFactory(UserFactory)
    person = factory.SubFactory(UserFactory)
