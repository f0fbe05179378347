"""Factories for people; other apps' tests import them."""

import factory
from django.contrib.auth.hashers import make_password

from commonplace.people.models import User

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
