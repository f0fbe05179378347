import pytest
from django.contrib.auth.models import AnonymousUser

from commonplace.core.errors import NotFound
from commonplace.people.tests.factories import ExternalMemberFactory, UserFactory
from commonplace.topics.selectors import (
    access_topic,
    access_visible_topic,
    suggest_topics,
    topic_index,
    topic_suggestions,
)
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def test_the_index_lists_topics_in_use_by_name():
    TopicFactory(name="SQL")
    kubernetes = TopicFactory(name="Kubernetes")
    TopicFactory(name="K8s", merged_into=kubernetes)
    TopicFactory(name="Accessibility")

    page = topic_index(UserFactory())

    assert [topic.name for topic in page.items] == [
        "Accessibility",
        "Kubernetes",
        "SQL",
    ]


def test_the_index_counts_the_active_people_stating_each_topic():
    topic = TopicFactory()
    for person in [*UserFactory.create_batch(2), UserFactory(is_active=False)]:
        person.skills.add(topic)

    [listed] = topic_index(UserFactory()).items

    assert listed.people_count == 2


def test_the_index_lists_synonyms_with_their_topic():
    kubernetes = TopicFactory(name="Kubernetes")
    TopicFactory(name="K8s", merged_into=kubernetes)

    [listed] = topic_index(UserFactory()).items

    assert [synonym.name for synonym in listed.synonyms.all()] == ["K8s"]


def test_the_index_filters_by_the_start_of_the_name_in_any_spelling():
    TopicFactory(name="Machine learning")
    TopicFactory(name="Machining")
    TopicFactory(name="Learning design")

    page = topic_index(UserFactory(), prefix="MACHINE-L")

    assert [topic.name for topic in page.items] == ["Machine learning"]


def test_the_index_pages_with_a_cursor():
    for name in ["Alpha", "Beta", "Gamma"]:
        TopicFactory(name=name)
    viewer = UserFactory()

    first = topic_index(viewer, size=2)
    second = topic_index(viewer, size=2, cursor=first.next_cursor)

    assert [topic.name for topic in first.items] == ["Alpha", "Beta"]
    assert [topic.name for topic in second.items] == ["Gamma"]
    assert second.next_cursor is None


@pytest.mark.parametrize(
    "viewer", [ExternalMemberFactory, AnonymousUser], ids=["external", "anonymous"]
)
def test_the_index_is_hidden_from_people_outside_the_organisation(viewer):
    with pytest.raises(NotFound):
        topic_index(viewer())


def test_a_synonyms_slug_gives_the_surviving_topic():
    survivor = TopicFactory(name="Kubernetes")
    synonym = TopicFactory(name="K8s", merged_into=survivor)

    assert access_topic(synonym.slug) == survivor


def test_an_unknown_slug_is_not_found():
    with pytest.raises(NotFound):
        access_topic("no-such-topic")


def test_a_visible_topic_carries_its_people_count():
    topic = TopicFactory()
    UserFactory().skills.add(topic)

    found = access_visible_topic(UserFactory(), topic.slug)

    assert found.people_count == 1


def test_a_topic_is_hidden_from_external_members_like_a_missing_one():
    topic = TopicFactory()

    with pytest.raises(NotFound):
        access_visible_topic(ExternalMemberFactory(), topic.slug)


def test_suggestions_start_with_what_was_typed_and_leave_out_synonyms():
    python = TopicFactory(name="Python")
    TopicFactory(name="PyTorch")
    TopicFactory(name="Py", merged_into=python)
    TopicFactory(name="Rust")

    suggested = suggest_topics("py")

    assert [topic.name for topic in suggested] == ["Python", "PyTorch"]


def test_suggestions_are_at_most_eight():
    for number in range(10):
        TopicFactory(name=f"Data {number}")

    assert len(suggest_topics("data")) == 8


def test_nothing_typed_suggests_nothing():
    TopicFactory(name="Python")

    assert suggest_topics(" - ") == []


def test_suggestions_are_hidden_from_external_members():
    with pytest.raises(NotFound):
        topic_suggestions(ExternalMemberFactory(), "py")
