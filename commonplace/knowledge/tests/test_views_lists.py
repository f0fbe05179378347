"""Posts in lists (a community's feed, a topic's page, the directory's
"most active" sort), and what every conversation page must hold to."""

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
from commonplace.knowledge import services
from commonplace.knowledge.tests.factories import (
    AnswerFactory,
    CommentFactory,
    PostFactory,
    ReportFactory,
)
from commonplace.people.tests.factories import UserFactory
from commonplace.topics.tests.factories import TopicFactory
from tests.test_pseudo_locale import PSEUDO, PseudoTranslation, untranslated

pytestmark = pytest.mark.django_db


def _member(community, role=Role.MEMBER, **fields):
    return MembershipFactory(
        community=community, person=UserFactory(**fields), role=role
    ).person


def _main(response):
    html = response.text
    return html[html.index("<main") : html.index("</main>")]


def _detail(community):
    return reverse("communities:detail", kwargs={"slug": community.slug})


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- The community feed -----------------------------------------------------


def test_the_community_page_lists_its_posts_newest_first(client):
    community = CommunityFactory()
    PostFactory(community=community, title="Older question")
    PostFactory(community=community, title="Newer question")
    client.force_login(_member(community))

    html = _main(client.get(_detail(community)))

    assert html.index("Newer question") < html.index("Older question")
    assert reverse("knowledge:new-post", kwargs={"slug": community.slug}) in html


def test_guests_see_the_feed_without_a_new_post_button(client):
    community = CommunityFactory()
    PostFactory(community=community, title="Visible to guests")
    client.force_login(_member(community, Role.GUEST))

    html = _main(client.get(_detail(community)))

    assert "Visible to guests" in html
    assert reverse("knowledge:new-post", kwargs={"slug": community.slug}) not in html


def test_a_private_community_shows_no_posts_to_those_who_only_see_it(client):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    PostFactory(community=community, title="Members only talk")
    client.force_login(UserFactory())

    html = _main(client.get(_detail(community)))

    assert "Members only talk" not in html


def test_the_unanswered_tab_lists_questions_not_yet_resolved(client):
    community = CommunityFactory()
    open_question = PostFactory(community=community, title="Still open")
    solved = PostFactory(community=community, title="Solved already")
    solved.accepted_answer = AnswerFactory(post=solved)
    solved.is_resolved = True
    solved.save()
    PostFactory(community=community, kind="discussion", title="Just talking")
    client.force_login(_member(community))

    response = client.get(_detail(community), {"show": "unanswered"})

    assert [post.pk for post in response.context["feed"].items] == [open_question.pk]


def test_load_more_through_htmx_returns_only_the_next_cards(client):
    community = CommunityFactory()
    PostFactory.create_batch(21, community=community)
    client.force_login(_member(community))
    first = client.get(_detail(community))
    cursor = first.context["feed"].next_cursor

    response = client.get(
        _detail(community), {"cursor": cursor}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "<main" not in response.text
    assert response.text.count('class="card post-card"') == 1
    assert "Load more" in _main(first)


def test_load_more_works_as_a_plain_link_without_javascript(client):
    community = CommunityFactory()
    PostFactory.create_batch(21, community=community)
    client.force_login(_member(community))
    cursor = client.get(_detail(community)).context["feed"].next_cursor

    response = client.get(_detail(community), {"cursor": cursor})

    assert "<main" in response.text
    assert len(response.context["feed"].items) == 1


def _busy_community(count):
    community = CommunityFactory()
    topic = TopicFactory()
    for post in PostFactory.create_batch(count, community=community, topics=[topic]):
        AnswerFactory(post=post)
    return community


def test_the_feed_costs_the_same_queries_for_5_or_50_posts(
    client, django_assert_max_num_queries
):
    viewer = UserFactory()
    small, large = _busy_community(5), _busy_community(50)
    for community in (small, large):
        MembershipFactory(community=community, person=viewer)
    client.force_login(viewer)
    baseline = _queries(client, _detail(small))

    with django_assert_max_num_queries(baseline):
        response = client.get(_detail(large))

    assert response.status_code == 200


def test_the_directory_offers_the_most_active_sort(client):
    client.force_login(UserFactory())
    quiet = CommunityFactory(name="Quiet")
    busy = CommunityFactory(name="Busy")
    quiet.last_activity_at = timezone.now() - timedelta(days=30)
    quiet.save()

    response = client.get(reverse("communities:directory"), {"sort": "active"})

    names = [card.community.name for card in response.context["cards"]]
    assert "Most active" in _main(response)
    assert names.index(busy.name) < names.index(quiet.name)


# --- A topic's posts ----------------------------------------------------------


def test_the_topic_page_lists_posts_from_readable_communities_only(client):
    topic = TopicFactory(name="Kubernetes")
    PostFactory(community=CommunityFactory(), topics=[topic], title="Open talk")
    PostFactory(
        community=CommunityFactory(visibility=Visibility.PRIVATE),
        topics=[topic],
        title="Private talk",
    )
    client.force_login(UserFactory())

    html = _main(client.get(reverse("topics:detail", kwargs={"slug": topic.slug})))

    assert "Open talk" in html
    assert "Private talk" not in html


def test_the_topic_page_pages_its_posts_with_their_own_cursor(client):
    topic = TopicFactory()
    PostFactory.create_batch(21, community=CommunityFactory(), topics=[topic])
    client.force_login(UserFactory())
    url = reverse("topics:detail", kwargs={"slug": topic.slug})
    cursor = client.get(url).context["posts"].next_cursor

    response = client.get(url, {"posts_cursor": cursor})

    assert len(response.context["posts"].items) == 1


def test_the_topic_page_costs_the_same_queries_for_5_or_50_posts(
    client, django_assert_max_num_queries
):
    client.force_login(UserFactory())
    small, large = TopicFactory(), TopicFactory()
    for topic, count in ((small, 5), (large, 50)):
        PostFactory.create_batch(count, community=CommunityFactory(), topics=[topic])
    baseline = _queries(client, reverse("topics:detail", kwargs={"slug": small.slug}))

    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("topics:detail", kwargs={"slug": large.slug}))

    assert response.status_code == 200


