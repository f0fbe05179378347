"""The search page, the header's box and suggestions, and similar questions
under a new question's title: results, filters, pages, escaping, bad input
kept in the form, and query counts that do not grow with the results."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import trans_real

from commonplace.communities.tests.factories import CommunityFactory
from commonplace.knowledge.models import PostKind
from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.people.tests.factories import UserFactory
from commonplace.search.services import reindex
from commonplace.topics.tests.factories import TopicFactory
from tests.test_pseudo_locale import PSEUDO, PseudoTranslation, untranslated

pytestmark = pytest.mark.django_db

RESULTS = reverse("search:results")
SUGGEST = reverse("search:suggest")
SIMILAR = reverse("search:similar")
# Whatever the number of results: the session (none with Redis), the
# person, the header's unread count, the communities to choose from, the
# ranked documents, and the rows shown (with their authors and
# communities), one query each.
PAGE_QUERIES = 6


def _main(response):
    html = response.text
    return html[html.index("<main") : html.index("</main>")]


def _hits(response):
    """The titles of the results, as shown (marks removed)."""
    titles = re.findall(r'class="search-hit__title"><a [^>]*>(.*?)</a>', response.text)
    return [re.sub(r"</?mark>", "", title) for title in titles]


def _post_link(post):
    return f'href="{reverse("knowledge:post", kwargs={"pk": post.pk})}"'


def _search(client, **params):
    return client.get(RESULTS, params)


# --- Results ----------------------------------------------------------------


def test_a_search_lists_the_matching_posts_with_the_words_marked(client, reader, guild):
    PostFactory(community=guild, title="Kubernetes pods keep restarting")
    PostFactory(community=guild, title="Lunch on Friday")
    reindex()

    response = _search(client, q="kubernetes")

    assert response.status_code == 200
    assert _hits(response) == ["Kubernetes pods keep restarting"]
    assert "<mark>Kubernetes</mark>" in _main(response)


def test_a_result_shows_its_community_author_date_answers_and_acceptance(
    client, reader, guild
):
    author = UserFactory(display_name="Ada Asker")
    question = PostFactory(community=guild, author=author, title="Flaky build cache")
    answer = AnswerFactory(post=question)
    question.accepted_answer = answer
    question.answer_count = 1
    question.save()
    reindex()

    html = _main(_search(client, q="flaky"))

    assert "Platform Guild" in html
    assert "Ada Asker" in html
    assert "<time datetime=" in html
    assert "1 answer" in html
    assert "Answer accepted" in html


def test_a_title_with_html_in_it_is_shown_escaped(client, reader, guild):
    PostFactory(community=guild, title="<script>alert(1)</script> in a title")
    reindex()

    html = _main(_search(client, q="alert"))

    assert "<script>alert" not in html
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in html


def test_a_blank_search_is_the_empty_page_with_a_hint(client, reader):
    response = _search(client, q="   ", community="platform-guild")

    assert response.status_code == 200
    assert "Type what you are looking for" in _main(response)
    assert 'value="platform-guild" selected' in response.text


def test_the_people_tab_finds_people_by_name(client, reader):
    UserFactory(display_name="Zeynep Kaya")
    reindex()

    response = _search(client, q="zeynep", kind="person")

    assert response.status_code == 200
    assert _hits(response) == ["Zeynep Kaya"]
    assert 'aria-current="page">People</a>' in response.text


def test_the_posts_tab_loads_people_communities_and_topics_beside_the_results(
    client, reader, guild
):
    PostFactory(community=guild, title="Platform roadmap")
    reindex()

    html = _main(_search(client, q="platform"))

    assert f'hx-get="{SUGGEST}?q=platform&amp;panel=1"' in html


# --- Filters ----------------------------------------------------------------


def test_the_community_filter_keeps_to_one_community(client, reader, guild):
    other = CommunityFactory(name="Data Guild")
    PostFactory(community=guild, title="Deploy checklist here")
    PostFactory(community=other, title="Deploy checklist there")
    reindex()

    response = _search(client, q="deploy", community=guild.slug)

    assert _hits(response) == ["Deploy checklist here"]


def test_the_community_choices_are_the_communities_the_viewer_reads(
    client, reader, guild
):
    CommunityFactory(name="Secret Circle", slug="secret-circle", visibility="secret")

    html = _main(_search(client))

    assert 'value="platform-guild"' in html
    assert "secret-circle" not in html


def test_the_topic_author_kind_and_status_filters_narrow_the_posts(
    client, reader, guild
):
    topic = TopicFactory(name="Terraform")
    author = UserFactory(display_name="Tom Tester")
    wanted = PostFactory(community=guild, author=author, title="State drift again")
    wanted.topics.add(topic)
    PostFactory(community=guild, title="State drift elsewhere")
    PostFactory(
        community=guild, author=author, title="State drift talk", kind=PostKind.NOTE
    )
    reindex()

    response = _search(
        client,
        q="drift",
        topic=topic.slug,
        author=f"@{author.handle}",
        post_kind="question",
        status="unanswered",
    )

    assert _hits(response) == ["State drift again"]


def test_the_date_range_keeps_posts_written_between_the_two_days(client, reader, guild):
    now = timezone.now()
    PostFactory(
        community=guild, title="Retro notes old", created_at=now - timedelta(days=40)
    )
    PostFactory(community=guild, title="Retro notes new", created_at=now)
    reindex()

    response = _search(
        client,
        q="retro",
        after=(now - timedelta(days=2)).date().isoformat(),
        before=(now + timedelta(days=1)).date().isoformat(),
    )

    assert _hits(response) == ["Retro notes new"]


def test_newest_first_orders_by_date(client, reader, guild):
    now = timezone.now()
    PostFactory(
        community=guild,
        title="Incident review review",
        created_at=now - timedelta(days=3),
    )
    PostFactory(community=guild, title="Incident notes", created_at=now)
    reindex()

    response = _search(client, q="incident", order="newest")

    assert _hits(response) == ["Incident notes", "Incident review review"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"community": "no-such-place"}, "community", "No community you can read"),
        ({"topic": "no-such-topic"}, "topic", "There is no topic called"),
        ({"author": "@nobody-at-all"}, "author", "Nobody you can see has the handle"),
        ({"after": "2024-02-31"}, "after", "Enter a date as YYYY-MM-DD"),
        ({"after": "yesterday"}, "after", "Enter a date as YYYY-MM-DD"),
        (
            {"after": "2024-05-02", "before": "2024-05-01"},
            "before",
            "This date is before the start date",
        ),
        ({"kind": "ideas"}, "kind", "Choose one of: posts, people"),
        ({"status": "solved"}, "status", "Choose one of: answered"),
        ({"order": "random"}, "order", "Choose one of: best match, newest first"),
        ({"post_kind": "poll"}, "post_kind", "Choose one of: discussion"),
    ],
)
def test_a_bad_filter_answers_400_with_the_form_kept_and_the_reason(
    client, reader, params, field, message
):
    response = _search(client, q="deploy pipeline", **params)

    html = _main(response)
    assert response.status_code == 400
    assert message in html
    assert 'value="deploy pipeline"' in html
    assert f'name="{field}"' in html


def test_a_filter_that_does_not_apply_to_the_kind_is_refused(client, reader, guild):
    response = _search(client, q="ada", kind="person", community=guild.slug)

    assert response.status_code == 400
    assert "People cannot be narrowed by: community." in _main(response)


# --- Queries that cannot be searched as typed --------------------------------


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("the of and", "Those words are too common to search for."),
        ("*** ::: ^^^", "signs and symbols alone cannot be searched"),
        ("-kubernetes", "a search cannot only leave words out"),
    ],
)
def test_a_query_that_cannot_be_searched_answers_400_beside_the_words(
    client, reader, q, message
):
    response = _search(client, q=q)

    html = _main(response)
    assert response.status_code == 400
    assert message in html
    assert 'aria-invalid="true"' in html


def test_a_very_long_query_is_cut_with_a_note(client, reader, guild):
    PostFactory(community=guild, title="Kafka consumer lag")
    reindex()

    response = _search(client, q="kafka " + "x" * 5000)

    assert response.status_code == 200
    assert "Only the first 500 characters of your search were used." in response.text


def test_an_unclosed_quote_is_left_out_with_a_note(client, reader, guild):
    PostFactory(community=guild, title="Kafka consumer lag")
    reindex()

    response = _search(client, q='"kafka consumer')

    assert response.status_code == 200
    assert _hits(response) == ["Kafka consumer lag"]
    assert "A quote was not closed" in response.text


@pytest.mark.parametrize(
    "q",
    [
        "kafka NEAR lag",
        "kafka AND lag",
        "kafka* lag:",
        "(kafka ^lag",
        "kafka'; DROP TABLE knowledge_post; --",
        "kafka 🚀 lag",
        "kafka Кафка 卡夫卡",
        '"kafka',
    ],
)
def test_engine_syntax_sql_and_any_script_are_searched_as_words(
    client, reader, guild, q
):
    PostFactory(community=guild, title="Kafka consumer lag")
    reindex()

    response = _search(client, q=q)

    assert response.status_code == 200


def test_a_forged_cursor_answers_400_with_the_form_kept(client, reader):
    response = _search(client, q="deploy", cursor="not-a-cursor")

    assert response.status_code == 400
    assert 'value="deploy"' in response.text


# --- Pages of results --------------------------------------------------------


def test_the_next_page_link_keeps_the_words_and_filters(client, reader, guild):
    for number in range(25):
        PostFactory(community=guild, title=f"Runbook {number}")
    reindex()

    first = _search(client, q="runbook", community=guild.slug, order="newest")
    next_url = re.search(r'href="([^"]+)" rel="next"', first.text).group(1)
    second = client.get(RESULTS + next_url.replace("&amp;", "&"))

    assert len(_hits(first)) == 20
    assert "community=platform-guild" in next_url
    assert "order=newest" in next_url
    assert len(_hits(second)) == 5
    assert set(_hits(first)).isdisjoint(_hits(second))


@pytest.mark.parametrize("count", [5, 25])
def test_the_page_costs_the_same_queries_whatever_the_results(
    client, reader, guild, count, django_assert_max_num_queries
):
    for number in range(count):
        PostFactory(
            community=guild, author=UserFactory(), title=f"Observability {number}"
        )
    reindex()

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = _search(client, q="observability")

    assert len(_hits(response)) == min(count, 20)


def test_the_search_page_needs_signing_in(client):
    response = _search(client, q="deploy")

    assert response.status_code == 302


# --- The header's box and its suggestions ------------------------------------


def test_the_header_has_a_labelled_search_box_for_signed_in_people(client, reader):
    html = client.get(reverse("feeds:home")).text

    assert 'role="search"' in html
    assert '<label class="visually-hidden" for="site-search-q">Search</label>' in html
    assert f'hx-get="{SUGGEST}"' in html
    assert 'hx-trigger="input changed delay:250ms"' in html
    assert 'aria-live="polite"' in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None


def test_the_header_has_no_search_box_for_visitors(client):
    html = client.get(reverse("accounts:login")).text

    assert "site-search" not in html


def test_suggestions_list_people_communities_and_topics_as_links(client, reader, guild):
    person = UserFactory(display_name="Plato Person")
    TopicFactory(name="Platform engineering")
    reindex()

    html = client.get(SUGGEST, {"q": "plat"}).text

    assert f'href="{reverse("people:person", kwargs={"pk": person.pk})}"' in html
    assert (
        f'href="{reverse("communities:detail", kwargs={"slug": guild.slug})}"' in html
    )
    assert "<mark>" in html
    assert "People" in html
    assert "Communities" in html
    assert "Topics" in html


def test_suggestions_are_empty_for_nothing_searchable(client, reader):
    response = client.get(SUGGEST, {"q": "  "})

    assert response.status_code == 200
    assert "<a" not in response.text


def test_suggestions_answer_nothing_once_the_session_ended(client):
    response = client.get(SUGGEST, {"q": "plat"})

    assert response.status_code == 204


# --- Similar questions while asking ------------------------------------------


def test_similar_questions_list_questions_like_the_title_with_acceptance(
    client, reader, guild
):
    accepted = PostFactory(community=guild, title="Why is the docker build slow?")
    accepted.accepted_answer = AnswerFactory(post=accepted)
    accepted.save()
    other = PostFactory(community=guild, title="Docker build fails on arm")
    talk = PostFactory(
        community=guild, title="Docker build party", kind=PostKind.DISCUSSION
    )
    reindex()

    html = client.get(SIMILAR, {"title": "docker build is slow"}).text

    assert "Similar questions already asked" in html
    assert _post_link(accepted) in html
    assert _post_link(other) in html
    assert _post_link(talk) not in html
    assert html.count("Answer accepted") == 1


@pytest.mark.parametrize(
    "params",
    [
        {"title": ""},
        {"title": "docker"},
        {"title": "docker build slow", "kind": "note"},
    ],
)
def test_similar_questions_are_empty_for_a_short_title_or_another_kind(
    client, reader, guild, params
):
    PostFactory(community=guild, title="Why is the docker build slow?")
    reindex()

    response = client.get(SIMILAR, params)

    assert response.status_code == 200
    assert response.text.strip() == ""


def test_the_new_post_form_asks_for_similar_questions_as_the_title_is_typed(
    client, reader, guild
):
    html = client.get(
        reverse("knowledge:new-post", kwargs={"slug": guild.slug}), {"kind": "question"}
    ).text

    assert f'hx-get="{SIMILAR}"' in html
    assert 'hx-target="#similar-questions"' in html
    assert '<div id="similar-questions" aria-live="polite"></div>' in html


# --- Every text translated -----------------------------------------------------


def test_the_search_pages_have_no_untranslated_text(
    client, reader, guild, settings, monkeypatch
):
    question = PostFactory(community=guild, title="Why is the docker build slow?")
    question.accepted_answer = AnswerFactory(post=question)
    question.save()
    TopicFactory(name="Docker")
    reindex()
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("LocaleMiddleware")
    ]
    monkeypatch.setitem(trans_real._translations, PSEUDO, PseudoTranslation())
    urls = [
        RESULTS,
        f"{RESULTS}?q=docker",
        f"{RESULTS}?q=docker&kind=topic",
        f"{RESULTS}?q=the",
        f"{RESULTS}?q=docker&after=soon",
        f"{SUGGEST}?q=dock&panel=1",
        f"{SIMILAR}?title=docker+build+slow",
    ]

    with translation.override(PSEUDO):
        leaks = {url: untranslated(client.get(url).text) for url in urls}

    assert leaks == {url: [] for url in urls}
