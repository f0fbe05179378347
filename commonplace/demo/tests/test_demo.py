from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count

from commonplace.demo.generator import (
    ADMIN_EMAIL,
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    MEMBER_EMAIL,
    SIGN_IN_URL,
    DemoOrganisation,
    email_part,
)
from commonplace.people.models import Follow, Team, User
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SMALL = 40


@pytest.fixture
def demo():
    """A small demo organisation; the command's output."""
    return _run("--people", str(SMALL))


def _run(*args):
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def _department(team):
    return team.parent if team.kind == Team.Kind.TEAM else team


def _internal():
    return User.objects.filter(is_external=False).select_related(
        "team__parent", "manager__team__parent"
    )


def test_the_organisation_has_twelve_teams_under_four_departments(demo):
    departments = Team.objects.filter(kind=Team.Kind.DEPARTMENT)
    teams = Team.objects.filter(kind=Team.Kind.TEAM)

    assert departments.count() == 4
    assert teams.count() == 12
    assert set(teams.values_list("parent__kind", flat=True)) == {"department"}
    assert departments.filter(parent__isnull=False).count() == 0


def test_it_has_the_number_of_members_asked_for_and_three_partners(demo):
    assert _internal().count() == SMALL
    assert User.objects.filter(is_external=True).count() == 3


def test_everyone_but_the_chief_executive_has_a_manager(demo):
    without = _internal().filter(manager__isnull=True)

    assert [person.job_title for person in without] == ["Chief Executive Officer"]


def test_no_manager_chain_loops(demo):
    managers = dict(_internal().values_list("pk", "manager"))

    for person in managers:
        seen, current = set(), person
        while current is not None:
            assert current not in seen
            seen.add(current)
            current = managers[current]


def test_managers_work_in_the_same_department_or_lead_it(demo):
    for person in _internal().filter(manager__team__isnull=False):
        assert _department(person.manager.team) == _department(person.team)


def test_department_heads_report_to_the_chief_executive(demo):
    heads = _internal().filter(team__kind=Team.Kind.DEPARTMENT)

    assert heads.count() == 4
    assert {head.manager.job_title for head in heads} == {"Chief Executive Officer"}


def test_each_team_has_one_manager_who_reports_to_the_department_head(demo):
    for team in Team.objects.filter(kind=Team.Kind.TEAM):
        [manager] = {
            person.manager
            for person in team.members.select_related("manager__manager__team")
            if person.manager.team == team
        }
        assert manager.manager.team == team.parent


def test_everyone_states_two_to_six_skills(demo):
    counts = set(
        User.objects.annotate(skill_count=Count("skills")).values_list(
            "skill_count", flat=True
        )
    )

    assert counts <= {2, 3, 4, 5, 6}


def test_everyone_has_a_title_a_place_a_zone_and_a_bio(demo):
    missing = (
        User.objects.filter(job_title="")
        | User.objects.filter(location="")
        | User.objects.filter(time_zone="")
        | User.objects.filter(bio="")
    )

    assert not missing.exists()


def test_everyone_has_a_unique_demo_address(demo):
    emails = list(User.objects.values_list("email", flat=True))

    assert len(set(emails)) == len(emails)
    assert all(email.endswith(f"@{DEMO_DOMAIN}") for email in emails)


def test_external_members_are_followed_by_two_colleagues_each(demo):
    for partner in User.objects.filter(is_external=True):
        followers = User.objects.filter(following__person=partner)
        assert partner.organisation
        assert followers.count() == 2
        assert not followers.filter(is_external=True).exists()


def test_members_follow_three_to_twelve_colleagues_and_one_to_four_topics(demo):
    for person in _internal():
        people = Follow.objects.filter(follower=person, person__isnull=False)
        topics = Follow.objects.filter(follower=person, topic__isnull=False)
        partners = people.filter(person__is_external=True).count()
        assert 3 <= people.count() - partners <= 12
        assert 1 <= topics.count() <= 4


def test_the_known_accounts_can_sign_in(demo):
    administrator = authenticate(email=ADMIN_EMAIL, password=DEMO_PASSWORD)
    member = authenticate(email=MEMBER_EMAIL, password=DEMO_PASSWORD)

    assert administrator.is_staff
    assert administrator.is_superuser
    assert not member.is_staff
    assert member.team is not None
    assert member.manager is not None
    assert member.skills.count() >= 2


def test_the_command_says_how_to_sign_in(demo):
    assert SIGN_IN_URL in demo
    assert ADMIN_EMAIL in demo
    assert MEMBER_EMAIL in demo
    assert DEMO_PASSWORD in demo
    assert "12 teams under 4 departments" in demo


def test_running_again_says_the_demo_is_loaded_and_adds_nobody(demo):
    before = User.objects.count()

    output = _run("--people", str(SMALL))

    assert "already loaded" in output
    assert ADMIN_EMAIL in output
    assert User.objects.count() == before


def test_if_empty_skips_a_database_with_people():
    UserFactory()

    output = _run("--if-empty", "--people", str(SMALL))

    assert "no demo organisation was created" in output
    assert User.objects.count() == 1


def test_too_few_people_are_refused():
    with pytest.raises(CommandError):
        _run("--people", "5")


def _planned_names(seed):
    organisation = DemoOrganisation(seed=seed, people=SMALL)
    organisation.plan()
    return [
        (person.user.display_name, person.user.email, person.user.job_title)
        for person in organisation.people
    ]


def test_the_same_seed_plans_the_same_people():
    assert _planned_names(7) == _planned_names(7)


def test_another_seed_plans_other_people():
    assert _planned_names(7) != _planned_names(8)


class InterruptedOrganisation(DemoOrganisation):
    """Stopped (Ctrl+C) after the people are written, before their skills."""

    def save_skills(self):
        raise KeyboardInterrupt


def test_an_interrupted_build_leaves_nothing_behind():
    with pytest.raises(KeyboardInterrupt):
        InterruptedOrganisation(people=SMALL).build()

    assert not User.objects.exists()
    assert not Team.objects.exists()


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("Łukasz", "lukasz"),
        ("O'Brien", "obrien"),
        ("Nguyễn", "nguyen"),
        ("El-Amin", "el-amin"),
        ("Y\u0131lmaz", "yilmaz"),
        ("Søren", "soren"),
    ],
)
def test_names_become_plain_address_text(name, part):
    assert email_part(name) == part


def test_people_sharing_a_plain_spelling_get_numbered_addresses():
    organisation = DemoOrganisation(people=SMALL)

    first = organisation._unique_email("José", "Silva")
    second = organisation._unique_email("Jose", "Silva")

    assert (first, second) == (
        f"jose.silva@{DEMO_DOMAIN}",
        f"jose.silva2@{DEMO_DOMAIN}",
    )
