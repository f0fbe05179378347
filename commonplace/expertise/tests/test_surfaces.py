"""People who can likely help, on the question form and in the API: who
appears, with what evidence, what is refused, and query counts that do
not grow with the number of people."""

import pytest
from django.urls import reverse

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.expertise.forms import MAX_SUGGESTED
from commonplace.expertise.tests.worlds import answered, ready
from commonplace.people.tests.factories import TeamFactory, UserFactory
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

FRAGMENT = reverse("expertise:suggestions")
API = reverse("api:expertise-suggestions")
TITLES = (
    "Rotating vault signing keys without downtime",
    "How often should vault signing keys rotate?",
    "Vault signing keys expired overnight",
)
QUESTION = {"title": "Our vault signing keys keep expiring", "kind": "question"}
# Whatever the number of people: the session, the person, the topic named,
# the communities read, the search's word counts and ranked questions,
# their solvers, topic expertise, skills, who may be suggested, "not my
# area" declines, habits with their activity, load (mentions and requests
# together), and the people shown (with their teams).
QUERIES = 14


@pytest.fixture
def guild():
    return CommunityFactory(name="Platform Guild", slug="platform-guild")


@pytest.fixture
def asker(client):
    person = UserFactory(display_name="Asker")
    client.force_login(person)
    return person


@pytest.fixture
def keeper(guild):
    person = UserFactory(display_name="Vera Vault", job_title="Security engineer")
    for title in TITLES:
        answered(guild, person, title)
    ready()
    return person


def test_the_form_shows_who_answered_similar_questions(client, asker, keeper):
    response = client.post(FRAGMENT, QUESTION)

    assert response.status_code == 200
    text = response.content.decode()
    assert "People who can likely help" in text
    assert "Vera Vault" in text
    assert "Security engineer" in text
    assert "answered 3 similar questions, 3 accepted" in text


def test_nothing_is_suggested_for_a_short_title_or_a_discussion(client, asker, keeper):
    short = client.post(FRAGMENT, {"title": "Vault", "kind": "question"})
    discussion = client.post(FRAGMENT, {**QUESTION, "kind": "discussion"})

    for response in (short, discussion):
        assert response.status_code == 200
        assert "Vera Vault" not in response.content.decode()


def test_an_answer_in_a_private_community_counts_only_for_its_members(
    client, asker, guild
):
    vault = CommunityFactory(slug="vault", visibility=Visibility.PRIVATE)
    person = UserFactory(display_name="Quiet Keeper")
    for title in TITLES:
        answered(vault, person, title)
    ready()

    outside = client.post(FRAGMENT, QUESTION)
    MembershipFactory(community=vault, person=asker, role=Role.MEMBER)
    inside = client.post(FRAGMENT, QUESTION)

    assert "Quiet Keeper" not in outside.content.decode()
    assert "Quiet Keeper" in inside.content.decode()


def test_a_community_the_asker_cannot_read_is_refused_like_an_unknown_one(
    client, asker, keeper
):
    secret = CommunityFactory(slug="secret-room", visibility=Visibility.SECRET)

    hidden = client.post(FRAGMENT, {**QUESTION, "community": secret.slug})
    unknown = client.post(FRAGMENT, {**QUESTION, "community": "no-such-place"})

    for response in (hidden, unknown):
        assert response.status_code == 400
        assert (
            "No community you can read has that address." in response.content.decode()
        )
        assert "Vera Vault" not in response.content.decode()


def test_a_visitor_whose_session_ended_gets_nothing(client, keeper):
    assert client.post(FRAGMENT, QUESTION).status_code == 204


def test_the_fragment_changes_nothing_and_takes_post_only(client, asker, keeper):
    assert client.get(FRAGMENT, QUESTION).status_code == 405


def test_the_new_question_form_asks_for_people_as_it_is_written(client, asker, guild):
    MembershipFactory(community=guild, person=asker, role=Role.MEMBER)

    response = client.get(reverse("knowledge:new-post", args=[guild.slug]))

    assert FRAGMENT in response.content.decode()


def test_the_api_lists_people_with_their_evidence(client, asker, keeper):
    response = client.get(API, {"title": QUESTION["title"], "topics": "no such topic"})

    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["person"]["display_name"] == "Vera Vault"
    assert "answered 3 similar questions, 3 accepted" in item["evidence"]


@pytest.mark.parametrize("size", [0, MAX_SUGGESTED + 1, "many"])
def test_the_api_refuses_a_size_out_of_range(client, asker, keeper, size):
    response = client.get(API, {"title": QUESTION["title"], "size": size})

    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_the_api_refuses_a_community_it_cannot_read(client, asker, keeper):
    secret = CommunityFactory(slug="secret-room", visibility=Visibility.SECRET)

    response = client.get(API, {"title": QUESTION["title"], "community": secret.slug})

    assert response.status_code == 400
    assert response.json()["fields"]["community"] == [
        "No community you can read has that address."
    ]


def test_the_api_is_empty_for_a_short_title(client, asker, keeper):
    response = client.get(API, {"title": "Vault"})

    assert response.json() == {"items": []}


@pytest.mark.parametrize("people", [2, 12])
def test_suggestions_cost_the_same_queries_whatever_the_people(
    client, asker, guild, people, django_assert_max_num_queries
):
    topic = TopicFactory(name="Vault")
    for number in range(people):
        person = UserFactory(display_name=f"Keeper {number}", team=TeamFactory())
        answered(guild, person, TITLES[number % len(TITLES)], topics=[topic])
    ready()

    with django_assert_max_num_queries(QUERIES):
        response = client.get(
            API, {"title": QUESTION["title"], "topics": "Vault", "size": 10}
        )

    assert len(response.json()["items"]) == min(people, 10)
