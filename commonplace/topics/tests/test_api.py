import pytest

from commonplace.people.tests.factories import ExternalMemberFactory, UserFactory
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

TOPICS = "/api/v1/topics"


@pytest.fixture
def member_client(client):
    client.force_login(UserFactory())
    return client


def test_the_list_gives_topics_in_use_with_counts_and_synonyms(member_client):
    kubernetes = TopicFactory(name="Kubernetes", description="Containers.")
    TopicFactory(name="K8s", merged_into=kubernetes)
    UserFactory().skills.add(kubernetes)

    response = member_client.get(TOPICS)

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": kubernetes.pk,
                "name": "Kubernetes",
                "slug": "kubernetes",
                "description": "Containers.",
                "people_count": 1,
                "synonyms": ["K8s"],
            }
        ],
        "next_cursor": None,
    }


def test_the_list_filters_by_the_start_of_the_name(member_client):
    TopicFactory(name="Python")
    TopicFactory(name="Rust")

    response = member_client.get(TOPICS, {"q": "py"})

    assert [item["name"] for item in response.json()["items"]] == ["Python"]


def test_the_list_pages_with_a_cursor(member_client):
    for name in ["Alpha", "Beta", "Gamma"]:
        TopicFactory(name=name)

    first = member_client.get(TOPICS, {"size": 2}).json()
    second = member_client.get(
        TOPICS, {"size": 2, "cursor": first["next_cursor"]}
    ).json()

    assert [item["name"] for item in first["items"]] == ["Alpha", "Beta"]
    assert [item["name"] for item in second["items"]] == ["Gamma"]
    assert second["next_cursor"] is None


@pytest.mark.parametrize(
    "query", [{"size": 0}, {"size": 101}, {"cursor": "forged"}], ids=str
)
def test_a_bad_size_or_cursor_answers_400_in_the_error_shape(member_client, query):
    response = member_client.get(TOPICS, query)

    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_takes_the_same_queries_however_many_topics(
    member_client, django_assert_max_num_queries, count
):
    for topic in TopicFactory.create_batch(count):
        UserFactory().skills.add(topic)
        TopicFactory(merged_into=topic)

    # session, viewer, topics page, synonyms
    with django_assert_max_num_queries(4):
        response = member_client.get(TOPICS)

    assert response.status_code == 200


def test_one_topic_by_its_slug(member_client):
    topic = TopicFactory(name="C#")

    response = member_client.get(f"{TOPICS}/{topic.slug}")

    assert response.status_code == 200
    assert response.json()["name"] == "C#"
    assert response.json()["slug"] == "csharp"


def test_a_synonyms_slug_answers_with_the_surviving_topic(member_client):
    survivor = TopicFactory(name="Kubernetes")
    synonym = TopicFactory(name="K8s", merged_into=survivor)

    response = member_client.get(f"{TOPICS}/{synonym.slug}")

    assert response.json()["id"] == survivor.pk
    assert response.json()["synonyms"] == ["K8s"]


def test_an_unknown_topic_answers_404(member_client):
    response = member_client.get(f"{TOPICS}/no-such-topic")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_people_stating_a_topic_as_summaries(member_client):
    topic = TopicFactory()
    person = UserFactory(display_name="Ana Lima", job_title="Engineer")
    person.skills.add(topic)
    UserFactory(is_active=False).skills.add(topic)

    response = member_client.get(f"{TOPICS}/{topic.slug}/people")

    assert response.json() == {
        "items": [
            {"id": person.pk, "display_name": "Ana Lima", "job_title": "Engineer"}
        ],
        "next_cursor": None,
    }


@pytest.mark.parametrize("count", [5, 50])
def test_the_people_list_takes_the_same_queries_however_many_people(
    member_client, django_assert_max_num_queries, count
):
    topic = TopicFactory()
    for person in UserFactory.create_batch(count):
        person.skills.add(topic)

    # session, viewer, slug, topic with count, synonyms, people
    with django_assert_max_num_queries(6):
        response = member_client.get(f"{TOPICS}/{topic.slug}/people")

    assert response.status_code == 200


@pytest.mark.parametrize("path", ["", "/kubernetes", "/kubernetes/people"])
def test_external_members_get_404(client, path):
    TopicFactory(name="Kubernetes")
    client.force_login(ExternalMemberFactory())

    response = client.get(f"{TOPICS}{path}")

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["", "/kubernetes", "/kubernetes/people"])
def test_anonymous_callers_get_401(client, path):
    TopicFactory(name="Kubernetes")

    response = client.get(f"{TOPICS}{path}")

    assert response.status_code == 401
