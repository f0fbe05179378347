"""Bookmarks: keeping a post to come back to, through the services, the
pages and the API, and the list of them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonplace.communities import services as community_services
from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.knowledge import selectors, services
from commonplace.knowledge.models import Bookmark
from commonplace.knowledge.tests.factories import PostFactory
from commonplace.people.tests.factories import UserFactory
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"
FORGED = "bm90LWEtY3Vyc29y"


def _member(community, role=Role.MEMBER):
    return MembershipFactory(community=community, role=role).person


def _private_post(**fields):
    return PostFactory(
        community=CommunityFactory(visibility=Visibility.PRIVATE), **fields
    )


def _bookmarked_ids(person, **options):
    return [mark.post_id for mark in selectors.bookmarks_of(person, **options).items]


def _bookmark_many(person, count):
    """`count` bookmarks of posts in a public community, newest last."""
    community = CommunityFactory()
    topic = TopicFactory()
    posts = PostFactory.create_batch(count, community=community, topics=[topic])
    start = timezone.now() - timedelta(hours=count)
    for number, post in enumerate(posts):
        mark = services.bookmark_post(post=post, person=person)
        Bookmark.objects.filter(pk=mark.pk).update(
            created_at=start + timedelta(minutes=number)
        )
    return posts


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def _page(pk, name="bookmark"):
    return reverse(f"knowledge:{name}", kwargs={"pk": pk})


def _api(pk):
    return reverse("api:post-bookmark", args=[pk])


# --- Services --------------------------------------------------------------------


def test_bookmarking_a_post_keeps_it_for_the_person():
    post = PostFactory()
    person = UserFactory()

    mark = services.bookmark_post(post=post, person=person)

    assert Bookmark.objects.get() == mark
    assert (mark.person, mark.post) == (person, post)


def test_bookmarking_twice_keeps_one_bookmark():
    post = PostFactory()
    person = UserFactory()
    first = services.bookmark_post(post=post, person=person)

    again = services.bookmark_post(post=post, person=person)

    assert again == first
    assert Bookmark.objects.count() == 1


def test_two_people_bookmark_the_same_post_each_for_themselves():
    post = PostFactory()

    services.bookmark_post(post=post, person=UserFactory())
    services.bookmark_post(post=post, person=UserFactory())

    assert Bookmark.objects.filter(post=post).count() == 2


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.SECRET])
def test_bookmarking_a_post_one_cannot_read_is_missing(visibility):
    post = PostFactory(community=CommunityFactory(visibility=visibility))

    with pytest.raises(NotFound):
        services.bookmark_post(post=post, person=UserFactory())

    assert not Bookmark.objects.exists()


def test_an_anonymous_visitor_cannot_bookmark():
    with pytest.raises(NotFound):
        services.bookmark_post(post=PostFactory(), person=AnonymousUser())


def test_a_member_of_a_private_community_bookmarks_its_posts():
    post = _private_post()
    member = _member(post.community, Role.GUEST)

    services.bookmark_post(post=post, person=member)

    assert Bookmark.objects.filter(person=member, post=post).exists()


def test_removing_a_bookmark_takes_the_post_out():
    post = PostFactory()
    person = UserFactory()
    services.bookmark_post(post=post, person=person)

    services.remove_bookmark(post=post, person=person)

    assert not Bookmark.objects.exists()


def test_removing_a_bookmark_that_was_not_there_is_harmless():
    post = PostFactory()
    other = UserFactory()
    services.bookmark_post(post=post, person=other)

    services.remove_bookmark(post=post, person=UserFactory())

    assert list(Bookmark.objects.values_list("person", flat=True)) == [other.pk]


def test_removing_a_bookmark_of_a_post_one_cannot_read_is_missing():
    with pytest.raises(NotFound):
        services.remove_bookmark(post=_private_post(), person=UserFactory())


# --- The list ---------------------------------------------------------------------


def test_the_list_holds_ones_own_bookmarks_newest_first():
    person = UserFactory()
    posts = _bookmark_many(person, 3)
    services.bookmark_post(post=PostFactory(), person=UserFactory())

    assert _bookmarked_ids(person) == [post.pk for post in reversed(posts)]


def test_a_bookmark_in_a_community_one_loses_access_to_disappears():
    post = _private_post()
    member = _member(post.community)
    services.bookmark_post(post=post, person=member)

    community_services.leave_community(community=post.community, person=member)

    assert _bookmarked_ids(member) == []
    assert Bookmark.objects.filter(person=member).exists()


def test_a_bookmark_comes_back_when_access_does():
    post = _private_post()
    member = _member(post.community)
    services.bookmark_post(post=post, person=member)
    community_services.leave_community(community=post.community, person=member)

    MembershipFactory(community=post.community, person=member)

    assert _bookmarked_ids(member) == [post.pk]


def test_a_bookmarked_post_that_is_removed_disappears_from_the_list():
    person = UserFactory()
    deleted, hidden, kept = PostFactory(), PostFactory(), PostFactory()
    for post in (deleted, hidden, kept):
        services.bookmark_post(post=post, person=person)

    deleted.deleted_at = hidden.hidden_at = timezone.now()
    deleted.save()
    hidden.save()

    assert _bookmarked_ids(person) == [kept.pk]


def test_an_anonymous_visitor_has_no_bookmarks():
    services.bookmark_post(post=PostFactory(), person=UserFactory())

    assert selectors.bookmarks_of(AnonymousUser()).items == []


def test_the_list_pages_with_a_cursor():
    person = UserFactory()
    posts = _bookmark_many(person, 5)
    first = selectors.bookmarks_of(person, size=3)

    second = selectors.bookmarks_of(person, size=3, cursor=first.next_cursor)

    assert [mark.post_id for mark in first.items + second.items] == [
        post.pk for post in reversed(posts)
    ]
    assert second.next_cursor is None


def test_a_forged_cursor_is_invalid():
    with pytest.raises(InvalidInput):
        selectors.bookmarks_of(UserFactory(), cursor=FORGED)


def test_bookmarked_among_names_the_posts_the_viewer_bookmarked():
    person = UserFactory()
    kept, other = PostFactory(), PostFactory()
    services.bookmark_post(post=kept, person=person)

    assert selectors.bookmarked_among(person, [kept, other]) == {kept.pk}
    assert selectors.bookmarked_among(AnonymousUser(), [kept]) == set()


# --- Pages -----------------------------------------------------------------------


def test_bookmarking_through_the_page_returns_to_the_post(client):
    post = PostFactory()
    person = UserFactory()
    client.force_login(person)

    response = client.post(_page(post.pk))

    assert response.status_code == 302
    assert response["Location"] == reverse("knowledge:post", kwargs={"pk": post.pk})
    assert Bookmark.objects.filter(person=person, post=post).exists()


def test_bookmarking_through_htmx_returns_the_pressed_button(client):
    post = PostFactory()
    client.force_login(UserFactory())

    response = client.post(_page(post.pk), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.text.strip().startswith(
        f'<div class="bookmark" id="bookmark-{post.pk}">'
    )
    assert 'aria-pressed="true"' in response.text
    assert _page(post.pk, "unbookmark") in response.text
    assert "<main" not in response.text


def test_unbookmarking_through_htmx_returns_the_unpressed_button(client):
    post = PostFactory()
    person = UserFactory()
    services.bookmark_post(post=post, person=person)
    client.force_login(person)

    response = client.post(_page(post.pk, "unbookmark"), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert 'aria-pressed="false"' in response.text
    assert _page(post.pk) in response.text
    assert not Bookmark.objects.exists()


def test_unbookmarking_through_the_page_returns_to_the_post(client):
    post = PostFactory()
    person = UserFactory()
    services.bookmark_post(post=post, person=person)
    client.force_login(person)

    response = client.post(_page(post.pk, "unbookmark"))

    assert response.status_code == 302
    assert not Bookmark.objects.exists()


@pytest.mark.parametrize("name", ["bookmark", "unbookmark"])
def test_bookmarking_a_post_one_cannot_see_through_the_page_is_404(client, name):
    post = _private_post()
    client.force_login(UserFactory())

    response = client.post(_page(post.pk, name), HTTP_HX_REQUEST="true")

    assert response.status_code == 404
    assert not Bookmark.objects.exists()


def test_bookmarking_a_missing_post_is_404(client):
    client.force_login(UserFactory())

    assert client.post(_page(999_999)).status_code == 404


@pytest.mark.parametrize("name", ["bookmark", "unbookmark"])
def test_bookmarking_takes_a_post_request(client, name):
    client.force_login(UserFactory())

    assert client.get(_page(PostFactory().pk, name)).status_code == 405


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    post = PostFactory()

    response = client.post(_page(post.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Bookmark.objects.exists()


def test_the_post_page_shows_whether_it_is_bookmarked(client):
    post = PostFactory()
    person = UserFactory()
    client.force_login(person)
    before = client.get(reverse("knowledge:post", kwargs={"pk": post.pk}))
    services.bookmark_post(post=post, person=person)

    after = client.get(reverse("knowledge:post", kwargs={"pk": post.pk}))

    assert _page(post.pk) in before.text
    assert _page(post.pk, "unbookmark") not in before.text
    assert _page(post.pk, "unbookmark") in after.text


def test_the_bookmarks_page_lists_ones_bookmarks(client):
    person = UserFactory()
    kept = PostFactory(title="Worth keeping")
    PostFactory(title="Not kept")
    services.bookmark_post(post=kept, person=person)
    client.force_login(person)

    response = client.get(reverse("knowledge:bookmarks"))

    assert response.status_code == 200
    assert "Worth keeping" in response.text
    assert "Not kept" not in response.text


def test_the_bookmarks_page_says_when_there_are_none(client):
    client.force_login(UserFactory())

    response = client.get(reverse("knowledge:bookmarks"))

    assert "Nothing bookmarked yet" in response.text


def test_the_bookmarks_page_leaves_out_posts_one_can_no_longer_read(client):
    post = _private_post(title="Members only")
    member = _member(post.community)
    services.bookmark_post(post=post, person=member)
    community_services.leave_community(community=post.community, person=member)
    client.force_login(member)

    response = client.get(reverse("knowledge:bookmarks"))

    assert "Members only" not in response.text


def test_the_bookmarks_page_needs_a_signed_in_person(client):
    response = client.get(reverse("knowledge:bookmarks"))

    assert response.status_code == 302


def test_the_bookmarks_page_loads_more_through_htmx(client):
    person = UserFactory()
    _bookmark_many(person, 21)
    client.force_login(person)
    first = client.get(reverse("knowledge:bookmarks"))

    response = client.get(
        reverse("knowledge:bookmarks"),
        {"cursor": first.context["page"].next_cursor},
        HTTP_HX_REQUEST="true",
    )

    assert "Load more" in first.text
    assert first.text.count('class="card post-card"') == 20
    assert response.status_code == 200
    assert "<main" not in response.text
    assert response.text.count('class="card post-card"') == 1
    assert "Load more" not in response.text


def test_the_bookmarks_page_loads_more_without_javascript(client):
    person = UserFactory()
    _bookmark_many(person, 21)
    client.force_login(person)
    cursor = client.get(reverse("knowledge:bookmarks")).context["page"].next_cursor

    response = client.get(reverse("knowledge:bookmarks"), {"cursor": cursor})

    assert "<main" in response.text
    assert len(response.context["page"].items) == 1


def test_a_forged_cursor_on_the_bookmarks_page_is_400(client):
    client.force_login(UserFactory())

    response = client.get(reverse("knowledge:bookmarks"), {"cursor": FORGED})

    assert response.status_code == 400


@pytest.mark.parametrize("count", [5, 50])
def test_the_bookmarks_page_costs_the_same_queries_for_5_or_50(
    client, django_assert_max_num_queries, count
):
    baseline_person, person = UserFactory(), UserFactory()
    _bookmark_many(baseline_person, 1)
    _bookmark_many(person, count)
    client.force_login(baseline_person)
    baseline = _queries(client, reverse("knowledge:bookmarks"))
    client.force_login(person)

    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("knowledge:bookmarks"))

    assert response.status_code == 200


# --- API -------------------------------------------------------------------------


def test_put_bookmarks_a_post(client):
    post = PostFactory()
    person = UserFactory()
    client.force_login(person)

    response = client.put(_api(post.pk))

    assert response.status_code == 200
    assert response.json() == {"bookmarked": True}
    assert Bookmark.objects.filter(person=person, post=post).exists()


def test_put_twice_keeps_one_bookmark(client):
    post = PostFactory()
    client.force_login(UserFactory())
    client.put(_api(post.pk))

    response = client.put(_api(post.pk))

    assert response.json() == {"bookmarked": True}
    assert Bookmark.objects.count() == 1


def test_delete_takes_the_bookmark_back(client):
    post = PostFactory()
    person = UserFactory()
    services.bookmark_post(post=post, person=person)
    client.force_login(person)

    response = client.delete(_api(post.pk))

    assert response.status_code == 200
    assert response.json() == {"bookmarked": False}
    assert not Bookmark.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_bookmarking_a_post_one_cannot_see_through_the_api_is_404(client, method):
    post = _private_post()
    client.force_login(UserFactory())

    response = getattr(client, method)(_api(post.pk))

    assert response.status_code == 404
    assert set(response.json()) == {"detail", "fields"}
    assert not Bookmark.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete", "get"])
def test_the_bookmark_api_needs_a_signed_in_person(client, method):
    post = PostFactory()
    url = reverse("api:bookmarks") if method == "get" else _api(post.pk)

    response = getattr(client, method)(url)

    assert response.status_code == 401


def test_the_api_lists_ones_bookmarks_newest_first(client):
    person = UserFactory()
    posts = _bookmark_many(person, 3)
    client.force_login(person)

    response = client.get(reverse("api:bookmarks"))

    assert response.status_code == 200
    body = response.json()
    assert [item["post"]["id"] for item in body["items"]] == [
        post.pk for post in reversed(posts)
    ]
    assert body["items"][0]["post"]["community"]["slug"] == posts[0].community.slug
    assert body["next_cursor"] is None


def test_the_api_list_leaves_out_posts_one_can_no_longer_read(client):
    post = _private_post()
    member = _member(post.community)
    services.bookmark_post(post=post, person=member)
    community_services.leave_community(community=post.community, person=member)
    client.force_login(member)

    response = client.get(reverse("api:bookmarks"))

    assert response.json()["items"] == []


def test_the_api_list_pages_with_a_cursor(client):
    person = UserFactory()
    posts = _bookmark_many(person, 3)
    client.force_login(person)
    first = client.get(reverse("api:bookmarks"), {"size": 2}).json()

    second = client.get(
        reverse("api:bookmarks"), {"size": 2, "cursor": first["next_cursor"]}
    ).json()

    assert [item["post"]["id"] for item in first["items"] + second["items"]] == [
        post.pk for post in reversed(posts)
    ]
    assert second["next_cursor"] is None


def test_a_forged_cursor_on_the_api_is_400(client):
    client.force_login(UserFactory())

    response = client.get(reverse("api:bookmarks"), {"cursor": FORGED})

    assert response.status_code == 400
    assert set(response.json()) == {"detail", "fields"}


@pytest.mark.parametrize("count", [5, 50])
def test_the_bookmarks_api_costs_the_same_queries_for_5_or_50(
    client, django_assert_max_num_queries, count
):
    baseline_person, person = UserFactory(), UserFactory()
    _bookmark_many(baseline_person, 1)
    _bookmark_many(person, count)
    client.force_login(baseline_person)
    baseline = _queries(client, reverse("api:bookmarks"))
    client.force_login(person)

    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("api:bookmarks"), {"size": 100})

    assert len(response.json()["items"]) == count