# --- Every conversation page -----------------------------------------------


@pytest.fixture
def every_page(client):
    community = CommunityFactory()
    moderator = _member(community, Role.MODERATOR, display_name="Mo Moderator")
    question = services.create_post(
        community=community,
        author=moderator,
        kind="question",
        title="Why?",
        body="Because.",
        topics=["Python"],
    )
    answer = AnswerFactory(post=question, author=moderator)
    comment = CommentFactory(post=question, answer=answer, author=moderator)
    ReportFactory(post=None, comment=comment, reason="Rude")
    client.force_login(moderator)
    return [
        _detail(community),
        reverse("knowledge:new-post", kwargs={"slug": community.slug}),
        reverse("knowledge:post", kwargs={"pk": question.pk}),
        reverse("knowledge:edit-post", kwargs={"pk": question.pk}),
        reverse("knowledge:delete-post", kwargs={"pk": question.pk}),
        reverse("knowledge:history", kwargs={"pk": question.pk}),
        reverse("knowledge:edit-answer", kwargs={"pk": answer.pk}),
        reverse("knowledge:edit-comment", kwargs={"pk": comment.pk}),
        reverse("knowledge:report", kwargs={"target": "answers", "pk": answer.pk}),
        reverse("knowledge:moderation", kwargs={"slug": community.slug}),
        reverse("topics:detail", kwargs={"slug": "python"}),
    ]


def test_conversation_pages_have_no_inline_scripts_styles_or_handlers(
    client, every_page
):
    for url in every_page:
        html = client.get(url).text

        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, url
        assert re.search(r"\son[a-z]+=", html) is None, url
        assert re.search(r"\sstyle=", html) is None, url


def test_conversation_pages_have_no_untranslated_text(
    client, every_page, settings, monkeypatch
):
    from django.utils import translation

    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("LocaleMiddleware")
    ]
    monkeypatch.setitem(trans_real._translations, PSEUDO, PseudoTranslation())

    with translation.override(PSEUDO):
        leaks = {url: untranslated(client.get(url).text) for url in every_page}

    assert leaks == {url: [] for url in every_page}


# --- Cards reused between pages ----------------------------------------------------


def _rename_author(post):
    post.author.display_name = "Renamed Author"
    post.author.save(update_fields=["display_name"])
    return "Renamed Author"


def _add_topic(post):
    post.topics.add(TopicFactory(name="Helm"))
    return "Helm"


def _answer(post):
    services.post_answer(question=post, author=post.author, body="It is DNS.")
    return "1 answer"


def _rename_community(post):
    post.community.name = "Renamed Community"
    post.community.save(update_fields=["name"])
    return "Renamed Community"


def _retitle(post):
    post.title = "A better title"
    post.save(update_fields=["title"])
    return "A better title"


@pytest.mark.parametrize(
    "change", [_retitle, _rename_author, _add_topic, _answer, _rename_community]
)
def test_a_card_shows_what_changed_since_it_was_last_shown(client, change):
    community = CommunityFactory(visibility=Visibility.PUBLIC)
    reader = _member(community)
    client.force_login(reader)
    post = PostFactory(community=community, kind="question", title="Why DNS?")
    MembershipFactory(community=community, person=post.author)
    assert "Why DNS?" in _main(client.get(reverse("feeds:home")))

    shown = change(post)

    assert shown in _main(client.get(reverse("feeds:home")))
