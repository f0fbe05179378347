import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from commonplace.core.models import AuditEntry
from commonplace.people.tests.factories import AdministratorFactory, UserFactory
from commonplace.topics.models import Topic
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:topics_topic_changelist"


@pytest.fixture
def admin_client(client):
    client.force_login(AdministratorFactory())
    return client


def _change_url(topic):
    return reverse("admin:topics_topic_change", args=[topic.pk])


def _merge(client, topics, **extra):
    return client.post(
        reverse(CHANGELIST),
        {
            "action": "merge_selected",
            helpers.ACTION_CHECKBOX_NAME: [topic.pk for topic in topics],
            **extra,
        },
        follow=bool(extra),
    )


def test_the_list_shows_each_topic_with_its_people_count(admin_client):
    topic = TopicFactory(name="Kubernetes")
    UserFactory().skills.add(topic)

    response = admin_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert "Kubernetes" in response.text
    assert '<td class="field-people_count">1</td>' in response.text


def test_the_list_can_be_searched(admin_client):
    TopicFactory(name="Kubernetes")
    TopicFactory(name="Rust")

    response = admin_client.get(reverse(CHANGELIST), {"q": "kube"})

    assert "Kubernetes" in response.text
    assert "Rust" not in response.text


def test_the_merge_action_first_asks_for_the_surviving_topic(admin_client):
    source = TopicFactory(name="K8s")
    TopicFactory(name="Kubernetes")

    response = _merge(admin_client, [source])

    assert response.status_code == 200
    assert "admin/topics/merge_topics.html" in [t.name for t in response.templates]
    assert 'name="target"' in response.text
    assert "K8s" in response.text
    source.refresh_from_db()
    assert source.merged_into is None


def test_confirming_the_merge_merges_every_selected_topic(admin_client):
    first, second = TopicFactory(name="K8s"), TopicFactory(name="Kube")
    target = TopicFactory(name="Kubernetes")
    person = UserFactory()
    person.skills.add(first, second)

    response = _merge(admin_client, [first, second], apply="yes", target=target.pk)

    assert response.status_code == 200
    assert "Merged 2 topics into “Kubernetes”." in response.text
    assert list(person.skills.all()) == [target]
    assert set(Topic.objects.filter(merged_into=target)) == {first, second}
    assert AuditEntry.objects.filter(action="topic.merge").count() == 2


def test_a_selected_topic_chosen_as_the_survivor_stays(admin_client):
    source, target = TopicFactory(name="K8s"), TopicFactory(name="Kubernetes")

    response = _merge(admin_client, [source, target], apply="yes", target=target.pk)

    assert "Merged 1 topic into “Kubernetes”." in response.text
    target.refresh_from_db()
    assert target.merged_into is None


def test_merging_a_topic_into_itself_alone_changes_nothing(admin_client):
    topic = TopicFactory(name="Kubernetes")

    response = _merge(admin_client, [topic], apply="yes", target=topic.pk)

    assert "Nothing was merged" in response.text
    assert not AuditEntry.objects.exists()


def test_a_merge_without_a_target_asks_again(admin_client):
    source = TopicFactory(name="K8s")

    response = _merge(admin_client, [source], apply="yes")

    assert "admin/topics/merge_topics.html" in [t.name for t in response.templates]
    assert "This field is required." in response.text


def test_renaming_in_the_admin_runs_the_naming_again(admin_client):
    topic = TopicFactory(name="Kubernets", description="")

    response = admin_client.post(
        _change_url(topic),
        {"name": "Kubernetes", "description": "Containers.", "slug": "forged"},
    )

    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.name, topic.key, topic.slug) == (
        "Kubernetes",
        "kubernetes",
        "kubernetes",
    )
    assert topic.description == "Containers."
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "topic.rename",
        "topic.describe",
    }


def test_renaming_to_another_topics_name_asks_to_merge_instead(admin_client):
    TopicFactory(name="Kubernetes")
    topic = TopicFactory(name="K8s")

    response = admin_client.post(
        _change_url(topic), {"name": "kubernetes", "description": ""}
    )

    assert response.status_code == 200
    assert "Merge the two topics instead" in response.text
    topic.refresh_from_db()
    assert topic.name == "K8s"


def test_topics_are_neither_added_nor_deleted_in_the_admin(admin_client):
    topic = TopicFactory()

    added = admin_client.get(reverse("admin:topics_topic_add"))
    deleted = admin_client.get(reverse("admin:topics_topic_delete", args=[topic.pk]))

    assert added.status_code == 403
    assert deleted.status_code == 403


def test_the_change_page_shows_the_key_and_slug_read_only(admin_client):
    topic = TopicFactory(name="C#")

    response = admin_client.get(_change_url(topic))

    assert response.status_code == 200
    assert 'name="name"' in response.text
    assert 'name="slug"' not in response.text
    assert "csharp" in response.text
