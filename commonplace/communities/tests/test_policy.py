"""The community rules of the one policy, stated as a table.

Every expectation below is written by hand from the issue and
docs/permissions.md; none is computed by asking the policy.
"""

import pytest

from commonplace import permissions
from commonplace.communities import selectors
from commonplace.communities.models import Community, Visibility
from commonplace.communities.tests.factories import (
    CommunityFactory,
    MembershipFactory,
    person_in_standing,
)
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VISIBILITIES = (Visibility.PUBLIC, Visibility.PRIVATE, Visibility.SECRET)

# One row per standing towards the community, one column per rule. Each cell
# reads public/private/secret: "+" allowed, "-" refused.
RULES = (
    "community.see",
    "community.read",
    "community.join",
    "community.request_to_join",
    "community.follow",
    "community.start_thread",
    "community.reply",
    "community.moderate",
    "community.manage",
    "community.see_audit",
    "community.join_as_administrator",
)
TABLE = """
                      see  read join ask  follow start reply moder manage audit enter
anonymous             ---  ---  ---  ---  ---    ---   ---   ---   ---    ---   ---
outsider              ++-  +--  +--  -+-  +--    ---   ---   ---   ---    ---   ---
external              ---  ---  ---  ---  ---    ---   ---   ---   ---    ---   ---
external_guest        +++  +++  ---  ---  ---    ---   +++   ---   ---    ---   ---
guest                 +++  +++  ---  ---  +++    ---   +++   ---   ---    ---   ---
member                +++  +++  ---  ---  +++    +++   +++   ---   ---    ---   ---
moderator             +++  +++  ---  ---  +++    +++   +++   +++   ---    ---   ---
leader                +++  +++  ---  ---  +++    +++   +++   +++   +++    ---   ---
owner                 +++  +++  ---  ---  +++    +++   +++   +++   +++    +++   ---
administrator         +++  +--  +--  -+-  +--    ---   ---   ---   ---    +++   +++
administrator_member  +++  +++  ---  ---  +++    +++   +++   ---   ---    +++   ---
community_manager     +++  +--  +--  -+-  +--    ---   ---   ---   ---    ---   ---
deactivated_member    ---  ---  ---  ---  ---    ---   ---   ---   ---    ---   ---
"""


def _table():
    """{(standing, rule, visibility): expected} from TABLE."""
    rows = [line.split() for line in TABLE.strip().splitlines()[1:]]
    return {
        (standing, rule, visibility): cell[index] == "+"
        for standing, *cells in rows
        for rule, cell in zip(RULES, cells, strict=True)
        for index, visibility in enumerate(VISIBILITIES)
    }


EXPECTED = _table()
STANDINGS = sorted({standing for standing, _rule, _visibility in EXPECTED})


def test_the_table_states_every_rule_for_every_standing_and_visibility():
    assert len(EXPECTED) == len(STANDINGS) * len(RULES) * len(VISIBILITIES)
    assert len(STANDINGS) == 13


@pytest.mark.parametrize(
    ("standing", "rule", "visibility"),
    sorted(EXPECTED),
    ids=str,
)
def test_each_rule_answers_as_the_table_says(standing, rule, visibility):
    community = CommunityFactory(visibility=visibility)
    MembershipFactory(community=community, role="owner")
    viewer = person_in_standing(standing, community)
    fresh = Community.objects.get(pk=community.pk)

    allowed = permissions.can(viewer, rule, fresh)

    assert allowed is EXPECTED[(standing, rule, visibility)]


@pytest.mark.parametrize("standing", STANDINGS)
def test_the_visibility_filter_agrees_with_the_see_column(standing):
    communities = {
        visibility: CommunityFactory(visibility=visibility)
        for visibility in VISIBILITIES
    }
    viewer = _one_viewer_in_all(standing, communities)
    expected = {
        communities[visibility].pk
        for visibility in VISIBILITIES
        if EXPECTED[(standing, "community.see", visibility)]
    }

    seen = Community.objects.filter(permissions.visible_communities_filter(viewer))

    assert set(seen.values_list("pk", flat=True)) == expected


@pytest.mark.parametrize("standing", STANDINGS)
def test_the_readable_filter_agrees_with_the_read_column(standing):
    communities = {
        visibility: CommunityFactory(visibility=visibility)
        for visibility in VISIBILITIES
    }
    viewer = _one_viewer_in_all(standing, communities)
    expected = {
        communities[visibility].pk
        for visibility in VISIBILITIES
        if EXPECTED[(standing, "community.read", visibility)]
    }

    read = Community.objects.filter(permissions.readable_communities_filter(viewer))

    assert set(read.values_list("pk", flat=True)) == expected


def _one_viewer_in_all(standing, communities):
    """One person in `standing` towards each of the communities at once."""
    first, *others = communities.values()
    viewer = person_in_standing(standing, first)
    role = first.memberships.filter(person__pk=viewer.pk).values("role")
    for community in others:
        for wanted in role:
            MembershipFactory(community=community, person=viewer, role=wanted["role"])
    return viewer


# --- Who may give which role ----------------------------------------------------------


@pytest.mark.parametrize(
    ("granter", "current", "new", "allowed"),
    [
        ("owner", None, "owner", True),
        ("owner", "owner", "member", True),
        ("owner", "member", "owner", True),
        ("owner", "guest", "leader", True),
        ("leader", None, "member", True),
        ("leader", None, "leader", True),
        ("leader", None, "owner", False),
        ("leader", "member", "leader", True),
        ("leader", "leader", "guest", True),
        ("leader", "member", "owner", False),
        ("leader", "owner", "member", False),
        ("leader", "owner", "owner", False),
        ("moderator", "member", "guest", False),
        ("moderator", None, "member", False),
        ("member", "guest", "member", False),
        ("guest", None, "guest", False),
        (None, None, "member", False),
        (None, "member", "guest", False),
    ],
)
def test_only_owners_make_or_unmake_owners_and_only_leaders_grant(
    granter, current, new, allowed
):
    assert permissions.can_grant(granter, current, new) is allowed


# --- The rules' machinery -------------------------------------------------------------


def test_an_action_without_a_rule_is_an_error_not_a_yes():
    with pytest.raises(LookupError):
        permissions.can(UserFactory(), "community.do_anything", CommunityFactory())


def test_an_action_gets_one_rule_only():
    with pytest.raises(ValueError, match="already has a rule"):
        permissions.rule("community.see")(lambda viewer, target: True)


def test_a_role_loaded_for_one_viewer_is_never_used_for_another():
    community = CommunityFactory(visibility=Visibility.SECRET)
    owner = MembershipFactory(community=community, role="owner").person
    outsider = UserFactory()
    loaded = selectors.visible_communities(owner).get(pk=community.pk)

    assert permissions.can(owner, "community.manage", loaded)
    assert not permissions.can(outsider, "community.see", loaded)
    assert not permissions.can(outsider, "community.manage", loaded)


def test_deactivating_a_member_ends_their_access_at_once():
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    person = MembershipFactory(community=community, role="owner").person
    person.is_active = False

    assert not permissions.can(person, "community.read", community)
    assert not permissions.can(person, "community.manage", community)
