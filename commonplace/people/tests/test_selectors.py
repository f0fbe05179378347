import pytest

from commonplace.core.errors import InvalidInput, NotFound
from commonplace.people import selectors
from commonplace.people.selectors import DirectoryFilters
from commonplace.people.tests.factories import (
    AdministratorFactory,
    DepartmentFactory,
    ExternalMemberFactory,
    FollowFactory,
    TeamFactory,
    TopicFollowFactory,
    UserFactory,
)
from commonplace.topics.services import merge_topics
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def _names(people):
    return [person.display_name for person in people]


# --- The directory ------------------------------------------------------------------


def test_the_directory_lists_active_people_by_name():
    viewer = UserFactory(display_name="Mia")
    UserFactory(display_name="Zoe")
    UserFactory(display_name="Ana")
    UserFactory(display_name="Bo", is_active=False)

    page = selectors.directory(viewer, DirectoryFilters())

    assert _names(page.items) == ["Ana", "Mia", "Zoe"]


def test_the_directory_filters_by_name_team_topic_and_location():
    team, topic = TeamFactory(), TopicFactory(name="Kubernetes")
    viewer = UserFactory(display_name="Viewer")
    wanted = UserFactory(display_name="Ana Lima", team=team, location="Lisbon, PT")
    wanted.skills.add(topic)
    UserFactory(display_name="Ana Other", team=team, location="Lisbon, PT")
    UserFactory(display_name="Ana Lima Two", location="Lisbon").skills.add(topic)

    page = selectors.directory(
        viewer,
        DirectoryFilters(name="ana", team=team, topic=topic, location="lisbon"),
    )

    assert _names(page.items) == ["Ana Lima"]


def test_a_filter_on_something_unknown_matches_nobody():
    viewer = UserFactory()

    page = selectors.directory(viewer, DirectoryFilters(unmatched=True))

    assert page.items == []


def test_the_directory_is_paged_by_cursor():
    viewer = UserFactory(display_name="A0")
    for number in range(1, 5):
        UserFactory(display_name=f"A{number}")

    first = selectors.directory(viewer, DirectoryFilters(), size=3)
    second = selectors.directory(
        viewer, DirectoryFilters(), cursor=first.next_cursor, size=3
    )

    assert _names(first.items) == ["A0", "A1", "A2"]
    assert (_names(second.items), second.next_cursor) == (["A3", "A4"], None)


def test_a_forged_cursor_is_invalid_input():
    with pytest.raises(InvalidInput):
        selectors.directory(UserFactory(), DirectoryFilters(), cursor="not-a-cursor")


def test_external_members_have_no_directory():
    with pytest.raises(NotFound):
        selectors.directory(ExternalMemberFactory(), DirectoryFilters())


# --- One person ---------------------------------------------------------------------


def test_a_missing_person_is_not_found():
    with pytest.raises(NotFound):
        selectors.access_person(UserFactory(), 999_999)


def test_an_external_member_sees_themselves_and_their_followers_only():
    external = ExternalMemberFactory()
    contact = UserFactory()
    FollowFactory(follower=contact, person=external)
    colleague = UserFactory()

    assert selectors.access_person(external, external.pk) == external
    assert selectors.access_person(external, contact.pk) == contact
    with pytest.raises(NotFound):
        selectors.access_person(external, colleague.pk)
    assert set(selectors.visible_people(external)) == {external, contact}


def test_only_administrators_see_a_deactivated_person():
    gone = UserFactory(is_active=False)

    assert selectors.access_person(AdministratorFactory(), gone.pk) == gone
    with pytest.raises(NotFound):
        selectors.access_person(UserFactory(), gone.pk)


def test_follower_count_counts_only_visible_followers():
    person = UserFactory()
    FollowFactory(person=person)
    FollowFactory(person=person, follower=UserFactory(is_active=False))

    assert selectors.follower_count(UserFactory(), person) == 1


def test_followers_are_listed_by_name():
    person = UserFactory()
    FollowFactory(person=person, follower=UserFactory(display_name="Zoe"))
    FollowFactory(person=person, follower=UserFactory(display_name="Ana"))

    page = selectors.followers_of(UserFactory(), person)

    assert _names(page.items) == ["Ana", "Zoe"]


def test_reports_leave_out_deactivated_people():
    boss = UserFactory()
    UserFactory(display_name="Zoe", manager=boss)
    UserFactory(display_name="Ana", manager=boss)
    UserFactory(display_name="Gone", manager=boss, is_active=False)

    assert _names(selectors.reports_of(UserFactory(), boss)) == ["Ana", "Zoe"]


def test_an_external_member_does_not_learn_a_managers_name():
    external = ExternalMemberFactory()
    boss = UserFactory()
    contact = UserFactory(manager=boss)
    FollowFactory(follower=contact, person=external)

    assert selectors.visible_manager(external, contact) is None
    assert selectors.visible_manager(UserFactory(), contact) == boss


