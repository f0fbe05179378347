"""Who knows about what: the directory page and API, and "Knows about" on
a person's page. Who is listed and in which order, the filters, walking
the pages, refused page links, what a viewer may not see never counting,
and query counts that do not grow with the people or the topics."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.expertise.selectors import finding
from commonplace.expertise.tests.worlds import answered, ready
from commonplace.knowledge.models import PostKind
from commonplace.knowledge.tests.factories import PostFactory
from commonplace.people.tests.factories import (
    ExternalMemberFactory,
    TeamFactory,
    UserFactory,
)
from commonplace.topics.tests.factories import TopicFactory
from tests import test_pseudo_locale
from tests.test_pseudo_locale import untranslated

pytestmark = pytest.mark.django_db

# Pages rendered in the pseudo-locale, to find text never translated.
pseudo_client = test_pseudo_locale.pseudo_client
PAGE = reverse("expertise:directory")
API = reverse("api:expertise-directory")
# Whatever the number of people: the session, the person, the team
# choices, the topic named, then the ranker's (the communities read, the
# search's word counts and ranked questions, their solvers, "not my
# area", topic expertise, skills, who may be suggested, habits with their
# activity, the open mentions and requests together, the people shown
# with their teams); the page also reads the unread count.
API_QUERIES = 15
PAGE_QUERIES = API_QUERIES + 1
# Whatever the number of topics: the page's own eight, and one for what
# the person knows about.
PERSON_QUERIES = 9


@pytest.fixture
def guild():
    return CommunityFactory(name="Platform Guild", slug="platform-guild")


@pytest.fixture
def kubernetes():
    return TopicFactory(name="Kubernetes")


@pytest.fixture
def viewer(client):
    person = UserFactory(display_name="Viewer")
    client.force_login(person)
    return person


def _answers(community, person, topic, count, *, accepted=True):
    for number in range(count):
        answered(
            community,
            person,
            f"Kubernetes pods of service {person.pk}-{number} keep restarting",
            topics=[topic],
            accepted=accepted,
        )


def _names(response):
    return [item["person"]["display_name"] for item in response.json()["items"]]


def _evidence(response, name):
    return next(
        item["evidence"]
        for item in response.json()["items"]
        if item["person"]["display_name"] == name
    )


def test_who_had_answers_accepted_on_the_topic_comes_first(
    client, viewer, guild, kubernetes
):
    ana = UserFactory(display_name="Ana Accepted")
    ben = UserFactory(display_name="Ben Busy")
    _answers(guild, ben, kubernetes, 3, accepted=False)
    _answers(guild, ana, kubernetes, 2)
    ready()

    response = client.get(API, {"q": "Kubernetes"})

    assert response.status_code == 200
    assert _names(response) == [ana.display_name, ben.display_name]
    assert "answered 2 questions on Kubernetes, 2 accepted" in _evidence(
        response, ana.display_name
    )
    assert response.json()["topics"] == [{"slug": "kubernetes", "name": "Kubernetes"}]


def test_the_page_lists_people_with_their_evidence(client, viewer, guild, kubernetes):
    ana = UserFactory(display_name="Ana Accepted", job_title="Platform engineer")
    _answers(guild, ana, kubernetes, 2)
    ready()

    response = client.get(PAGE, {"q": "kubernetes"})

    text = response.content.decode()
    assert response.status_code == 200
    assert "Ana Accepted" in text
    assert "Platform engineer" in text
    assert "answered 2 questions on Kubernetes, 2 accepted" in text


def test_a_word_naming_a_topic_counts_as_that_topic(client, viewer, guild, kubernetes):
    writer = UserFactory(display_name="Wren Writer")
    PostFactory(
        community=guild, author=writer, kind=PostKind.ARTICLE, topics=[kubernetes]
    )
    ready()

    response = client.get(API, {"q": "help with kubernetes upgrades"})

    assert _names(response) == ["Wren Writer"]
    assert "wrote 1 article or note on Kubernetes" in _evidence(response, "Wren Writer")
    assert [topic["name"] for topic in response.json()["topics"]] == ["Kubernetes"]


def test_team_and_location_narrow_the_people(client, viewer, guild, kubernetes):
    platform, data = TeamFactory(slug="platform"), TeamFactory(slug="data")
    ana = UserFactory(display_name="Ana", team=platform, location="Lisbon")
    ben = UserFactory(display_name="Ben", team=data, location="Porto")
    for person in (ana, ben):
        _answers(guild, person, kubernetes, 1)
    ready()

    by_team = client.get(API, {"q": "Kubernetes", "team": "platform"})
    by_location = client.get(API, {"q": "Kubernetes", "location": "port"})
    on_the_page = client.get(PAGE, {"q": "Kubernetes", "team": "data"})

    assert _names(by_team) == ["Ana"]
    assert _names(by_location) == ["Ben"]
    assert "Ben" in on_the_page.content.decode()
    assert ">Ana<" not in on_the_page.content.decode()


def test_an_unknown_team_is_refused_with_a_message(client, viewer, kubernetes):
    response = client.get(API, {"q": "Kubernetes", "team": "no-such-team"})

    assert response.status_code == 400
    assert response.json()["fields"]["team"]


def _walk(client, query):
    """Every page of the API's answer to `query`, following next_cursor."""
    pages = [client.get(API, query).json()]
    while pages[-1]["next_cursor"]:
        following = query | {"cursor": pages[-1]["next_cursor"]}
        pages.append(client.get(API, following).json())
    return pages


