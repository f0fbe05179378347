"""The home feed and the unanswered questions in the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.knowledge.models import Post
from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.people.tests.factories import (
    FollowFactory,
    SkilledPersonFactory,
    TopicFollowFactory,
    UserFactory,
)
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

FEED = reverse("api:feed")
UNANSWERED = reverse("api:unanswered")
FORGED = "bm90LWEtY3Vyc29y"


def _member(community, person=None, role=Role.MEMBER):
    return MembershipFactory(
        community=community, person=person or UserFactory(), role=role
    ).person


def _ids(response):
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def _is_error_shape(body):
    return set(body) == {"detail", "fields"} and isinstance(body["detail"], str)


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def _scored(score, **fields):
    post = PostFactory(**fields)
    Post.objects.filter(pk=post.pk).update(trending_score=score)
    return post


def _busy_community(count, topic=None):
    community = CommunityFactory()
    topic = topic or TopicFactory()
    for post in PostFactory.create_batch(count, community=community, topics=[topic]):
        AnswerFactory(post=post)
        Post.objects.filter(pk=post.pk).update(trending_score=3)
    return community


@pytest.fixture
def member(client):
    person = _member(CommunityFactory())
    client.force_login(person)
    return person


@pytest.fixture
def guild(member):
    return member.memberships.get().community


# --- The feed --------------------------------------------------------------------


def test_the_feed_lists_posts_from_what_one_follows_newest_first(client, member, guild):
    author, topic = UserFactory(), TopicFactory()
    FollowFactory(follower=member, person=author)
    TopicFollowFactory(follower=member, topic=topic)
    joined = PostFactory(community=guild)
    by_author = PostFactory(author=author)
    on_topic = PostFactory(topics=[topic])
    PostFactory()

    response = client.get(FEED)

    assert _ids(response) == [on_topic.pk, by_author.pk, joined.pk]
    first = response.json()["items"][0]
    assert first["community"]["slug"] == on_topic.community.slug
    assert [t["name"] for t in first["topics"]] == [topic.name]
    assert response.json()["next_cursor"] is None


def test_the_feed_orders_top_this_week_by_score(client, member, guild):
    low = _scored(2, community=guild)
    high = _scored(7, community=guild)
    _scored(0, community=guild)

    response = client.get(FEED, {"order": "top"})

    assert _ids(response) == [high.pk, low.pk]


def test_the_feed_says_latest_explicitly_too(client, member, guild):
    post = PostFactory(community=guild)

    assert _ids(client.get(FEED, {"order": "latest"})) == [post.pk]


def test_the_feed_never_holds_a_post_from_a_community_one_cannot_read(client, member):
    author, topic = UserFactory(), TopicFactory()
    FollowFactory(follower=member, person=author)
    TopicFollowFactory(follower=member, topic=topic)
    private = CommunityFactory(visibility=Visibility.PRIVATE)
    _member(private, author)
    PostFactory(community=private, author=author)
    PostFactory(
        community=CommunityFactory(visibility=Visibility.SECRET), topics=[topic]
    )

    assert _ids(client.get(FEED)) == []
    assert _ids(client.get(FEED, {"order": "top"})) == []


def test_the_feed_never_holds_deleted_or_hidden_posts(client, member, guild):
    PostFactory(community=guild, deleted_at=timezone.now())
    PostFactory(community=guild, hidden_at=timezone.now())

    assert _ids(client.get(FEED)) == []


def test_the_feed_pages_with_a_cursor(client, member, guild):
    posts = PostFactory.create_batch(3, community=guild)
    first = client.get(FEED, {"size": 2}).json()

    second = client.get(FEED, {"size": 2, "cursor": first["next_cursor"]}).json()

    ids = [item["id"] for item in first["items"] + second["items"]]
    assert ids == [post.pk for post in reversed(posts)]
    assert second["next_cursor"] is None


def test_an_unknown_order_is_refused_naming_the_field(client, member):
    """Like every unknown choice in the API, it fails the schema: 422."""
    response = client.get(FEED, {"order": "oldest"})

    assert response.status_code == 422
    assert _is_error_shape(response.json())
    assert "order" in response.json()["fields"]


def test_a_forged_cursor_on_the_feed_is_400(client, member, guild):
    PostFactory(community=guild)

    response = client.get(FEED, {"cursor": FORGED})

    assert response.status_code == 400
    assert _is_error_shape(response.json())


def test_a_page_size_out_of_range_is_refused(client, member):
    response = client.get(FEED, {"size": 101})

    assert response.status_code == 422
    assert "size" in response.json()["fields"]


def test_someone_following_nothing_gets_an_empty_feed(client):
    client.force_login(UserFactory())
    PostFactory()

    assert _ids(client.get(FEED)) == []


@pytest.mark.parametrize("url", [FEED, UNANSWERED])
def test_the_feeds_need_a_signed_in_person(client, url):
    response = client.get(url)

    assert response.status_code == 401
    assert _is_error_shape(response.json())


@pytest.mark.parametrize("order", ["latest", "top"])
@pytest.mark.parametrize("count", [5, 50])
def test_the_feed_costs_the_same_queries_for_5_or_50_posts(
    client, django_assert_max_num_queries, count, order
):
    small, large = UserFactory(), UserFactory()
    _member(_busy_community(1), small)
    _member(_busy_community(count), large)
    client.force_login(small)
    baseline = _queries(client, FEED, order=order)
    client.force_login(large)

    with django_assert_max_num_queries(baseline):
        response = client.get(FEED, {"order": order, "size": 100})

    assert len(response.json()["items"]) == count


# --- Unanswered ---------------------------------------------------------------------


@pytest.fixture
def topic():
    return TopicFactory(name="Kubernetes")


@pytest.fixture
def expert(client, topic):
    person = SkilledPersonFactory(skills=[topic])
    client.force_login(person)
    return person


def test_unanswered_lists_open_questions_in_ones_topics(client, topic, expert):
    older = PostFactory(topics=[topic])
    newer = PostFactory(topics=[topic])
    PostFactory(topics=[TopicFactory()])
    PostFactory(topics=[topic], author=expert)
    resolved = PostFactory(topics=[topic])
    Post.objects.filter(pk=resolved.pk).update(is_resolved=True)

    response = client.get(UNANSWERED)

    assert _ids(response) == [newer.pk, older.pk]
    assert response.json()["items"][0]["is_resolved"] is False


def test_unanswered_spans_readable_communities_only(client, topic, expert):
    private = CommunityFactory(visibility=Visibility.PRIVATE)
    _member(private, expert)
    inside = PostFactory(community=private, topics=[topic])
    PostFactory(
        community=CommunityFactory(visibility=Visibility.PRIVATE), topics=[topic]
    )

    assert _ids(client.get(UNANSWERED)) == [inside.pk]


def test_unanswered_includes_topics_of_questions_one_answered(client):
    person, topic = UserFactory(), TopicFactory()
    AnswerFactory(author=person, post=PostFactory(topics=[topic]))
    Post.objects.filter(topics=topic).update(is_resolved=True)
    question = PostFactory(topics=[topic])
    client.force_login(person)

    assert _ids(client.get(UNANSWERED)) == [question.pk]


def test_unanswered_without_topics_is_empty(client):
    client.force_login(UserFactory())
    PostFactory(topics=[TopicFactory()])

    assert _ids(client.get(UNANSWERED)) == []


def test_unanswered_pages_with_a_cursor(client, topic, expert):
    questions = PostFactory.create_batch(3, topics=[topic])
    first = client.get(UNANSWERED, {"size": 2}).json()

    second = client.get(UNANSWERED, {"size": 2, "cursor": first["next_cursor"]}).json()

    ids = [item["id"] for item in first["items"] + second["items"]]
    assert ids == [question.pk for question in reversed(questions)]


def test_a_forged_cursor_on_unanswered_is_400(client, topic, expert):
    PostFactory(topics=[topic])

    response = client.get(UNANSWERED, {"cursor": FORGED})

    assert response.status_code == 400
    assert _is_error_shape(response.json())


@pytest.mark.parametrize("count", [5, 50])
def test_unanswered_costs_the_same_queries_for_5_or_50_questions(
    client, django_assert_max_num_queries, count
):
    small_topic, large_topic = TopicFactory(), TopicFactory()
    small = SkilledPersonFactory(skills=[small_topic])
    large = SkilledPersonFactory(skills=[large_topic])
    _busy_community(1, small_topic)
    _busy_community(count, large_topic)
    client.force_login(small)
    baseline = _queries(client, UNANSWERED)
    client.force_login(large)

    with django_assert_max_num_queries(baseline):
        response = client.get(UNANSWERED, {"size": 100})

    assert len(response.json()["items"]) == count
