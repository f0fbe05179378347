"""The demo command on an empty database: what it refuses, what it skips,
and that an interrupted build leaves nothing behind."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commonplace.communities.models import Community
from commonplace.communities.tests.factories import CommunityFactory
from commonplace.demo.generator import DemoOrganisation
from commonplace.people.models import Team, User
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SMALL = 40


def _run(*args):
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_if_empty_skips_a_database_with_people():
    UserFactory()

    output = _run("--if-empty", "--people", str(SMALL))

    assert "no demo organisation was created" in output
    assert User.objects.count() == 1


def test_too_few_people_are_refused():
    with pytest.raises(CommandError):
        _run("--people", "5")


class InterruptedOrganisation(DemoOrganisation):
    """Stopped (Ctrl+C) after the people are written, before their skills."""

    def save_skills(self):
        raise KeyboardInterrupt


def test_an_interrupted_build_leaves_nothing_behind():
    with pytest.raises(KeyboardInterrupt):
        InterruptedOrganisation(people=SMALL).build()

    assert not User.objects.exists()
    assert not Team.objects.exists()


def test_a_community_name_already_taken_gets_a_numbered_one():
    CommunityFactory(name="Running club", slug="running-club")

    _run("--people", str(SMALL))

    assert Community.objects.filter(name="Running club (2)").exists()
    assert Community.objects.count() == 16
