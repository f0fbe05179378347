"""The search API: results with their post details, the same filters and
refusals as the page (400 in the API's error shape), pages, suggestions,
similar questions, and query counts that do not grow with the results."""

import pytest
from django.urls import reverse

from commonplace.communities.tests.factories import CommunityFactory
from commonplace.knowledge.models import PostKind
from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.people.tests.factories import UserFactory
from commonplace.search.services import reindex
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("api:search")
SUGGEST = reverse("api:search-suggest")
SIMILAR = reverse("api:search-similar")
# Whatever the number of results: the session (none with Redis), the
# person, the ranked documents and the rows shown (with their authors and
# communities).
QUERIES = 4


def _is_error_shape(body):
    return set(body) == {"detail", "fields"} and isinstance(body["detail"], str)


def _titles(response):
    return [item["title"] for item in response.json()["items"]]


def test_a_search_returns_posts_with_their_details(client, reader, guild):
    author = UserFactory(display_name="Ada Asker")
    question = PostFactory(community=guild, author=author, title="Flaky build cache")
    question.accepted_answer = AnswerFactory(post=question)
    question.answer_count = 1
    question.save()
    reindex()

    response = client.get(SEARCH, {"q": "flaky"})

    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    assert body["notes"] == []
    [item] = body["items"]
    assert item["kind"] == "post"
    assert item["id"] == question.pk
    assert item["title"] == "Flaky build cache"
    assert item["title_html"] == "<mark>Flaky</mark> build cache"
    assert item["url"] == reverse("knowledge:post", kwargs={"pk": question.pk})
    assert item["community"] == {"slug": "platform-guild", "name": "Platform Guild"}
    assert item["author"] == {"id": author.pk, "display_name": "Ada Asker"}
    assert item["post_kind"] == "question"
    assert item["answer_count"] == 1
    assert item["has_accepted_answer"] is True
    assert item["created_at"]


def test_the_title_is_plain_text_and_the_snippet_escaped_html(client, reader, guild):
    PostFactory(
        community=guild,
        title="<script>alert(1)</script> & more",
        body_html="<p>Call alert(&quot;x&quot;) &lt;b&gt;</p>",
    )
    reindex()

    [item] = client.get(SEARCH, {"q": "alert"}).json()["items"]

    assert item["title"] == "<script>alert(1)</script> & more"
    assert "<script>" not in item["title_html"]
    assert "&lt;script&gt;<mark>alert</mark>" in item["title_html"]
    assert "<b>" not in item["snippet_html"]
    assert "<mark>alert</mark>" in item["snippet_html"]


def test_people_have_no_post_details(client, reader):
    person = UserFactory(display_name="Zeynep Kaya")
    reindex()

    [item] = client.get(SEARCH, {"q": "zeynep", "kind": "person"}).json()["items"]

    assert item["id"] == person.pk
    assert item["community"] is None
    assert item["answer_count"] is None
    assert item["has_accepted_answer"] is None


def test_the_filters_narrow_the_posts_as_on_the_page(client, reader, guild):
    topic = TopicFactory(name="Terraform")
    author = UserFactory()
    wanted = PostFactory(community=guild, author=author, title="State drift again")
    wanted.topics.add(topic)
    PostFactory(community=guild, title="State drift elsewhere")
    PostFactory(community=CommunityFactory(), author=author, title="State drift far")
    reindex()

    response = client.get(
        SEARCH,
        {
            "q": "drift",
            "community": guild.slug,
            "topic": "terraform",
            "author": author.handle,
            "status": "unanswered",
            "post_kind": "question",
            "order": "newest",
        },
    )

    assert response.status_code == 200
    assert _titles(response) == ["State drift again"]


def test_pages_follow_the_cursor_without_repeating(client, reader, guild):
    for number in range(7):
        PostFactory(community=guild, title=f"Runbook {number}")
    reindex()

    first = client.get(SEARCH, {"q": "runbook", "size": 5}).json()
    second = client.get(
        SEARCH, {"q": "runbook", "size": 5, "cursor": first["next_cursor"]}
    ).json()

    assert len(first["items"]) == 5
    assert len(second["items"]) == 2
    assert second["next_cursor"] is None
    first_ids = {item["id"] for item in first["items"]}
    assert first_ids.isdisjoint(item["id"] for item in second["items"])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"community": "no-such-place"}, "community"),
        ({"topic": "no-such-topic"}, "topic"),
        ({"author": "nobody-at-all"}, "author"),
        ({"after": "2024-02-31"}, "after"),
        ({"after": "2024-05-02", "before": "2024-05-01"}, "before"),
        ({"kind": "ideas"}, "kind"),
        ({"status": "solved"}, "status"),
        ({"post_kind": "poll"}, "post_kind"),
        ({"order": "random"}, "order"),
        ({"kind": "person", "status": "answered"}, "__all__"),
    ],
)
def test_a_bad_filter_answers_400_naming_the_field(client, reader, params, field):
    response = client.get(SEARCH, {"q": "deploy", **params})

    body = response.json()
    assert response.status_code == 400
    assert _is_error_shape(body)
    assert list(body["fields"]) == [field]
    assert body["detail"] == body["fields"][field][0]


