"""The home feed, "topics I know", the unanswered questions and the
suggestions for an empty feed: what each holds, and what it never holds."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from commonplace.communities import services as community_services
from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.core.errors import InvalidInput
from commonplace.feeds import selectors
from commonplace.feeds.selectors import LATEST, TOP
from commonplace.knowledge import services
from commonplace.knowledge.models import Post, PostKind
from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.people.tests.factories import (
    ExternalMemberFactory,
    FollowFactory,
    SkilledPersonFactory,
    TopicFollowFactory,
    UserFactory,
)
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

FORGED = "bm90LWEtY3Vyc29y"


def _member(community, person=None, role=Role.MEMBER):
    return MembershipFactory(
        community=community, person=person or UserFactory(), role=role
    ).person


def _follow_community(person, community):
    return FollowFactory(follower=person, person=None, community=community)


def _feed(viewer, **options):
    return [post.pk for post in selectors.home_feed(viewer, **options).items]


def _unanswered(viewer, **options):
    topics = selectors.known_topics(viewer)
    return [
        post.pk for post in selectors.unanswered_for(viewer, topics, **options).items
    ]


def _scored(score, **fields):
    post = PostFactory(**fields)
    Post.objects.filter(pk=post.pk).update(trending_score=score)
    return post


def _at(post, hours_ago):
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return post


def _resolve(question):
    answer = AnswerFactory(post=question)
    Post.objects.filter(pk=question.pk).update(accepted_answer=answer, is_resolved=True)


# --- What the feed is made of ------------------------------------------------------


def test_the_feed_holds_posts_from_joined_communities():
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    viewer = _member(community)
    post = PostFactory(community=community)
    PostFactory()

    assert _feed(viewer) == [post.pk]


def test_the_feed_holds_posts_from_followed_communities():
    community = CommunityFactory()
    viewer = UserFactory()
    _follow_community(viewer, community)
    post = PostFactory(community=community)
    PostFactory()

    assert _feed(viewer) == [post.pk]


def test_the_feed_holds_posts_by_followed_people():
    viewer, author = UserFactory(), UserFactory()
    FollowFactory(follower=viewer, person=author)
    post = PostFactory(author=author)
    PostFactory()

    assert _feed(viewer) == [post.pk]


def test_the_feed_holds_posts_on_followed_topics():
    viewer, topic = UserFactory(), TopicFactory()
    TopicFollowFactory(follower=viewer, topic=topic)
    post = PostFactory(topics=[topic])
    PostFactory(topics=[TopicFactory()])

    assert _feed(viewer) == [post.pk]


def test_a_post_from_several_sources_shows_once():
    community, author, topic = CommunityFactory(), UserFactory(), TopicFactory()
    viewer = _member(community)
    FollowFactory(follower=viewer, person=author)
    TopicFollowFactory(follower=viewer, topic=topic)
    post = PostFactory(community=community, author=author, topics=[topic])

    assert _feed(viewer) == [post.pk]


def test_the_latest_feed_is_newest_first():
    community = CommunityFactory()
    viewer = _member(community)
    older = _at(PostFactory(community=community), 5)
    newest = _at(PostFactory(community=community), 1)
    middle = _at(PostFactory(community=community), 3)

    assert _feed(viewer) == [newest.pk, middle.pk, older.pk]


def test_posts_written_at_the_same_moment_come_newest_id_first():
    community = CommunityFactory()
    viewer = _member(community)
    moment = timezone.now() - timedelta(hours=1)
    posts = PostFactory.create_batch(3, community=community, created_at=moment)

    assert _feed(viewer) == [post.pk for post in reversed(posts)]


def test_the_feed_pages_with_a_cursor():
    community = CommunityFactory()
    viewer = _member(community)
    posts = [_at(PostFactory(community=community), hours) for hours in (1, 2, 3, 4, 5)]
    first = selectors.home_feed(viewer, size=2)

    second = selectors.home_feed(viewer, size=2, cursor=first.next_cursor)
    third = selectors.home_feed(viewer, size=2, cursor=second.next_cursor)

    pages = [first.items, second.items, third.items]
    assert [[post.pk for post in page] for page in pages] == [
        [posts[0].pk, posts[1].pk],
        [posts[2].pk, posts[3].pk],
        [posts[4].pk],
    ]
    assert third.next_cursor is None


# --- What the feed never holds ---------------------------------------------------


def test_a_followed_persons_post_in_a_private_community_one_is_not_in_is_left_out():
    viewer, author = UserFactory(), UserFactory()
    FollowFactory(follower=viewer, person=author)
    private = CommunityFactory(visibility=Visibility.PRIVATE)
    _member(private, author)
    PostFactory(community=private, author=author)
    public = PostFactory(author=author)

    assert _feed(viewer) == [public.pk]


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.SECRET])
def test_a_followed_topics_post_in_a_community_one_cannot_read_is_left_out(
    visibility,
):
    viewer, topic = UserFactory(), TopicFactory()
    TopicFollowFactory(follower=viewer, topic=topic)
    PostFactory(community=CommunityFactory(visibility=visibility), topics=[topic])

    assert _feed(viewer) == []


def test_an_external_member_sees_no_followed_topic_from_a_public_community():
    external, topic = ExternalMemberFactory(), TopicFactory()
    TopicFollowFactory(follower=external, topic=topic)
    PostFactory(topics=[topic])
    theirs = CommunityFactory(visibility=Visibility.PRIVATE)
    _member(theirs, external, Role.GUEST)
    inside = PostFactory(community=theirs, topics=[topic])

    assert _feed(external) == [inside.pk]


def test_deleted_and_hidden_posts_are_left_out():
    community = CommunityFactory()
    viewer = _member(community)
    PostFactory(community=community, deleted_at=timezone.now())
    PostFactory(community=community, hidden_at=timezone.now())
    live = PostFactory(community=community)

    assert _feed(viewer) == [live.pk]
    assert _feed(viewer, order=TOP) == []


def test_a_post_disappears_when_the_viewer_leaves_its_private_community():
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    viewer = _member(community)
    MembershipFactory(community=community, role=Role.OWNER)
    PostFactory(community=community)

    community_services.leave_community(community=community, person=viewer)

    assert _feed(viewer) == []


def test_a_followed_community_that_turns_private_leaves_the_feed():
    community = CommunityFactory()
    viewer = UserFactory()
    _follow_community(viewer, community)
    PostFactory(community=community)

    community.visibility = Visibility.PRIVATE
    community.save()

    assert _feed(viewer) == []


def test_someone_following_nothing_has_an_empty_feed():
    PostFactory()

    assert selectors.home_feed(UserFactory()).items == []


def test_an_anonymous_visitor_has_an_empty_feed():
    PostFactory()

    assert selectors.home_feed(AnonymousUser()).items == []


def test_a_deactivated_person_has_an_empty_feed():
    community = CommunityFactory()
    viewer = _member(community, UserFactory(is_active=False))
    PostFactory(community=community)

    assert _feed(viewer) == []


# --- Top this week ------------------------------------------------------------


def test_top_orders_this_weeks_posts_by_score():
    community = CommunityFactory()
    viewer = _member(community)
    low = _scored(2, community=community)
    high = _scored(9, community=community)
    middle = _scored(5, community=community)

    assert _feed(viewer, order=TOP) == [high.pk, middle.pk, low.pk]


def test_top_breaks_ties_by_newest_id():
    community = CommunityFactory()
    viewer = _member(community)
    first, second, third = (_scored(4, community=community) for _ in range(3))

    assert _feed(viewer, order=TOP) == [third.pk, second.pk, first.pk]


def test_top_leaves_out_posts_with_no_score_this_week():
    community = CommunityFactory()
    viewer = _member(community)
    _scored(0, community=community)
    scored = _scored(1, community=community)

    assert _feed(viewer, order=TOP) == [scored.pk]


def test_a_post_written_through_the_services_is_in_top_this_week():
    community = CommunityFactory()
    viewer = _member(community)
    post = services.create_post(
        community=community, author=viewer, kind="note", title="", body="Hi."
    )

    assert _feed(viewer, order=TOP) == [post.pk]


def test_top_pages_with_a_cursor_across_equal_scores():
    community = CommunityFactory()
    viewer = _member(community)
    posts = [_scored(score, community=community) for score in (3, 3, 3, 7, 1)]
    expected = [posts[3].pk, posts[2].pk, posts[1].pk, posts[0].pk, posts[4].pk]
    first = selectors.home_feed(viewer, order=TOP, size=2)

    second = selectors.home_feed(viewer, order=TOP, size=2, cursor=first.next_cursor)
    third = selectors.home_feed(viewer, order=TOP, size=2, cursor=second.next_cursor)

    pages = first.items + second.items + third.items
    assert [post.pk for post in pages] == expected


def test_top_never_holds_a_post_one_cannot_read():
    viewer, author = UserFactory(), UserFactory()
    FollowFactory(follower=viewer, person=author)
    _scored(50, author=author, community=CommunityFactory(visibility="private"))

    assert _feed(viewer, order=TOP) == []


# --- Bad requests -----------------------------------------------------------------


def test_an_unknown_order_is_invalid_naming_the_field():
    with pytest.raises(InvalidInput) as refused:
        selectors.home_feed(UserFactory(), order="oldest")

    assert set(refused.value.fields) == {"order"}


def test_an_unknown_order_is_invalid_even_for_someone_following_nothing():
    with pytest.raises(InvalidInput):
        selectors.home_feed(AnonymousUser(), order="random")


def test_a_forged_cursor_is_invalid():
    community = CommunityFactory()
    viewer = _member(community)
    PostFactory(community=community)

    with pytest.raises(InvalidInput):
        selectors.home_feed(viewer, cursor=FORGED)


def test_a_cursor_of_one_order_is_refused_by_the_other():
    community = CommunityFactory()
    viewer = _member(community)
    for _ in range(3):
        _scored(2, community=community)
    top_cursor = selectors.home_feed(viewer, order=TOP, size=1).next_cursor

    with pytest.raises(InvalidInput):
        selectors.home_feed(viewer, order=LATEST, cursor=top_cursor)


# --- Topics one knows ----------------------------------------------------------


def test_known_topics_are_the_stated_skills():
    python, sql = TopicFactory(name="Python"), TopicFactory(name="SQL")
    person = SkilledPersonFactory(skills=[sql, python])

    assert selectors.known_topics(person) == [python, sql]


def test_known_topics_include_those_of_questions_one_answered():
    stated, answered = TopicFactory(name="Alpha"), TopicFactory(name="Beta")
    person = SkilledPersonFactory(skills=[stated])
    AnswerFactory(author=person, post=PostFactory(topics=[answered]))
    PostFactory(topics=[TopicFactory(name="Gamma")])

    assert selectors.known_topics(person) == [stated, answered]


def test_a_topic_both_stated_and_answered_is_known_once():
    topic = TopicFactory()
    person = SkilledPersonFactory(skills=[topic])
    AnswerFactory(author=person, post=PostFactory(topics=[topic]))

    assert selectors.known_topics(person) == [topic]


def test_topics_of_ones_own_questions_are_not_known():
    person = UserFactory()
    PostFactory(author=person, topics=[TopicFactory()])

    assert selectors.known_topics(person) == []


# --- Unanswered questions one could answer -----------------------------------------


@pytest.fixture
def topic():
    return TopicFactory(name="Kubernetes")


@pytest.fixture
def expert(topic):
    return SkilledPersonFactory(skills=[topic])


def test_unanswered_lists_open_questions_in_ones_topics(topic, expert):
    question = PostFactory(topics=[topic])
    PostFactory(topics=[TopicFactory()])

    assert _unanswered(expert) == [question.pk]


def test_unanswered_spans_every_community_one_can_read(topic, expert):
    public = PostFactory(topics=[topic])
    private = CommunityFactory(visibility=Visibility.PRIVATE)
    _member(private, expert)
    inside = PostFactory(community=private, topics=[topic])

    assert set(_unanswered(expert)) == {public.pk, inside.pk}


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.SECRET])
def test_unanswered_leaves_out_communities_one_cannot_read(topic, expert, visibility):
    PostFactory(community=CommunityFactory(visibility=visibility), topics=[topic])

    assert _unanswered(expert) == []


def test_unanswered_leaves_out_resolved_questions(topic, expert):
    _resolve(PostFactory(topics=[topic]))
    Post.objects.filter(pk=PostFactory(topics=[topic]).pk).update(is_resolved=True)

    assert _unanswered(expert) == []


def test_unanswered_leaves_out_what_is_not_a_question(topic, expert):
    for kind in (PostKind.DISCUSSION, PostKind.NOTE, PostKind.ARTICLE):
        PostFactory(kind=kind, topics=[topic])

    assert _unanswered(expert) == []


def test_unanswered_leaves_out_ones_own_questions(topic, expert):
    PostFactory(author=expert, topics=[topic])

    assert _unanswered(expert) == []


def test_unanswered_leaves_out_removed_questions(topic, expert):
    PostFactory(topics=[topic], deleted_at=timezone.now())
    PostFactory(topics=[topic], hidden_at=timezone.now())

    assert _unanswered(expert) == []


def test_unanswered_includes_topics_one_has_answered_before():
    person, topic = UserFactory(), TopicFactory()
    AnswerFactory(author=person, post=PostFactory(topics=[topic]))
    _resolve(PostFactory(topics=[topic]))
    question = PostFactory(topics=[topic])

    assert question.pk in _unanswered(person)


def test_a_question_answered_by_helpful_vote_leaves_unanswered(topic, expert):
    community = CommunityFactory()
    asker, helper = _member(community), _member(community)
    question = services.create_post(
        community=community,
        author=asker,
        kind="question",
        title="How?",
        body="Like this?",
        topics=[topic.name],
    )
    answer = services.post_answer(question=question, author=helper, body="So.")
    before = _unanswered(expert)

    services.toggle_reaction(item=answer, person=asker, kind="helpful")

    assert before == [question.pk]
    assert _unanswered(expert) == []


def test_unanswered_is_newest_first_and_pages(topic, expert):
    questions = [_at(PostFactory(topics=[topic]), hours) for hours in (1, 2, 3)]
    first = selectors.unanswered_for(expert, [topic], size=2)

    second = selectors.unanswered_for(expert, [topic], size=2, cursor=first.next_cursor)

    assert [post.pk for post in first.items + second.items] == [
        question.pk for question in questions
    ]


def test_unanswered_without_topics_is_empty(topic):
    PostFactory(topics=[topic])

    assert selectors.unanswered_for(UserFactory(), []).items == []


def test_unanswered_for_an_anonymous_visitor_is_empty(topic):
    PostFactory(topics=[topic])

    assert selectors.unanswered_for(AnonymousUser(), [topic]).items == []


def test_a_forged_cursor_on_unanswered_is_invalid(topic, expert):
    PostFactory(topics=[topic])

    with pytest.raises(InvalidInput):
        selectors.unanswered_for(expert, [topic], cursor=FORGED)


# --- Suggestions for an empty feed ---------------------------------------------------


def test_a_new_member_is_suggested_communities_topics_and_people():
    joined, open_one = CommunityFactory(), CommunityFactory(name="Open to join")
    CommunityFactory(visibility=Visibility.PRIVATE)
    CommunityFactory(visibility=Visibility.SECRET)
    topic = TopicFactory()
    colleague = SkilledPersonFactory(skills=[topic])
    newcomer = _member(joined)

    suggestions = selectors.feed_suggestions(newcomer)

    assert suggestions.communities == [open_one]
    assert topic in suggestions.topics
    assert colleague in suggestions.people
    assert newcomer not in suggestions.people
    assert suggestions.any is True


def test_what_one_already_follows_is_not_suggested():
    topic, person = TopicFactory(), UserFactory()
    viewer = UserFactory()
    TopicFollowFactory(follower=viewer, topic=topic)
    FollowFactory(follower=viewer, person=person)

    suggestions = selectors.feed_suggestions(viewer)

    assert topic not in suggestions.topics
    assert person not in suggestions.people


def test_an_external_member_is_suggested_nothing_from_the_directory():
    CommunityFactory()
    TopicFactory()
    UserFactory()

    suggestions = selectors.feed_suggestions(ExternalMemberFactory())

    assert (suggestions.communities, suggestions.topics, suggestions.people) == (
        [],
        [],
        [],
    )
    assert suggestions.any is False