def test_walking_the_pages_meets_everyone_once(client, viewer, guild, kubernetes):
    people = [UserFactory(display_name=f"Keeper {n}") for n in range(7)]
    for number, person in enumerate(people):
        _answers(guild, person, kubernetes, 1 + number % 3)
    ready()

    pages = _walk(client, {"q": "Kubernetes", "size": 3})

    seen = [item["person"]["id"] for page in pages for item in page["items"]]
    assert sorted(seen) == sorted(person.pk for person in people)
    assert len(seen) == len(set(seen))
    assert [len(page["items"]) for page in pages] == [3, 3, 1]


def test_the_page_links_to_the_next_page(client, viewer, guild, kubernetes):
    for number in range(21):
        _answers(guild, UserFactory(display_name=f"Keeper {number}"), kubernetes, 1)
    ready()

    first = client.get(PAGE, {"q": "Kubernetes"})
    cursor = first.context["page"].next_cursor
    second = client.get(PAGE, {"q": "Kubernetes", "cursor": cursor})

    assert 'rel="next"' in first.content.decode()
    assert len(first.context["page"].items) == 20
    assert len(second.context["page"].items) == 1
    assert second.context["page"].next_cursor is None


@pytest.mark.parametrize("cursor", ["not-a-cursor", "WzEsMl0", "x" * 80])
def test_a_bad_page_link_answers_400_with_a_message(client, viewer, kubernetes, cursor):
    api = client.get(API, {"q": "Kubernetes", "cursor": cursor})
    page = client.get(PAGE, {"q": "Kubernetes", "cursor": cursor})

    assert api.status_code == 400
    assert api.json()["detail"].startswith("This page link is not valid any more.")
    assert page.status_code == 400
    assert "This page link is not valid any more." in page.content.decode()


def _first_link(client):
    return client.get(API, {"q": "Kubernetes", "size": 1}).json()["next_cursor"]


def test_a_page_link_altered_by_hand_is_refused(client, viewer, guild, kubernetes):
    for number in range(3):
        _answers(guild, UserFactory(), kubernetes, 1 + number)
    ready()
    _payload, *signed = _first_link(client).split(":")
    earlier = signing.b64_encode(b'["2001-01-01T00:00:00+00:00",0]').decode()

    response = client.get(
        API, {"q": "Kubernetes", "cursor": ":".join([earlier, *signed])}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"cursor": ["Not a cursor given by this list."]}


def test_a_page_link_a_day_old_starts_over(
    client, viewer, guild, kubernetes, monkeypatch
):
    for number in range(3):
        _answers(guild, UserFactory(), kubernetes, 1 + number)
    ready()
    cursor = _first_link(client)
    monkeypatch.setattr(finding, "CURSOR_MAX_AGE", timedelta(seconds=-1))

    response = client.get(API, {"q": "Kubernetes", "cursor": cursor})

    assert response.status_code == 400


def test_contributions_where_the_viewer_cannot_read_never_count(
    client, viewer, guild, kubernetes
):
    vault = CommunityFactory(slug="vault", visibility=Visibility.SECRET)
    carl = UserFactory(display_name="Carl Careful")
    dana = UserFactory(display_name="Dana Open")
    hidden = UserFactory(display_name="Hana Hidden")
    _answers(guild, carl, kubernetes, 1)
    _answers(vault, carl, kubernetes, 3)
    _answers(guild, dana, kubernetes, 2)
    _answers(vault, hidden, kubernetes, 3)
    ready()

    outside = client.get(API, {"q": "Kubernetes"})
    carl_topics = client.get(
        reverse("api:expertise-person-topics", args=[carl.pk])
    ).json()
    carl_page = client.get(reverse("people:person", args=[carl.pk])).content.decode()
    MembershipFactory(community=vault, person=viewer, role=Role.MEMBER)
    inside = client.get(API, {"q": "Kubernetes"})

    assert _names(outside) == ["Dana Open", "Carl Careful"]
    assert "answered 1 question on Kubernetes, 1 accepted" in _evidence(
        outside, "Carl Careful"
    )
    assert carl_topics["items"][0]["evidence"] == ["1 answer, 1 accepted"]
    assert "1 answer, 1 accepted" in carl_page
    assert "4 answers" not in carl_page
    assert _names(inside)[:2] == ["Carl Careful", "Hana Hidden"]
    assert "answered 4 questions on Kubernetes, 4 accepted" in _evidence(
        inside, "Carl Careful"
    )


