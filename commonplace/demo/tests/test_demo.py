from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q

from commonplace import permissions
from commonplace.communities.models import (
    Community,
    JoinRequest,
    Kind,
    Membership,
    Role,
    Visibility,
)
from commonplace.core.models import AuditEntry
from commonplace.demo.communities import PLANS
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

pytestmark = pytest.mark.django_db

SMALL = 40


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One small demo organisation for the module, rolled back at its end;
    the command's output. Tests that need an empty database are in
    test_demo_command.py."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _run("--people", str(SMALL))
        transaction.set_rollback(True)


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


# --- Communities ---------------------------------------------------------------------


def test_about_fifteen_communities_of_every_kind_and_visibility(demo):
    communities = Community.objects.all()

    assert communities.count() == len(PLANS) == 15
    assert set(communities.values_list("kind", flat=True)) == set(Kind.values)
    assert set(communities.values_list("visibility", flat=True)) == set(
        Visibility.values
    )
    assert "15 communities" in demo


def test_every_community_has_an_owner_a_purpose_and_topics(demo):
    communities = Community.objects.annotate(
        owners=Count("memberships", filter=Q(memberships__role=Role.OWNER)),
        topic_count=Count("topics", distinct=True),
    )

    for community in communities:
        assert community.owners >= 1
        assert community.topic_count >= 1
        assert community.purpose


def test_goal_communities_state_their_goal(demo):
    goals = Community.objects.filter(kind=Kind.GOAL)

    assert goals.exists()
    assert not goals.filter(goal="").exists()


def test_member_counts_match_the_memberships(demo):
    counted = Community.objects.annotate(real=Count("memberships"))

    assert not counted.exclude(member_count=F("real")).exists()
    assert not counted.filter(real__lt=2).exists()


def test_every_role_is_given_somewhere(demo):
    roles = set(Membership.objects.values_list("role", flat=True))

    assert roles == set(Role.values)


def test_external_members_are_guests_only_where_externals_are_allowed(demo):
    externals = Membership.objects.filter(person__is_external=True)

    assert externals.exists()
    assert not externals.filter(community__allows_externals=False).exists()
    assert set(externals.values_list("role", flat=True)) == {Role.GUEST}


def test_team_communities_are_their_teams(demo):
    for community in Community.objects.filter(kind=Kind.TEAM):
        teams = set(community.memberships.values_list("person__team", flat=True))
        owner = community.memberships.get(role=Role.OWNER).person
        assert teams == {owner.team_id}
        assert community.member_count == owner.team.members.count()


def test_the_data_practice_is_led_by_data_people(demo):
    practice = Community.objects.get(name="Data Practice")
    leading = practice.memberships.filter(role__in=[Role.OWNER, Role.LEADER])

    teams = set(leading.values_list("person__team__slug", flat=True))

    assert teams == {"data-and-analytics"}


def test_the_returns_goal_brings_operations_and_sales_together(demo):
    goal = Community.objects.get(name="Cut returns by 10%")

    departments = set(
        goal.memberships.filter(person__team__isnull=False).values_list(
            "person__team__parent__slug", flat=True
        )
    )

    assert {"operations", "commercial"} <= departments


def test_pending_requests_wait_only_on_private_communities_from_non_members(demo):
    requests = JoinRequest.objects.filter(status=JoinRequest.Status.PENDING)

    assert requests.exists()
    assert set(requests.values_list("community__visibility", flat=True)) == {
        Visibility.PRIVATE
    }
    for request in requests.select_related("community", "person"):
        assert permissions.can(
            request.person, "community.request_to_join", request.community
        )


def test_community_follows_are_by_people_who_may_follow(demo):
    follows = Follow.objects.filter(community__isnull=False).select_related(
        "follower", "community"
    )

    assert follows.exists()
    for follow in follows:
        assert permissions.can(follow.follower, "community.follow", follow.community)
        assert not follow.community.memberships.filter(person=follow.follower).exists()


def test_the_demo_member_belongs_to_communities(demo):
    member = User.objects.get(email=MEMBER_EMAIL)

    assert member.memberships.count() >= 1


def test_starting_the_communities_is_in_their_audit_trails(demo):
    started = AuditEntry.objects.filter(action="community.start")

    assert started.count() == Community.objects.count()


def _planned_communities(seed):
    organisation = DemoOrganisation(seed=seed, people=SMALL)
    organisation.plan()
    return [
        (
            planned.plan.name,
            sorted((person.user.email, role) for person, role in planned.roles.items()),
        )
        for planned in organisation.communities
    ]


def test_the_same_seed_plans_the_same_communities():
    assert _planned_communities(7) == _planned_communities(7)
