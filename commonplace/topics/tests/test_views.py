import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from commonplace.people.tests.factories import (
    ExternalMemberFactory,
    FollowFactory,
    UserFactory,
)
from commonplace.topics.tests.factories import TopicFactory
from tests.test_pseudo_locale import PSEUDO, PseudoTranslation, untranslated

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client):
    client.force_login(UserFactory())
    return client


def _topic_url(topic):
    return reverse("topics:detail", kwargs={"slug": topic.slug})


# --- The topic list ----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("topics:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["topics:index", "topics:suggest"])
def test_external_members_get_not_found(client, name):
    client.force_login(ExternalMemberFactory())

    response = client.get(reverse(name), {"q": "py"})

    assert response.status_code == 404


def test_the_list_shows_each_topic_with_its_people_count(member_client):
    topic = TopicFactory(name="Kubernetes")
    for person in UserFactory.create_batch(3):
        person.skills.add(topic)

    response = member_client.get(reverse("topics:index"))

    assert response.status_code == 200
    assert f'href="{_topic_url(topic)}"' in response.text
    assert "3 people" in response.text


def test_the_list_filters_by_the_start_of_the_name(member_client):
    TopicFactory(name="Python")
    TopicFactory(name="Rust")

    response = member_client.get(reverse("topics:index"), {"q": "py"})

    assert "Python" in response.text
    assert "Rust" not in response.text
    assert 'value="py"' in response.text


def test_a_long_filter_finds_nothing_and_keeps_what_was_typed(member_client):
    TopicFactory(name="Python")

    response = member_client.get(reverse("topics:index"), {"q": "p" * 500})

    assert response.status_code == 200
    assert "No topic starts with that" in response.text


def test_the_list_links_to_the_next_page_keeping_the_filter(member_client):
    for number in range(25):
        TopicFactory(name=f"Data {number:02}")

    first = member_client.get(reverse("topics:index"), {"q": "data"})
    link = re.search(r'href="([^"]*cursor=[^"]+)"', first.text).group(1)
    second = member_client.get(link.replace("&amp;", "&"))

    assert "q=data" in link
    assert "Data 19" in first.text
    assert "Data 20" not in first.text
    assert "Data 24" in second.text


def test_a_forged_cursor_answers_400(member_client):
    response = member_client.get(reverse("topics:index"), {"cursor": "forged!"})

    assert response.status_code == 400


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_takes_the_same_queries_however_many_topics(
    member_client, django_assert_max_num_queries, count
):
    for topic in TopicFactory.create_batch(count):
        UserFactory().skills.add(topic)
        TopicFactory(merged_into=topic)

    # session, viewer, topics page, synonyms, the header's unread count
    with django_assert_max_num_queries(5):
        response = member_client.get(reverse("topics:index"))

    assert response.status_code == 200


# --- A topic's page -----------------------------------------------------------------


def test_a_topic_page_shows_its_name_description_and_synonyms(member_client):
    topic = TopicFactory(name="Kubernetes", description="Running containers.")
    TopicFactory(name="K8s", merged_into=topic)

    response = member_client.get(_topic_url(topic))

    assert response.status_code == 200
    assert '<h1 id="topic-title" translate="no">Kubernetes</h1>' in response.text
    assert "Running containers." in response.text
    assert "Also known as" in response.text
    assert "K8s" in response.text


def test_a_topic_page_links_to_the_active_people_who_state_it(member_client):
    topic = TopicFactory()
    stating = UserFactory(display_name="Ana Lima", job_title="Platform engineer")
    stating.skills.add(topic)
    UserFactory(display_name="Gone Person", is_active=False).skills.add(topic)

    response = member_client.get(_topic_url(topic))

    person_url = reverse("people:person", kwargs={"pk": stating.pk})
    assert f'href="{person_url}"' in response.text
    assert "Platform engineer" in response.text
    assert "Gone Person" not in response.text


def test_a_topic_page_offers_to_follow_the_topic(member_client):
    topic = TopicFactory()

    response = member_client.get(_topic_url(topic))

    follow_url = reverse("people:follow-topic", kwargs={"slug": topic.slug})
    assert follow_url in response.text


