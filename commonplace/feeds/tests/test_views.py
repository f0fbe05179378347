"""The home page (the welcome, or the feed) and the unanswered questions."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import trans_real

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.knowledge.models import Post
from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.people.tests.factories import (
    ExternalMemberFactory,
    FollowFactory,
    SkilledPersonFactory,
    UserFactory,
)
from commonplace.topics.tests.factories import TopicFactory
from tests.test_pseudo_locale import PSEUDO, PseudoTranslation, untranslated

pytestmark = pytest.mark.django_db

HOME = reverse("feeds:home")
UNANSWERED = reverse("feeds:unanswered")
FORGED = "bm90LWEtY3Vyc29y"
CARD = 'class="card post-card"'


def _member(community, person=None, role=Role.MEMBER):
    return MembershipFactory(
        community=community, person=person or UserFactory(), role=role
    ).person


def _main(response):
    html = response.text
    return html[html.index("<main") : html.index("</main>")]


def _ids(response, name="feed"):
    return [post.pk for post in response.context[name].items]


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def _at(post, hours_ago):
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return post


def _busy_community(count, topic=None):
    """A community with `count` questions, each answered, on one topic."""
    community = CommunityFactory()
    topic = topic or TopicFactory()
    for post in PostFactory.create_batch(count, community=community, topics=[topic]):
        AnswerFactory(post=post)
        Post.objects.filter(pk=post.pk).update(trending_score=3)
    return community


@pytest.fixture
def member(client):
    community = CommunityFactory(name="Platform guild")
    person = _member(community)
    client.force_login(person)
    return person


@pytest.fixture
def guild(member):
    return member.memberships.get().community


# --- The home page -------------------------------------------------------------


def test_an_anonymous_visitor_is_welcomed(client):
    PostFactory(title="Not for visitors")

    response = client.get(HOME)

    assert response.status_code == 200
    assert "web/home.html" in [template.name for template in response.templates]
    assert "Learn by working together" in response.text
    assert reverse("accounts:login") in response.text
    assert "Not for visitors" not in response.text


def test_an_anonymous_visitor_asking_for_top_is_still_welcomed(client):
    response = client.get(HOME, {"order": "top"})

    assert response.status_code == 200
    assert "Learn by working together" in response.text


def test_a_signed_in_person_sees_their_feed_newest_first(client, member, guild):
    older = _at(PostFactory(community=guild, title="Older post"), 3)
    newer = _at(PostFactory(community=guild, title="Newer post"), 1)
    PostFactory(title="From elsewhere")

    response = client.get(HOME)

    html = _main(response)
    assert response.status_code == 200
    assert _ids(response) == [newer.pk, older.pk]
    assert html.index("Newer post") < html.index("Older post")
    assert "From elsewhere" not in html
    assert "Learn by working together" not in html


def test_the_feed_names_the_community_of_each_post(client, member, guild):
    PostFactory(community=guild)

    html = _main(client.get(HOME))

    assert reverse("communities:detail", kwargs={"slug": guild.slug}) in html
    assert "Platform guild" in html


def test_top_this_week_orders_by_score(client, member, guild):
    low, high = PostFactory(community=guild), PostFactory(community=guild)
    Post.objects.filter(pk=low.pk).update(trending_score=1)
    Post.objects.filter(pk=high.pk).update(trending_score=8)

    response = client.get(HOME, {"order": "top"})

    assert _ids(response) == [high.pk, low.pk]
    assert 'href="/?order=top" aria-current="page"' in response.text


def test_the_latest_tab_is_current_by_default(client, member, guild):
    PostFactory(community=guild)

    response = client.get(HOME)

    assert f'href="{HOME}" aria-current="page"' in response.text


def test_an_unknown_order_is_400(client, member, guild):
    PostFactory(community=guild)

    response = client.get(HOME, {"order": "oldest"})

    assert response.status_code == 400


def test_a_forged_cursor_is_400(client, member, guild):
    PostFactory(community=guild)

    assert client.get(HOME, {"cursor": FORGED}).status_code == 400
    assert (
        client.get(HOME, {"cursor": FORGED}, HTTP_HX_REQUEST="true").status_code == 400
    )


def test_the_feed_never_shows_a_followed_persons_private_post(client, member):
    author = UserFactory()
    FollowFactory(follower=member, person=author)
    private = CommunityFactory(visibility=Visibility.PRIVATE)
    _member(private, author)
    PostFactory(community=private, author=author, title="Behind closed doors")
    PostFactory(author=author, title="Out in the open")

    html = _main(client.get(HOME))

    assert "Out in the open" in html
    assert "Behind closed doors" not in html


def test_load_more_through_htmx_returns_only_the_next_cards(client, member, guild):
    PostFactory.create_batch(21, community=guild)
    first = client.get(HOME)

    response = client.get(
        HOME, {"cursor": first.context["feed"].next_cursor}, HTTP_HX_REQUEST="true"
    )

    assert first.text.count(CARD) == 20
    assert "Load more" in _main(first)
    assert response.status_code == 200
    assert "<main" not in response.text
    assert response.text.count(CARD) == 1
    assert "Load more" not in response.text


def test_the_load_more_link_carries_the_order_and_the_cursor(client, member, guild):
    for post in PostFactory.create_batch(21, community=guild):
        Post.objects.filter(pk=post.pk).update(trending_score=2)

    response = client.get(HOME, {"order": "top"})

    more = re.search(r'hx-get="([^"]+)"', _main(response)).group(1)
    assert "order=top" in more
    assert f"cursor={response.context['feed'].next_cursor}" in more.replace(
        "&amp;", "&"
    )


def test_load_more_works_as_a_plain_link_without_javascript(client, member, guild):
    PostFactory.create_batch(21, community=guild)
    cursor = client.get(HOME).context["feed"].next_cursor

    response = client.get(HOME, {"cursor": cursor})

    assert "<main" in response.text
    assert len(response.context["feed"].items) == 1


def test_a_new_member_with_an_empty_feed_gets_suggestions(client, member):
    CommunityFactory(name="Data guild")
    topic = TopicFactory(name="Terraform")
    UserFactory(display_name="Casey Colleague").skills.add(topic)

    response = client.get(HOME)

    html = _main(response)
    assert response.status_code == 200
    assert "Communities to join" in html
    assert "Data guild" in html
    assert "Topics to follow" in html
    assert "Terraform" in html
    assert "People to follow" in html
    assert "Casey Colleague" in html


def test_someone_following_nothing_gets_suggestions_on_the_top_tab_too(client):
    client.force_login(UserFactory())
    CommunityFactory(name="Data guild")

    html = _main(client.get(HOME, {"order": "top"}))

    assert "Data guild" in html


def test_a_feed_with_nothing_to_suggest_still_says_where_to_go(client):
    client.force_login(ExternalMemberFactory())

    html = _main(client.get(HOME))

    assert "Nothing to suggest yet" in html
    assert reverse("communities:mine") in html


def test_a_feed_with_posts_shows_no_suggestions(client, member, guild):
    PostFactory(community=guild)
    CommunityFactory(name="Data guild")

    response = client.get(HOME)

    assert "suggestions" not in response.context
    assert "Communities to join" not in response.text


def test_top_with_nothing_this_week_points_to_the_latest_posts(client, member, guild):
    PostFactory(community=guild, title="Last month's post")

    html = _main(client.get(HOME, {"order": "top"}))

    assert "Nothing from what you follow this week yet" in html
    assert "Communities to join" not in html


def test_the_home_page_links_to_unanswered_and_bookmarks(client, member):
    html = _main(client.get(HOME))

    assert UNANSWERED in html
    assert reverse("knowledge:bookmarks") in html


@pytest.mark.parametrize("count", [5, 50])
def test_the_home_feed_costs_the_same_queries_for_5_or_50_posts(
    client, django_assert_max_num_queries, count
):
    small, large = UserFactory(), UserFactory()
    _member(_busy_community(1), small)
    _member(_busy_community(count), large)
    client.force_login(small)
    baseline = _queries(client, HOME)
    client.force_login(large)

    with django_assert_max_num_queries(baseline):
        response = client.get(HOME)

    assert len(response.context["feed"].items) == min(count, 20)


@pytest.mark.parametrize("count", [5, 50])
def test_top_this_week_costs_the_same_queries_for_5_or_50_posts(
    client, django_assert_max_num_queries, count
):
    small, large = UserFactory(), UserFactory()
    _member(_busy_community(1), small)
    _member(_busy_community(count), large)
    client.force_login(small)
    baseline = _queries(client, HOME, order="top")
    client.force_login(large)

    with django_assert_max_num_queries(baseline):
        response = client.get(HOME, {"order": "top"})

    assert len(response.context["feed"].items) == min(count, 20)


# --- Unanswered questions ---------------------------------------------------------


@pytest.fixture
def topic():
    return TopicFactory(name="Kubernetes")


@pytest.fixture
def expert(client, topic):
    person = SkilledPersonFactory(skills=[topic])
    client.force_login(person)
    return person


def test_unanswered_lists_open_questions_in_ones_topics(client, topic, expert):
    PostFactory(topics=[topic], title="How do pods restart?")
    PostFactory(topics=[TopicFactory(name="Cooking")], title="Which pan?")
    PostFactory(topics=[topic], author=expert, title="My own question")

    response = client.get(UNANSWERED)

    html = _main(response)
    assert response.status_code == 200
    assert "How do pods restart?" in html
    assert "Which pan?" not in html
    assert "My own question" not in html
    assert "Kubernetes" in html


def test_unanswered_leaves_out_questions_in_communities_one_cannot_read(
    client, topic, expert
):
    private = CommunityFactory(visibility=Visibility.PRIVATE)
    PostFactory(community=private, topics=[topic], title="Private question")

    response = client.get(UNANSWERED)

    assert _ids(response, "page") == []
    assert "Private question" not in response.text


def test_unanswered_without_topics_asks_for_them(client):
    client.force_login(UserFactory())

    html = _main(client.get(UNANSWERED))

    assert "Add the topics you know" in html
    assert reverse("people:profile-edit") in html


def test_unanswered_with_every_question_resolved_says_so(client, topic, expert):
    question = PostFactory(topics=[topic])
    Post.objects.filter(pk=question.pk).update(is_resolved=True)

    html = _main(client.get(UNANSWERED))

    assert "Every question in your topics has a helpful answer" in html


def test_unanswered_needs_a_signed_in_person(client):
    response = client.get(UNANSWERED)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unanswered_loads_more_through_htmx(client, topic, expert):
    PostFactory.create_batch(21, topics=[topic])
    first = client.get(UNANSWERED)

    response = client.get(
        UNANSWERED,
        {"cursor": first.context["page"].next_cursor},
        HTTP_HX_REQUEST="true",
    )

    assert first.text.count(CARD) == 20
    assert "<main" not in response.text
    assert response.text.count(CARD) == 1


def test_a_forged_cursor_on_unanswered_is_400(client, topic, expert):
    PostFactory(topics=[topic])

    assert client.get(UNANSWERED, {"cursor": FORGED}).status_code == 400


@pytest.mark.parametrize("count", [5, 50])
def test_unanswered_costs_the_same_queries_for_5_or_50_questions(
    client, django_assert_max_num_queries, count
):
    small_topic, large_topic = TopicFactory(), TopicFactory()
    small = SkilledPersonFactory(skills=[small_topic])
    large = SkilledPersonFactory(skills=[large_topic])
    PostFactory.create_batch(1, topics=[small_topic])
    PostFactory.create_batch(count, topics=[large_topic])
    client.force_login(small)
    baseline = _queries(client, UNANSWERED)
    client.force_login(large)

    with django_assert_max_num_queries(baseline):
        response = client.get(UNANSWERED)

    assert len(response.context["page"].items) == min(count, 20)


# --- Every feed page --------------------------------------------------------------


@pytest.fixture
def every_page(client):
    topic = TopicFactory(name="Kubernetes")
    community = CommunityFactory()
    person = SkilledPersonFactory(skills=[topic], display_name="Robin Reader")
    _member(community, person)
    PostFactory(community=community, topics=[topic], title="Pods?")
    client.force_login(person)
    return [HOME, f"{HOME}?order=top", UNANSWERED]


@pytest.fixture
def empty_feed(client):
    CommunityFactory(name="Data guild")
    TopicFactory(name="Terraform").people_stating.add(UserFactory())
    client.force_login(UserFactory(display_name="Nora Newcomer"))
    return [HOME, UNANSWERED]


def test_feed_pages_have_no_inline_scripts_styles_or_handlers(client, every_page):
    for url in every_page:
        html = client.get(url).text

        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, url
        assert re.search(r"\son[a-z]+=", html) is None, url
        assert re.search(r"\sstyle=", html) is None, url


@pytest.mark.parametrize("pages", ["every_page", "empty_feed"])
def test_feed_pages_have_no_untranslated_text(
    client, request, pages, settings, monkeypatch
):
    from django.utils import translation

    urls = request.getfixturevalue(pages)
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("LocaleMiddleware")
    ]
    monkeypatch.setitem(trans_real._translations, PSEUDO, PseudoTranslation())

    with translation.override(PSEUDO):
        leaks = {url: untranslated(client.get(url).text) for url in urls}

    assert leaks == {url: [] for url in urls}
