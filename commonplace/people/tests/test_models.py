import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import identify_hasher
from django.db import IntegrityError
from django.test import override_settings

from commonplace.people.models import User
from commonplace.people.tests.factories import (
    DEFAULT_PASSWORD,
    UnclaimedPersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_person_can_exist_without_an_address_or_a_login():
    first = UnclaimedPersonFactory(display_name="Imported Ana")
    second = UnclaimedPersonFactory(display_name="Imported Bo")

    assert (first.email, second.email) == (None, None)
    assert not first.can_sign_in


def test_an_address_belongs_to_one_person_whatever_its_case():
    UserFactory(email="ana@example.org")

    with pytest.raises(IntegrityError):
        User.objects.create(email="ANA@example.org", display_name="Other Ana")


def test_creating_a_person_normalises_the_address():
    person = User.objects.create_user(
        "  Ana.Lima@Example.ORG ", DEFAULT_PASSWORD, display_name="Ana"
    )

    assert person.email == "ana.lima@example.org"


def test_signing_in_accepts_the_address_in_any_case():
    person = UserFactory(email="ana@example.org")

    assert authenticate(username="ANA@Example.org", password=DEFAULT_PASSWORD) == person


def test_a_deactivated_person_cannot_sign_in():
    UserFactory(email="ana@example.org", is_active=False)

    assert authenticate(username="ana@example.org", password=DEFAULT_PASSWORD) is None


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
def test_passwords_are_hashed_with_argon2():
    person = User.objects.create_user(
        "ana@example.org", DEFAULT_PASSWORD, display_name="Ana"
    )

    assert identify_hasher(person.password).algorithm == "argon2"
