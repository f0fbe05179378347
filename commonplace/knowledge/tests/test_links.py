"""Links between posts (duplicates and related, brought in by importers)
show on both posts, to people who may read both."""

import pytest
from django.urls import reverse

from commonplace.communities.models import Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.knowledge import selectors
from commonplace.knowledge.models import PostLink
from commonplace.knowledge.tests.factories import PostFactory
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _link(start, end, kind=PostLink.Kind.RELATED):
    return PostLink.objects.create(from_post=start, to_post=end, kind=kind)


def _reader(*communities):
    person = UserFactory()
    for community in communities:
        MembershipFactory(community=community, person=person)
    return person


def test_a_duplicate_points_to_the_original_and_back():
    community = CommunityFactory()
    original, again = PostFactory(community=community), PostFactory(community=community)
    _link(again, original, PostLink.Kind.DUPLICATE)
    reader = _reader(community)

    assert selectors.links_of(reader, again).duplicate_of == [original]
    assert selectors.links_of(reader, original).duplicates == [again]


def test_related_posts_show_on_both_sides():
    community = CommunityFactory()
    first, second = PostFactory(community=community), PostFactory(community=community)
    _link(first, second)
    reader = _reader(community)

    assert selectors.links_of(reader, first).related == [second]
    assert selectors.links_of(reader, second).related == [first]


def test_a_linked_post_the_viewer_cannot_read_is_left_out():
    public = CommunityFactory()
    private = CommunityFactory(visibility=Visibility.PRIVATE)
    mine, hidden = PostFactory(community=public), PostFactory(community=private)
    _link(mine, hidden)
    outsider = _reader(public)

    links = selectors.links_of(outsider, mine)

    assert not links.any


def test_a_removed_linked_post_is_left_out():
    community = CommunityFactory()
    first, second = PostFactory(community=community), PostFactory(community=community)
    _link(first, second)
    second.hidden_at = second.created_at
    second.save()

    assert not selectors.links_of(_reader(community), first).any


def test_the_post_page_names_the_original_of_a_duplicate(client):
    community = CommunityFactory()
    original = PostFactory(community=community, title="The original")
    again = PostFactory(community=community, title="Asked again")
    _link(again, original, PostLink.Kind.DUPLICATE)
    client.force_login(_reader(community))

    page = client.get(reverse("knowledge:post", kwargs={"pk": again.pk}))
    back = client.get(reverse("knowledge:post", kwargs={"pk": original.pk}))

    assert "This question has been answered before:" in page.text
    assert "The original" in page.text
    assert "Asked again" in back.text
