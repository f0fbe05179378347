import pytest

from commonplace.core.errors import InvalidInput, NotAllowed
from commonplace.core.models import AuditEntry
from commonplace.people.models import Follow
from commonplace.people.tests.factories import (
    AdministratorFactory,
    FollowFactory,
    UserFactory,
)
from commonplace.topics.models import Topic
from commonplace.topics.services import (
    MAX_TOPICS_AT_ONCE,
    describe_topic,
    find_or_create_topic,
    find_or_create_topics,
    merge_topics,
    rename_topic,
)
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


# --- Naming and finding ---------------------------------------------------------


def test_the_first_spelling_names_a_new_topic():
    topic = find_or_create_topic("  Machine   Learning ")

    assert topic.name == "Machine Learning"
    assert topic.key == "machine learning"
    assert topic.slug == "machine-learning"


def test_another_spelling_of_the_same_key_finds_the_same_topic():
    first = find_or_create_topic("Machine-Learning")

    second = find_or_create_topic("machine learning.")

    assert second.pk == first.pk
    assert Topic.objects.count() == 1


def test_c_plus_plus_c_sharp_and_c_are_three_topics():
    topics = find_or_create_topics(["C++", "C#", "C"])

    assert [topic.slug for topic in topics] == ["cplusplus", "csharp", "c"]


def test_dotted_names_keep_their_dots():
    dotnet, node = find_or_create_topics([".NET", "Node.js"])

    assert (dotnet.name, dotnet.slug) == (".NET", "dotnet")
    assert (node.name, node.slug) == ("Node.js", "node-js")


def test_a_synonym_finds_the_topic_it_was_merged_into():
    survivor = TopicFactory(name="Kubernetes")
    TopicFactory(name="K8s", merged_into=survivor)

    found = find_or_create_topic("k8s")

    assert found.pk == survivor.pk


@pytest.mark.parametrize("name", ["!!!", "...", "+++", "#", "   "])
def test_a_name_of_punctuation_alone_is_refused_with_a_clear_message(name):
    with pytest.raises(InvalidInput) as raised:
        find_or_create_topic(name)

    assert raised.value.fields == {
        "name": ["A topic name needs at least one letter or digit."]
    }
    assert not Topic.objects.exists()


def test_a_name_over_fifty_characters_is_refused():
    with pytest.raises(InvalidInput) as raised:
        find_or_create_topic("x" * 51)

    assert raised.value.fields == {"name": ["A topic name has at most 50 characters."]}


def test_a_name_of_exactly_fifty_characters_is_accepted():
    topic = find_or_create_topic("x" * 50)

    assert len(topic.name) == 50


def test_a_name_whose_slug_is_a_fixed_path_gets_another_slug():
    topic = find_or_create_topic("Suggest")

    assert topic.slug == "suggest-2"


def test_names_sharing_a_slug_get_numbered_slugs():
    plain = find_or_create_topic("Node js")
    dotted = find_or_create_topic("Node.js")

    assert (plain.slug, dotted.slug) == ("node-js", "node-js-2")


def test_several_names_give_distinct_topics_in_the_order_named():
    topics = find_or_create_topics(["Python", "SQL", "python", "", "  "])

    assert [topic.name for topic in topics] == ["Python", "SQL"]


def test_too_many_topics_at_once_are_refused():
    names = [f"Topic {number}" for number in range(MAX_TOPICS_AT_ONCE + 1)]

    with pytest.raises(InvalidInput) as raised:
        find_or_create_topics(names)

    assert "topics" in raised.value.fields


# --- Renaming and describing ------------------------------------------------------


def test_renaming_changes_the_name_key_and_slug_and_is_audited():
    topic = TopicFactory(name="Kubernets")
    administrator = AdministratorFactory()

    rename_topic(topic=topic, name="Kubernetes", renamed_by=administrator)

    topic.refresh_from_db()
    assert (topic.name, topic.key, topic.slug) == (
        "Kubernetes",
        "kubernetes",
        "kubernetes",
    )
    entry = AuditEntry.objects.get(action="topic.rename")
    assert entry.actor == administrator
    assert entry.before["name"] == "Kubernets"
    assert entry.after["slug"] == "kubernetes"


def test_renaming_in_another_case_keeps_the_slug():
    topic = TopicFactory(name="kubernetes")

    rename_topic(topic=topic, name="Kubernetes", renamed_by=AdministratorFactory())

    topic.refresh_from_db()
    assert (topic.name, topic.slug) == ("Kubernetes", "kubernetes")


def test_renaming_to_another_topics_name_asks_for_a_merge():
    TopicFactory(name="Kubernetes")
    topic = TopicFactory(name="K8s")

    with pytest.raises(InvalidInput) as raised:
        rename_topic(topic=topic, name="kubernetes", renamed_by=AdministratorFactory())

    assert "Merge the two topics" in raised.value.fields["name"][0]
    topic.refresh_from_db()
    assert topic.name == "K8s"


