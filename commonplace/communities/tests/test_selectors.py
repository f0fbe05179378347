"""Reading communities: every list and lookup narrowed by the policy."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from commonplace import permissions
from commonplace.communities import selectors
from commonplace.communities.models import Community, Kind, Role, Visibility
from commonplace.communities.selectors import CommunityFilters
from commonplace.communities.tests.factories import (
    CommunityFactory,
    CommunityInvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    person_in_standing,
)
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.people import selectors as people_selectors
from commonplace.people.tests.factories import (
    AdministratorFactory,
    ExternalMemberFactory,
    FollowFactory,
    TeamFactory,
    UserFactory,
)
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def _names(communities):
    return [community.name for community in communities]


def _sized(name, size, **fields):
    """A community of `size` members, the first an owner."""
    community = CommunityFactory(name=name, **fields)
    MembershipFactory(community=community, role=Role.OWNER)
    for _ in range(size - 1):
        MembershipFactory(community=community)
    return Community.objects.get(pk=community.pk)


# --- Which communities a viewer knows of ----------------------------------------------


def _three_and_own(viewer):
    """Public, private and secret communities, and a secret one `viewer` is in."""
    CommunityFactory(name="Open", visibility=Visibility.PUBLIC)
    CommunityFactory(name="Closed", visibility=Visibility.PRIVATE)
    CommunityFactory(name="Hidden", visibility=Visibility.SECRET)
    own = CommunityFactory(name="Own", visibility=Visibility.SECRET)
    MembershipFactory(community=own, person=viewer, role=Role.GUEST)


@pytest.mark.parametrize(
    ("viewer_factory", "expected"),
    [
        (UserFactory, {"Open", "Closed", "Own"}),
        (ExternalMemberFactory, {"Own"}),
        (AdministratorFactory, {"Open", "Closed", "Hidden", "Own"}),
        (
            lambda: UserFactory(is_community_manager=True),
            {"Open", "Closed", "Hidden", "Own"},
        ),
        (lambda: UserFactory(is_active=False), set()),
    ],
    ids=["outsider", "external", "administrator", "community_manager", "deactivated"],
)
def test_each_kind_of_viewer_knows_of_the_communities_the_policy_allows(
    viewer_factory, expected
):
    viewer = viewer_factory()
    _three_and_own(viewer)

    communities = selectors.visible_communities(viewer)

    assert set(_names(communities)) == expected


def test_an_anonymous_visitor_knows_of_no_community():
    _three_and_own(UserFactory())

    assert not selectors.visible_communities(AnonymousUser()).exists()


def test_the_viewers_own_role_comes_with_each_community():
    viewer = UserFactory()
    _three_and_own(viewer)

    roles = dict(
        selectors.visible_communities(viewer).values_list("name", "viewer_role")
    )

    assert roles == {"Open": None, "Closed": None, "Own": "guest"}


def test_a_hidden_community_looks_exactly_like_a_missing_one():
    hidden = CommunityFactory(visibility=Visibility.SECRET)
    viewer = UserFactory()

    with pytest.raises(NotFound) as missing:
        selectors.access_community(viewer, "no-such-community")
    with pytest.raises(NotFound) as secret:
        selectors.access_community(viewer, hidden.slug)

    assert str(missing.value) == str(secret.value)
    assert missing.value.fields == secret.value.fields


def test_a_private_community_is_seen_but_not_read_by_outsiders():
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    viewer = UserFactory()

    assert selectors.access_community(viewer, community.slug) == community
    with pytest.raises(NotFound):
        selectors.access_readable_community(viewer, community.slug)


def test_access_community_brings_its_leaders_and_topics_in_two_more_queries(
    django_assert_num_queries,
):
    community = _sized("Data", 3, visibility=Visibility.PUBLIC)
    MembershipFactory(community=community, role=Role.LEADER)
    community.topics.add(TopicFactory())
    viewer = UserFactory()

    with django_assert_num_queries(3):
        found = selectors.access_community(viewer, community.slug)
        leaders = selectors.leaders_of(found)
        topics = list(found.topics.all())
        readable = permissions.can(viewer, "community.read", found)

    assert [membership.role for membership in leaders].count("owner") == 1
    assert len(leaders) == 2
    assert len(topics) == 1
    assert readable


def test_my_communities_lists_only_mine_by_name():
    viewer = UserFactory()
    for name in ("Zeta", "Alpha"):
        MembershipFactory(community=CommunityFactory(name=name), person=viewer)
    CommunityFactory(name="Beta")

    assert _names(selectors.my_communities(viewer)) == ["Alpha", "Zeta"]
    assert selectors.my_communities(AnonymousUser()) == []


# --- The directory --------------------------------------------------------------------


def test_communities_where_my_team_or_the_people_i_follow_are_come_first():
    team = TeamFactory()
    viewer = UserFactory(team=team)
    followed = UserFactory()
    FollowFactory(follower=viewer, person=followed)
    _sized("Big", 10)
    _sized("Medium", 4)
    teams = _sized("Where my team is", 2)
    MembershipFactory(community=teams, person=UserFactory(team=team))
    follows = _sized("Where someone I follow is", 3)
    MembershipFactory(community=follows, person=followed)
    alone = _sized("Where only I am", 2)
    MembershipFactory(community=alone, person=viewer)

    page = selectors.community_directory(viewer, CommunityFilters(sort="size"))

    assert _names(page.items) == [
        "Where someone I follow is",
        "Where my team is",
        "Big",
        "Medium",
        "Where only I am",
    ]


def test_the_newest_sort_keeps_close_communities_first():
    team = TeamFactory()
    viewer = UserFactory(team=team)
    now = timezone.now()
    for days, name in enumerate(["Newest", "Older", "Oldest"]):
        _sized(name, 1, created_at=now - timedelta(days=days))
    close = _sized("Old but close", 1, created_at=now - timedelta(days=100))
    MembershipFactory(community=close, person=UserFactory(team=team))

    page = selectors.community_directory(viewer, CommunityFilters(sort="newest"))

    assert _names(page.items) == ["Old but close", "Newest", "Older", "Oldest"]


def test_an_unknown_sort_falls_back_to_size():
    viewer = UserFactory()
    _sized("Small", 1)
    _sized("Large", 3)

    page = selectors.community_directory(viewer, CommunityFilters(sort="'; DROP"))

    assert _names(page.items) == ["Large", "Small"]


def _walk(viewer, filters, size):
    """Every page of the directory, one after another, as names."""
    pages, cursor = [], None
    while True:
        page = selectors.community_directory(viewer, filters, cursor=cursor, size=size)
        pages.append(_names(page.items))
        cursor = page.next_cursor
        if cursor is None:
            return pages


@pytest.mark.parametrize("sort", ["size", "newest"])
@pytest.mark.parametrize("size", [1, 3, 4])
def test_paging_through_the_directory_shows_each_community_once_in_order(sort, size):
    team = TeamFactory()
    viewer = UserFactory(team=team)
    moment = timezone.now()
    communities = [
        _sized(f"C{number:02}", 1 + number % 3, created_at=moment)
        for number in range(11)
    ]
    for community in communities[::4]:
        MembershipFactory(community=community, person=UserFactory(team=team))
    everything = _names(
        selectors.community_directory(
            viewer, CommunityFilters(sort=sort), size=100
        ).items
    )

    pages = _walk(viewer, CommunityFilters(sort=sort), size)

    assert [name for page in pages for name in page] == everything
    assert len(everything) == 11
    assert all(len(page) == size for page in pages[:-1])


@pytest.mark.parametrize("count", [5, 50])
def test_the_directory_costs_the_same_queries_for_5_or_50_communities(
    django_assert_max_num_queries, count
):
    team = TeamFactory()
    viewer = UserFactory(team=team)
    FollowFactory(follower=viewer)
    topic = TopicFactory()
    for number in range(count):
        community = _sized(f"Community {number}", 2, visibility=Visibility.PUBLIC)
        MembershipFactory(community=community, role=Role.LEADER)
        community.topics.add(topic)

    with django_assert_max_num_queries(3):
        page = selectors.community_directory(viewer, CommunityFilters(), size=100)
        for community in page.items:
            selectors.leaders_of(community)
            list(community.topics.all())
            permissions.can(viewer, "community.read", community)
            permissions.can(viewer, "community.join", community)

    assert len(page.items) == count


def test_the_directory_filters_by_words_kind_and_topic():
    viewer = UserFactory()
    sql = TopicFactory(name="SQL")
    wanted = CommunityFactory(
        name="Data Practice", kind=Kind.PRACTICE, purpose="Queries and models."
    )
    wanted.topics.add(sql)
    CommunityFactory(name="Data goals", kind=Kind.GOAL, goal="More data.").topics.add(
        sql
    )
    CommunityFactory(name="Data Practice Two", kind=Kind.PRACTICE)
    CommunityFactory(name="Running", kind=Kind.PRACTICE, purpose="data in passing")

    page = selectors.community_directory(
        viewer, CommunityFilters(text=" data ", kind=Kind.PRACTICE, topic=sql)
    )
    by_purpose = selectors.community_directory(
        viewer, CommunityFilters(text="IN PASSING")
    )

    assert _names(page.items) == ["Data Practice"]
    assert _names(by_purpose.items) == ["Running"]


def test_the_directory_lists_secret_communities_only_to_their_members_and_overseers():
    CommunityFactory(name="Open")
    CommunityFactory(name="Hidden", visibility=Visibility.SECRET)

    outsiders = selectors.community_directory(UserFactory(), CommunityFilters())
    administrators = selectors.community_directory(
        AdministratorFactory(), CommunityFilters()
    )

    assert _names(outsiders.items) == ["Open"]
    assert set(_names(administrators.items)) == {"Open", "Hidden"}


@pytest.mark.parametrize(
    "viewer_factory", [ExternalMemberFactory, AnonymousUser], ids=["external", "anon"]
)
def test_the_directory_does_not_exist_for_externals_or_visitors(viewer_factory):
    CommunityFactory()

    with pytest.raises(NotFound):
        selectors.community_directory(viewer_factory(), CommunityFilters())


def test_a_forged_directory_cursor_is_invalid_input():
    with pytest.raises(InvalidInput):
        selectors.community_directory(
            UserFactory(), CommunityFilters(), cursor="forged"
        )


# --- Members --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "standing"),
    [
        (Visibility.PUBLIC, "outsider"),
        (Visibility.PUBLIC, "administrator"),
        (Visibility.PUBLIC, "community_manager"),
        (Visibility.PRIVATE, "guest"),
        (Visibility.PRIVATE, "member"),
        (Visibility.SECRET, "external_guest"),
        (Visibility.SECRET, "administrator_member"),
    ],
)
def test_readers_see_the_member_list(visibility, standing):
    community = _sized("Data", 3, visibility=visibility)
    viewer = person_in_standing(standing, community)

    page = selectors.community_members(viewer, community)

    assert len(page.items) == Community.objects.get(pk=community.pk).member_count


@pytest.mark.parametrize(
    ("visibility", "standing"),
    [
        (Visibility.PUBLIC, "anonymous"),
        (Visibility.PUBLIC, "external"),
        (Visibility.PRIVATE, "outsider"),
        (Visibility.PRIVATE, "administrator"),
        (Visibility.PRIVATE, "community_manager"),
        (Visibility.PRIVATE, "deactivated_member"),
        (Visibility.SECRET, "outsider"),
        (Visibility.SECRET, "administrator"),
        (Visibility.SECRET, "external"),
    ],
)
def test_no_one_else_sees_the_member_list(visibility, standing):
    community = _sized("Data", 3, visibility=visibility)
    viewer = person_in_standing(standing, community)

    with pytest.raises(NotFound):
        selectors.community_members(viewer, community)


def test_members_are_listed_by_role_then_name_without_deactivated_people():
    community = CommunityFactory()
    for name, role in [
        ("Al", Role.GUEST),
        ("Cat", Role.MEMBER),
        ("Zed", Role.OWNER),
        ("Ann", Role.MEMBER),
        ("Bob", Role.MODERATOR),
        ("Amy", Role.LEADER),
    ]:
        MembershipFactory(
            community=community, role=role, person=UserFactory(display_name=name)
        )
    MembershipFactory(
        community=community, person=UserFactory(display_name="Gone", is_active=False)
    )

    page = selectors.community_members(UserFactory(), community)

    assert [m.person.display_name for m in page.items] == [
        "Zed",
        "Amy",
        "Bob",
        "Ann",
        "Cat",
        "Al",
    ]


def test_the_member_list_filters_by_name_and_role():
    community = CommunityFactory()
    for name, role in [("Ana Lima", Role.LEADER), ("Ana Costa", Role.MEMBER)]:
        MembershipFactory(
            community=community, role=role, person=UserFactory(display_name=name)
        )
    MembershipFactory(community=community, person=UserFactory(display_name="Bo"))

    page = selectors.community_members(
        UserFactory(), community, name=" ana ", role=Role.MEMBER
    )

    assert [m.person.display_name for m in page.items] == ["Ana Costa"]


def test_the_member_list_pages_by_cursor():
    community = CommunityFactory()
    for name in ["A", "B", "C", "D", "E"]:
        MembershipFactory(community=community, person=UserFactory(display_name=name))
    viewer = UserFactory()

    first = selectors.community_members(viewer, community, size=3)
    second = selectors.community_members(
        viewer, community, cursor=first.next_cursor, size=3
    )

    assert [m.person.display_name for m in first.items] == ["A", "B", "C"]
    assert [m.person.display_name for m in second.items] == ["D", "E"]
    assert second.next_cursor is None


@pytest.mark.parametrize("count", [5, 50])
def test_the_member_list_costs_the_same_queries_for_5_or_50_members(
    django_assert_max_num_queries, count
):
    community = CommunityFactory()
    team = TeamFactory()
    for _ in range(count):
        MembershipFactory(community=community, person=UserFactory(team=team))
    community = Community.objects.get(pk=community.pk)
    viewer = UserFactory()

    with django_assert_max_num_queries(2):
        page = selectors.community_members(viewer, community, size=100)
        teams = [membership.person.team.name for membership in page.items]

    assert len(teams) == count


def test_a_membership_of_another_community_is_not_found_through_this_one():
    community, other = CommunityFactory(), CommunityFactory()
    elsewhere = MembershipFactory(community=other)

    with pytest.raises(NotFound):
        selectors.access_membership(UserFactory(), community, elsewhere.pk)


def test_leaders_are_owners_and_leaders_by_name():
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    for name, role in [("Zoe", Role.OWNER), ("Ada", Role.LEADER), ("Bo", "member")]:
        MembershipFactory(
            community=community, role=role, person=UserFactory(display_name=name)
        )

    leaders = selectors.leaders_of(Community.objects.get(pk=community.pk))

    assert [m.person.display_name for m in leaders] == ["Ada", "Zoe"]


# --- Requests and invitations ---------------------------------------------------------


@pytest.mark.parametrize("standing", ["owner", "leader"])
def test_leaders_see_pending_requests_newest_first(standing):
    community = _sized("Data", 1, visibility=Visibility.PRIVATE)
    viewer = person_in_standing(standing, community)
    now = timezone.now()
    older = JoinRequestFactory(community=community, created_at=now - timedelta(1))
    newer = JoinRequestFactory(community=community, created_at=now)
    JoinRequestFactory(community=community, status="declined")
    JoinRequestFactory()

    page = selectors.pending_join_requests(viewer, community)

    assert page.items == [newer, older]


@pytest.mark.parametrize(
    "standing", ["moderator", "member", "outsider", "administrator"]
)
def test_no_one_else_sees_the_requests_or_invitations(standing):
    community = _sized("Data", 1, visibility=Visibility.PRIVATE)
    request = JoinRequestFactory(community=community)
    viewer = person_in_standing(standing, community)

    with pytest.raises(NotFound):
        selectors.pending_join_requests(viewer, community)
    with pytest.raises(NotFound):
        selectors.access_join_request(viewer, community, request.pk)
    with pytest.raises(NotFound):
        selectors.community_invitations(viewer, community)


def test_a_request_of_another_community_is_not_found_through_this_one():
    community = _sized("Data", 1, visibility=Visibility.PRIVATE)
    owner = community.memberships.get().person
    elsewhere = JoinRequestFactory()

    with pytest.raises(NotFound):
        selectors.access_join_request(owner, community, elsewhere.pk)


def test_my_pending_request_is_found():
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    person = UserFactory()
    JoinRequestFactory(community=community, person=person, status="declined")
    pending = JoinRequestFactory(community=community, person=person)

    assert selectors.my_join_request(person, community) == pending
    assert selectors.my_join_request(UserFactory(), community) is None
    assert selectors.my_join_request(AnonymousUser(), community) is None


def test_open_invitations_are_listed_for_the_leaders():
    community = _sized("Data", 1)
    owner = community.memberships.get().person
    waiting = CommunityInvitationFactory(community=community)
    CommunityInvitationFactory(community=community, accepted_at=timezone.now())

    page = selectors.community_invitations(owner, community)

    assert page.items == [waiting]


def test_my_invitations_are_the_usable_ones_for_my_address_newest_first():
    viewer = UserFactory(email="ana@example.org")
    now = timezone.now()
    older = CommunityInvitationFactory(
        email="ana@example.org", created_at=now - timedelta(hours=1)
    )
    newer = CommunityInvitationFactory(email="ana@example.org", created_at=now)
    CommunityInvitationFactory(email="ana@example.org", accepted_at=now)
    CommunityInvitationFactory(
        email="ana@example.org", expires_at=now - timedelta(seconds=1)
    )
    someone_elses = CommunityInvitationFactory(email="bo@example.org")

    mine = selectors.my_invitations(viewer)

    assert mine == [newer, older]
    assert selectors.access_my_invitation(viewer, older.pk) == older
    with pytest.raises(NotFound):
        selectors.access_my_invitation(viewer, someone_elses.pk)
    assert selectors.my_invitations(AnonymousUser()) == []


def test_following_a_community_is_known_to_the_follower_only():
    community = CommunityFactory()
    follower = UserFactory()
    FollowFactory(follower=follower, person=None, community=community)

    assert selectors.is_following_community(follower, community)
    assert not selectors.is_following_community(UserFactory(), community)
    assert not selectors.is_following_community(AnonymousUser(), community)


# --- What external members see of people ----------------------------------------------


def test_external_members_see_themselves_their_followers_and_their_co_members():
    external = ExternalMemberFactory()
    follower = UserFactory()
    FollowFactory(follower=follower, person=external)
    community = CommunityFactory(allows_externals=True)
    MembershipFactory(community=community, person=external, role=Role.GUEST)
    co_member = MembershipFactory(community=community).person
    gone = MembershipFactory(
        community=community, person=UserFactory(is_active=False)
    ).person
    followed_by_them = UserFactory()
    FollowFactory(follower=external, person=followed_by_them)
    elsewhere = MembershipFactory(community=CommunityFactory()).person
    stranger = UserFactory()

    visible = set(people_selectors.visible_people(external))

    assert visible == {external, follower, co_member}
    for person in (external, follower, co_member):
        assert people_selectors.access_person(external, person.pk) == person
    for person in (gone, followed_by_them, elsewhere, stranger):
        with pytest.raises(NotFound):
            people_selectors.access_person(external, person.pk)


def test_leaving_the_community_ends_what_an_external_member_sees_of_its_people():
    external = ExternalMemberFactory()
    community = CommunityFactory(allows_externals=True)
    membership = MembershipFactory(community=community, person=external)
    co_member = MembershipFactory(community=community).person

    membership.delete()

    assert set(people_selectors.visible_people(external)) == {external}
    with pytest.raises(NotFound):
        people_selectors.access_person(external, co_member.pk)


def test_external_members_never_see_the_peoples_directory():
    external = ExternalMemberFactory()

    with pytest.raises(NotFound):
        people_selectors.directory(external, people_selectors.DirectoryFilters())