def test_addresses_are_shown_to_members_and_to_oneself_only():
    external = ExternalMemberFactory(email="partner@example.com")
    contact = UserFactory(email="contact@example.org")
    FollowFactory(follower=contact, person=external)

    assert selectors.shown_email(UserFactory(), contact) == "contact@example.org"
    assert selectors.shown_email(external, external) == "partner@example.com"
    assert selectors.shown_email(external, contact) is None


def test_is_following_says_whether_the_viewer_follows():
    follow = FollowFactory()
    topic_follow = TopicFollowFactory(follower=follow.follower)

    assert selectors.is_following(follow.follower, person=follow.person)
    assert selectors.is_following(follow.follower, topic=topic_follow.topic)
    assert not selectors.is_following(follow.person, person=follow.follower)


# --- Follows ------------------------------------------------------------------------


def test_following_lists_people_and_topics_newest_first():
    viewer = UserFactory()
    older = FollowFactory(follower=viewer)
    newer = TopicFollowFactory(follower=viewer)

    page = selectors.following_of(viewer)

    assert page.items == [newer, older]


def test_following_leaves_out_people_who_became_hidden():
    viewer = UserFactory()
    FollowFactory(follower=viewer, person=UserFactory(is_active=False))

    assert selectors.following_of(viewer).items == []


# --- Topics -------------------------------------------------------------------------


def test_a_topic_is_found_by_slug_or_by_name_in_any_spelling():
    topic = TopicFactory(name="Machine Learning")

    assert selectors.find_topic(topic.slug) == topic
    assert selectors.find_topic("  machine-LEARNING ") == topic
    assert selectors.find_topic("Cooking") is None
    assert selectors.find_topic("?!") is None
    assert selectors.find_topic("") is None


def test_a_merged_synonym_finds_the_surviving_topic():
    survivor = TopicFactory(name="Kubernetes")
    synonym = TopicFactory(name="K8s")
    merge_topics(source=synonym, target=survivor, merged_by=AdministratorFactory())

    assert selectors.find_topic("k8s") == survivor


def test_several_topics_are_found_in_order_with_one_query(
    django_assert_num_queries,
):
    learning = TopicFactory(name="Machine Learning")
    kubernetes = TopicFactory(name="Kubernetes")
    names = ["kubernetes", "Cooking", "", learning.slug, "KUBERNETES"]

    with django_assert_num_queries(1):
        found = selectors.find_topics(names)

    assert found == [kubernetes, None, None, learning, kubernetes]


def test_a_slug_typed_exactly_wins_over_another_topics_name():
    named = TopicFactory(name="Data", slug="data-topic")
    slugged = TopicFactory(name="Information", slug="data")

    assert selectors.find_topics(["data", "DATA"]) == [slugged, named]


def test_external_members_cannot_reach_a_topic_to_follow():
    topic = TopicFactory()

    assert selectors.access_followable_topic(UserFactory(), topic.slug) == topic
    with pytest.raises(NotFound):
        selectors.access_followable_topic(ExternalMemberFactory(), topic.slug)


# --- Teams --------------------------------------------------------------------------


def test_the_teams_tree_counts_active_members():
    department = DepartmentFactory(name="Engineering")
    team = TeamFactory(name="Platform", parent=department)
    UserFactory(team=team)
    UserFactory(team=team, is_active=False)

    tree = selectors.teams_tree(UserFactory())

    assert [(d.name, d.member_count) for d in tree] == [("Engineering", 0)]
    children = tree[0].children.all()
    assert [(t.name, t.member_count) for t in children] == [("Platform", 1)]


def test_a_team_is_found_by_slug_with_its_sub_teams():
    department = DepartmentFactory()
    team = TeamFactory(name="Platform", parent=department)

    found = selectors.access_team(UserFactory(), department.slug)

    assert list(found.children.all()) == [team]


def test_teams_are_not_for_external_members():
    team = TeamFactory()

    with pytest.raises(NotFound):
        selectors.access_team(ExternalMemberFactory(), team.slug)
    with pytest.raises(NotFound):
        selectors.teams_tree(ExternalMemberFactory())
    with pytest.raises(NotFound):
        selectors.team_choices(ExternalMemberFactory())


def test_an_unknown_team_is_not_found():
    with pytest.raises(NotFound):
        selectors.access_team(UserFactory(), "nope")
    assert selectors.find_team("nope") is None


def test_team_members_are_listed_by_name():
    team = TeamFactory()
    UserFactory(display_name="Zoe", team=team)
    UserFactory(display_name="Ana", team=team)
    UserFactory(display_name="Elsewhere")

    page = selectors.team_members(UserFactory(), team)

    assert _names(page.items) == ["Ana", "Zoe"]