def test_renaming_to_punctuation_is_refused():
    topic = TopicFactory(name="Kubernetes")

    with pytest.raises(InvalidInput):
        rename_topic(topic=topic, name="???", renamed_by=AdministratorFactory())


def test_only_administrators_rename_topics():
    topic = TopicFactory(name="Kubernetes")

    with pytest.raises(NotAllowed):
        rename_topic(topic=topic, name="K8s", renamed_by=UserFactory())


def test_describing_a_topic_is_audited():
    topic = TopicFactory(name="Kubernetes")

    describe_topic(
        topic=topic,
        description=" Running containers at scale. ",
        described_by=AdministratorFactory(),
    )

    topic.refresh_from_db()
    assert topic.description == "Running containers at scale."
    assert AuditEntry.objects.filter(action="topic.describe").count() == 1


def test_only_administrators_describe_topics():
    with pytest.raises(NotAllowed):
        describe_topic(
            topic=TopicFactory(), description="Anything", described_by=UserFactory()
        )


# --- Merging ---------------------------------------------------------------------


def test_merging_moves_skills_to_the_target():
    source, target = TopicFactory(name="K8s"), TopicFactory(name="Kubernetes")
    person = UserFactory()
    person.skills.add(source)

    merge_topics(source=source, target=target, merged_by=AdministratorFactory())

    assert list(person.skills.all()) == [target]


def test_merging_moves_follows_to_the_target():
    source, target = TopicFactory(name="K8s"), TopicFactory(name="Kubernetes")
    follow = FollowFactory(person=None, topic=source)

    merge_topics(source=source, target=target, merged_by=AdministratorFactory())

    follow.refresh_from_db()
    assert follow.topic == target


def test_a_person_who_stated_and_followed_both_keeps_one_of_each():
    source, target = TopicFactory(name="K8s"), TopicFactory(name="Kubernetes")
    person = UserFactory()
    person.skills.add(source, target)
    FollowFactory(follower=person, person=None, topic=source)
    FollowFactory(follower=person, person=None, topic=target)

    merge_topics(source=source, target=target, merged_by=AdministratorFactory())

    assert list(person.skills.all()) == [target]
    assert list(
        Follow.objects.filter(follower=person).values_list("topic", flat=True)
    ) == [target.pk]


def test_the_source_stays_as_a_synonym_of_the_target():
    source, target = TopicFactory(name="K8s"), TopicFactory(name="Kubernetes")

    merge_topics(source=source, target=target, merged_by=AdministratorFactory())

    source.refresh_from_db()
    assert source.merged_into == target


def test_synonyms_of_the_source_point_to_the_target():
    source, target = TopicFactory(name="K8s"), TopicFactory(name="Kubernetes")
    older = TopicFactory(name="Kube", merged_into=source)

    merge_topics(source=source, target=target, merged_by=AdministratorFactory())

    older.refresh_from_db()
    assert older.merged_into == target


def test_merging_into_a_synonym_merges_into_its_survivor():
    survivor = TopicFactory(name="Kubernetes")
    synonym = TopicFactory(name="K8s", merged_into=survivor)
    source = TopicFactory(name="Kube")

    result = merge_topics(
        source=source, target=synonym, merged_by=AdministratorFactory()
    )

    source.refresh_from_db()
    assert result == survivor
    assert source.merged_into == survivor


def test_a_topic_cannot_be_merged_into_itself():
    topic = TopicFactory()

    with pytest.raises(InvalidInput) as raised:
        merge_topics(source=topic, target=topic, merged_by=AdministratorFactory())

    assert raised.value.fields == {"target": ["A topic cannot be merged into itself."]}


def test_a_topic_cannot_be_merged_into_its_own_synonym():
    topic = TopicFactory(name="Kubernetes")
    synonym = TopicFactory(name="K8s", merged_into=topic)

    with pytest.raises(InvalidInput):
        merge_topics(source=topic, target=synonym, merged_by=AdministratorFactory())


def test_only_administrators_merge_topics():
    source, target = TopicFactory(), TopicFactory()

    with pytest.raises(NotAllowed):
        merge_topics(source=source, target=target, merged_by=UserFactory())

    source.refresh_from_db()
    assert source.merged_into is None


def test_merging_writes_an_audit_entry():
    source, target = TopicFactory(name="K8s"), TopicFactory(name="Kubernetes")
    administrator = AdministratorFactory()

    merge_topics(source=source, target=target, merged_by=administrator)

    entry = AuditEntry.objects.get(action="topic.merge")
    assert entry.actor == administrator
    assert entry.target_id == str(source.pk)
    assert entry.after == {"merged_into": target.pk, "merged_into_name": "Kubernetes"}