def test_a_private_community_counts_only_for_its_members_on_a_persons_page(
    client, viewer, kubernetes
):
    private = CommunityFactory(slug="private-room", visibility=Visibility.PRIVATE)
    person = UserFactory(display_name="Pia Private")
    _answers(private, person, kubernetes, 2)
    ready()
    url = reverse("people:person", args=[person.pk])

    outside = client.get(url).content.decode()
    MembershipFactory(community=private, person=viewer, role=Role.MEMBER)
    inside = client.get(url).content.decode()

    assert "Kubernetes" not in outside
    assert "No answers, articles or notes on a topic yet" in outside
    assert f'href="{PAGE}?q=Kubernetes"' in inside
    assert "2 answers, 2 accepted" in inside


def test_deactivated_people_never_appear(client, viewer, guild, kubernetes):
    gone = UserFactory(display_name="Gone Away")
    _answers(guild, gone, kubernetes, 3)
    ready()
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    response = client.get(API, {"q": "Kubernetes"})

    assert response.json()["items"] == []


def test_nothing_asked_shows_a_prompt_and_the_topics_known_here(
    client, viewer, guild, kubernetes
):
    vault = CommunityFactory(slug="vault", visibility=Visibility.SECRET)
    secret_topic = TopicFactory(name="Hidden lore")
    _answers(guild, UserFactory(), kubernetes, 1)
    _answers(vault, UserFactory(), secret_topic, 3)
    ready()

    response = client.get(PAGE)
    api = client.get(API)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Type a topic or a few words" in text
    assert f'href="{PAGE}?q=Kubernetes"' in text
    assert "Hidden lore" not in text
    assert api.json() == {"items": [], "next_cursor": None, "topics": [], "notes": []}


@pytest.mark.parametrize("words", ["the of and", "x", "?!", "a b"])
def test_words_that_say_nothing_give_nobody_and_say_why(
    client, viewer, guild, kubernetes, words
):
    _answers(guild, UserFactory(), kubernetes, 1)
    ready()

    page = client.get(PAGE, {"q": words})
    api = client.get(API, {"q": words})

    assert page.status_code == 200
    assert "too short or too common" in page.content.decode()
    assert api.status_code == 200
    assert api.json()["items"] == []
    assert "too short or too common" in api.json()["notes"][0]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGE, {"q": "Kubernetes"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_external_members_do_not_get_the_directory(client, kubernetes):
    client.force_login(ExternalMemberFactory())

    assert client.get(PAGE, {"q": "Kubernetes"}).status_code == 404
    assert client.get(API, {"q": "Kubernetes"}).status_code == 404


def test_the_people_directory_links_to_who_knows(client, viewer):
    response = client.get(reverse("people:directory"))

    assert f'href="{PAGE}"' in response.content.decode()


def _experts(community, topic, count):
    for number in range(count):
        person = UserFactory(
            display_name=f"Keeper {number}", team=TeamFactory(), location="Lisbon"
        )
        _answers(community, person, topic, 1)
    ready()


@pytest.mark.parametrize("people", [2, 12])
def test_the_directory_costs_the_same_queries_whatever_the_people(
    client, viewer, guild, kubernetes, people, django_assert_max_num_queries
):
    _experts(guild, kubernetes, people)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(PAGE, {"q": "Kubernetes", "location": "lisbon"})

    assert len(response.context["page"].items) == people


@pytest.mark.parametrize("people", [2, 12])
def test_the_directory_api_costs_the_same_queries_whatever_the_people(
    client, viewer, guild, kubernetes, people, django_assert_max_num_queries
):
    _experts(guild, kubernetes, people)

    with django_assert_max_num_queries(API_QUERIES):
        response = client.get(API, {"q": "Kubernetes", "size": 10})

    assert len(response.json()["items"]) == min(people, 10)


@pytest.mark.parametrize("topics", [1, 7])
def test_a_persons_page_costs_the_same_queries_whatever_the_topics(
    client, viewer, guild, topics, django_assert_max_num_queries
):
    person = UserFactory(display_name="Polly Math")
    for number in range(topics):
        _answers(guild, person, TopicFactory(name=f"Topic {number}"), 1)
    ready()

    with django_assert_max_num_queries(PERSON_QUERIES):
        response = client.get(reverse("people:person", args=[person.pk]))

    assert len(response.context["known_topics"]) == min(topics, 5)


@pytest.mark.parametrize("page", ["/people/knows/?q=Kubernetes", "/people/{person}/"])
def test_the_directory_and_knows_about_have_no_untranslated_text(
    pseudo_client, guild, kubernetes, page
):
    pseudo_client.force_login(UserFactory())
    ana = UserFactory(
        display_name="Ana", job_title="Engineer", team=TeamFactory(), location="Lisbon"
    )
    _answers(guild, ana, kubernetes, 2)
    PostFactory(community=guild, author=ana, kind=PostKind.NOTE, topics=[kubernetes])
    ready()

    response = pseudo_client.get(page.format(person=ana.pk))

    assert "Ana" in response.text
    assert untranslated(response.text) == []