def test_a_topic_page_offers_to_unfollow_a_followed_topic(client):
    topic = TopicFactory()
    viewer = UserFactory()
    FollowFactory(follower=viewer, person=None, topic=topic)
    client.force_login(viewer)

    response = client.get(_topic_url(topic))

    unfollow_url = reverse("people:unfollow-topic", kwargs={"slug": topic.slug})
    assert unfollow_url in response.text


def test_a_synonyms_page_sends_the_reader_to_the_surviving_topic(member_client):
    survivor = TopicFactory(name="Kubernetes")
    synonym = TopicFactory(name="K8s", merged_into=survivor)

    response = member_client.get(_topic_url(synonym))

    assert response.status_code == 302
    assert response["Location"] == _topic_url(survivor)


def test_an_unknown_topic_answers_404(member_client):
    response = member_client.get(reverse("topics:detail", kwargs={"slug": "nothing"}))

    assert response.status_code == 404


def test_a_topic_is_hidden_from_external_members(client):
    topic = TopicFactory()
    client.force_login(ExternalMemberFactory())

    response = client.get(_topic_url(topic))

    assert response.status_code == 404


def test_a_topic_with_a_unicode_slug_has_a_page(member_client):
    topic = TopicFactory(name="機械学習")

    response = member_client.get(_topic_url(topic))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_a_topic_page_takes_the_same_queries_however_many_people(
    member_client, django_assert_max_num_queries, count
):
    topic = TopicFactory()
    for person in UserFactory.create_batch(count):
        person.skills.add(topic)
    TopicFactory.create_batch(3, merged_into=topic)

    # session, viewer, slug, topic with count, synonyms, people, following,
    # posts, the header's unread count
    with django_assert_max_num_queries(9):
        response = member_client.get(_topic_url(topic))

    assert response.status_code == 200


# --- Suggestions --------------------------------------------------------------------


def test_suggestions_are_options_for_a_datalist(member_client):
    TopicFactory(name="Python")
    TopicFactory(name="PyTorch")
    TopicFactory(name="Rust")

    response = member_client.get(reverse("topics:suggest"), {"q": "py"})

    assert response.status_code == 200
    assert re.findall(r'<option value="([^"]*)"></option>', response.text) == [
        "Python",
        "PyTorch",
    ]
    assert "<html" not in response.text


def test_suggestions_escape_the_names(member_client):
    TopicFactory(name='Quotes "and" <tags>')

    response = member_client.get(reverse("topics:suggest"), {"q": "quotes"})

    assert "&quot;and&quot; &lt;tags&gt;" in response.text


def test_nothing_typed_gives_an_empty_fragment(member_client):
    TopicFactory(name="Python")

    response = member_client.get(reverse("topics:suggest"), {"q": ""})

    assert response.status_code == 200
    assert response.text.strip() == ""


def test_suggestions_need_signing_in(client):
    response = client.get(reverse("topics:suggest"), {"q": "py"})

    assert response.status_code == 302


# --- Every page ---------------------------------------------------------------------


def test_topic_pages_have_no_inline_scripts_or_handlers(member_client):
    topic = TopicFactory()

    for url in [reverse("topics:index"), _topic_url(topic)]:
        html = member_client.get(url).text
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
        assert re.search(r"\son[a-z]+=", html) is None
        assert "style=" not in html


@pytest.fixture
def pseudo_client(client, settings, monkeypatch):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("LocaleMiddleware")
    ]
    monkeypatch.setitem(trans_real._translations, PSEUDO, PseudoTranslation())
    with translation.override(PSEUDO):
        yield client


def test_topic_pages_have_no_untranslated_text(pseudo_client):
    topic = TopicFactory(name="Kubernetes", description="Containers at scale.")
    TopicFactory(name="K8s", merged_into=topic)
    UserFactory(display_name="Ana Lima", job_title="Engineer").skills.add(topic)
    pseudo_client.force_login(UserFactory(display_name="Bo Chen"))

    for url in [reverse("topics:index"), _topic_url(topic)]:
        assert untranslated(pseudo_client.get(url).text) == []
