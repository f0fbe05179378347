"""Searching: ranking, filters, order, pages, snippets and query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commonplace.communities.tests.factories import CommunityFactory
from commonplace.core.errors import InvalidInput
from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.people.tests.factories import UserFactory
from commonplace.search import services
from commonplace.search.query import SearchError
from commonplace.search.registry import Filters
from commonplace.search.selectors import search, similar_questions, suggest
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def _found(text, viewer=None, **options):
    results = search(viewer or UserFactory(), text, **options)
    return [hit.item.title for hit in results.page.items]


def test_a_match_in_the_title_ranks_above_one_in_the_body():
    PostFactory(title="Notes from Tuesday", body_source="we discussed terraform")
    PostFactory(title="Terraform state locking", body_source="notes")
    services.reindex()

    assert _found("terraform") == ["Terraform state locking", "Notes from Tuesday"]


def test_a_phrase_matches_only_its_words_in_order():
    """(PostgreSQL's dictionary skips common words inside a phrase, keeping
    their place: "out of memory" there matches any "… memory".)"""
    PostFactory(title="Memory heap overflow")
    PostFactory(title="Heap memory overflow in the worker")
    services.reindex()

    assert _found('"heap memory"') == ["Heap memory overflow in the worker"]


def test_an_excluded_word_leaves_its_posts_out():
    PostFactory(title="Deploying on Windows")
    PostFactory(title="Deploying on Linux")
    services.reindex()

    assert _found("deploying -windows") == ["Deploying on Linux"]


def test_filters_narrow_by_community_topic_author_date_kind_and_status():
    community, author, topic = CommunityFactory(), UserFactory(), TopicFactory()
    old = timezone.now() - timedelta(days=30)
    target = PostFactory(title="Cache warmup", community=community, author=author)
    target.topics.add(topic)
    AnswerFactory(post=target)
    type(target).objects.filter(pk=target.pk).update(answer_count=1)
    PostFactory(title="Cache warmup elsewhere")
    PostFactory(title="Cache warmup old", community=community, created_at=old)
    PostFactory(title="Cache warmup notes", community=community, kind="note")
    services.reindex()

    def only(**filters):
        return _found("cache warmup", filters=Filters(**filters))

    assert set(only(community_id=community.pk)) == {
        "Cache warmup",
        "Cache warmup old",
        "Cache warmup notes",
    }
    assert only(topic_id=topic.pk) == ["Cache warmup"]
    assert only(author_id=author.pk) == ["Cache warmup"]
    week_ago = timezone.localdate() - timedelta(days=7)
    assert "Cache warmup old" not in only(after=week_ago)
    assert only(before=(old + timedelta(days=1)).date()) == ["Cache warmup old"]
    assert only(post_kind="note") == ["Cache warmup notes"]
    assert only(status="answered") == ["Cache warmup"]
    assert "Cache warmup" not in only(status="unanswered")
    assert "Cache warmup notes" not in only(status="unanswered")


def test_a_filter_a_kind_does_not_have_finds_none_of_that_kind():
    UserFactory(display_name="Cache Warmup")
    services.reindex()

    results = search(
        UserFactory(), "cache", kind="person", filters=Filters(community_id=1)
    )

    assert results.page.items == []


@pytest.mark.parametrize("order", ["relevance", "newest"])
def test_pages_follow_each_other_without_repeating(order):
    now = timezone.now()
    for n in range(7):
        PostFactory(
            title=f"Kafka {'kafka ' * n}topic {n}", created_at=now - timedelta(hours=n)
        )
    services.reindex()
    viewer, seen, cursor = UserFactory(), [], None

    for _ in range(4):
        page = search(viewer, "kafka", order=order, size=3, cursor=cursor).page
        seen += [hit.item.title for hit in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break

    assert len(seen) == len(set(seen)) == 7
    if order == "newest":
        assert seen[0] == "Kafka topic 0"


@pytest.mark.parametrize("cursor", ["nonsense", "WzEsMiwzXQ", "WyJ4IiwieSJd"])
def test_a_cursor_not_made_here_is_refused(cursor):
    with pytest.raises(InvalidInput):
        search(UserFactory(), "kafka", cursor=cursor)


def test_an_unknown_order_is_refused_with_the_choices():
    with pytest.raises(SearchError) as refused:
        search(UserFactory(), "kafka", order="popular")

    assert "relevance" in refused.value.fields["order"][0]


def test_snippets_mark_the_words_and_escape_the_text():
    PostFactory(
        title="<script>alert(1)</script> kafka",
        body_source="Lots of text before. " * 20 + "The kafka <b>broker</b> died.",
    )
    services.reindex()

    hit = search(UserFactory(), "kafka broker").page.items[0]

    assert "<script>" not in hit.title
    assert "&lt;script&gt;" in hit.title
    assert "<mark>broker</mark>" in hit.snippet
    assert hit.snippet.startswith("…")


def test_a_search_that_finds_nothing_suggests_completing_its_last_word():
    PostFactory(title="Kubernetes upgrades")
    services.reindex()

    results = search(UserFactory(), "kubern")

    assert results.page.items == []
    assert "kubern*" in str(results.notes[-1])
    assert _found("kubern*") == ["Kubernetes upgrades"]


def test_suggestions_complete_the_word_being_typed():
    UserFactory(display_name="Kubrick Stanley")
    PostFactory(title="Kubernetes is not a name")
    services.reindex()

    hits = suggest(UserFactory(), "kubr")

    assert [(hit.kind, str(hit.item)) for hit in hits] == [
        ("person", "Kubrick Stanley")
    ]


def test_similar_questions_match_any_word_and_keep_to_questions():
    PostFactory(title="Rotate database credentials")
    PostFactory(title="Rotate nothing here", kind="discussion")
    PostFactory(title="Cheese")
    services.reindex()

    hits = similar_questions(UserFactory(), "How do I rotate credentials?")

    assert [hit.item.title for hit in hits] == ["Rotate database credentials"]


@pytest.mark.parametrize("count", [5, 25])
def test_a_page_costs_the_same_queries_however_many_results(
    count, django_assert_num_queries
):
    community = CommunityFactory()
    for n in range(count):
        PostFactory(title=f"Grafana dashboard {n}", community=community)
    services.reindex()
    viewer = UserFactory()

    # Ranking (the visible set joined in), then the rows shown.
    with django_assert_num_queries(2):
        results = search(viewer, "grafana", size=20)

    assert len(results.page.items) == min(count, 20)
