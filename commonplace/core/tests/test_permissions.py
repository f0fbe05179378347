import pytest
from django.contrib.auth.models import AnonymousUser

from commonplace import permissions
from commonplace.core.errors import NotAllowed
from commonplace.people.tests.factories import AdministratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_administering_is_for_active_administrators_only():
    assert permissions.can(AdministratorFactory(), "administer")
    assert not permissions.can(UserFactory(), "administer")
    assert not permissions.can(AnonymousUser(), "administer")
    assert not permissions.can(AdministratorFactory(is_active=False), "administer")


def test_require_raises_not_allowed_with_a_readable_message():
    with pytest.raises(NotAllowed, match="not allowed"):
        permissions.require(UserFactory(), "administer")


def test_an_action_without_a_rule_is_a_programming_error_not_a_yes():
    with pytest.raises(LookupError):
        permissions.can(AdministratorFactory(), "launch_rockets")


def test_an_action_cannot_get_a_second_rule():
    with pytest.raises(ValueError, match="already"):
        permissions.rule("administer")(lambda viewer, target: True)
