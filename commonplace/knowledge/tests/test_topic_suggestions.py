"""Topics on a post are typed with suggestions from the topics in use."""

import pytest
from django.urls import reverse

from commonplace.communities.models import Role
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.knowledge.models import Post
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _writer(client):
    community = CommunityFactory()
    person = UserFactory()
    MembershipFactory(community=community, person=person, role=Role.MEMBER)
    client.force_login(person)
    return reverse("knowledge:new-post", kwargs={"slug": community.slug})


def test_the_new_post_form_asks_for_topic_suggestions_as_one_types(client):
    url = _writer(client)

    html = client.get(url).text

    assert f'hx-get="{reverse("topics:suggest")}"' in html
    assert 'list="topic-suggestions"' in html
    assert '<datalist id="topic-suggestions">' in html


def test_a_topic_picked_from_the_suggestions_joins_the_typed_ones(client):
    url = _writer(client)

    client.post(
        url,
        {
            "kind": "note",
            "body": "Trying a new deploy flow.",
            "topics": "Deploys",
            "q": "Kubernetes",
        },
    )

    assert sorted(topic.name for topic in Post.objects.get().topics.all()) == [
        "Deploys",
        "Kubernetes",
    ]