@pytest.mark.parametrize(
    ("q", "detail"),
    [
        ("", "Type a word to search for."),
        ("   ", "Type a word to search for."),
        ("the of and", "Those words are too common to search for."),
        ("*** ::: ^^^", "signs and symbols alone cannot be searched"),
        ("-kubernetes", "a search cannot only leave words out"),
    ],
)
def test_a_query_that_cannot_be_searched_answers_400(client, reader, q, detail):
    response = client.get(SEARCH, {"q": q})

    assert response.status_code == 400
    assert _is_error_shape(response.json())
    assert detail in response.json()["detail"]


def test_a_forged_cursor_answers_400(client, reader):
    response = client.get(SEARCH, {"q": "deploy", "cursor": "forged"})

    assert response.status_code == 400
    assert _is_error_shape(response.json())


def test_a_page_size_out_of_bounds_is_refused_in_the_error_shape(client, reader):
    response = client.get(SEARCH, {"q": "deploy", "size": 1000})

    assert response.status_code == 422
    assert "size" in response.json()["fields"]


def test_a_very_long_query_is_cut_with_a_note(client, reader, guild):
    PostFactory(community=guild, title="Kafka consumer lag")
    reindex()

    body = client.get(SEARCH, {"q": "kafka " + "x" * 5000}).json()

    assert body["notes"] == ["Only the first 500 characters of your search were used."]


def test_an_unclosed_quote_is_left_out_with_a_note(client, reader, guild):
    PostFactory(community=guild, title="Kafka consumer lag")
    reindex()

    body = client.get(SEARCH, {"q": '"kafka consumer'}).json()

    assert [item["title"] for item in body["items"]] == ["Kafka consumer lag"]
    assert body["notes"] == ["A quote was not closed, so it was left out."]


@pytest.mark.parametrize(
    "q",
    [
        "kafka NEAR lag",
        "kafka AND lag",
        "kafka* lag:",
        "(kafka ^lag",
        "kafka'; DROP TABLE knowledge_post; --",
        'kafka" OR 1=1 --',
        "kafka 🚀 lag",
        "kafka Кафка 卡夫卡 lag",
    ],
)
def test_engine_syntax_sql_emoji_and_mixed_scripts_are_searched_as_words(
    client, reader, guild, q
):
    PostFactory(community=guild, title="Kafka consumer lag")
    reindex()

    response = client.get(SEARCH, {"q": q})

    assert response.status_code == 200
    assert set(response.json()) == {"items", "next_cursor", "notes"}


@pytest.mark.parametrize("count", [5, 25])
def test_a_search_costs_the_same_queries_whatever_the_results(
    client, reader, guild, count, django_assert_max_num_queries
):
    for number in range(count):
        PostFactory(
            community=guild, author=UserFactory(), title=f"Observability {number}"
        )
    reindex()

    with django_assert_max_num_queries(QUERIES):
        response = client.get(SEARCH, {"q": "observability"})

    assert len(response.json()["items"]) == min(count, 20)


def test_suggestions_list_people_communities_and_topics(client, reader, guild):
    UserFactory(display_name="Plato Person")
    TopicFactory(name="Platform engineering")
    reindex()

    response = client.get(SUGGEST, {"q": "plat"})

    assert response.status_code == 200
    kinds = {item["kind"] for item in response.json()["items"]}
    assert kinds == {"person", "community", "topic"}


def test_suggestions_are_empty_while_nothing_can_be_searched(client, reader):
    response = client.get(SUGGEST, {"q": "  "})

    assert response.status_code == 200
    assert response.json() == {"items": []}


def test_similar_questions_are_questions_like_the_title(client, reader, guild):
    question = PostFactory(community=guild, title="Why is the docker build slow?")
    question.accepted_answer = AnswerFactory(post=question)
    question.save()
    PostFactory(community=guild, title="Docker build party", kind=PostKind.DISCUSSION)
    reindex()

    response = client.get(SIMILAR, {"title": "docker build is slow"})

    [item] = response.json()["items"]
    assert item["id"] == question.pk
    assert item["has_accepted_answer"] is True


@pytest.mark.parametrize("title", ["", "docker", "   docker   "])
def test_similar_questions_are_empty_for_a_blank_or_short_title(
    client, reader, guild, title
):
    PostFactory(community=guild, title="Why is the docker build slow?")
    reindex()

    response = client.get(SIMILAR, {"title": title})

    assert response.status_code == 200
    assert response.json() == {"items": []}


@pytest.mark.parametrize("url", [SEARCH, SUGGEST, SIMILAR])
def test_the_search_api_needs_signing_in(client, url):
    response = client.get(url, {"q": "deploy", "title": "docker build slow"})

    assert response.status_code == 401
    assert _is_error_shape(response.json())
