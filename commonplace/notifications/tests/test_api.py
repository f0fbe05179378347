"""Notifications in the API: the list, the unread count, marking read and
the preferences, with their errors and query counts."""

import pytest
from django.urls import reverse

from commonplace.accounts.services import create_access_token
from commonplace.knowledge.tests.factories import PostFactory
from commonplace.notifications import selectors
from commonplace.notifications.models import Notification, NotificationPreference
from commonplace.notifications.tests.factories import (
    NotificationFactory,
    notifications_on_every_target,
)
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"
LIST = reverse("api:notifications")
UNREAD = reverse("api:notifications-unread")
READ_ALL = reverse("api:notifications-read-all")
PREFERENCES = reverse("api:notification-preferences")
# session, viewer, the page of notifications (visibility decided inside
# the query), one query per target type on the page (six here)
LIST_QUERIES = 9
# session, viewer, the unread notifications' target types, the count
UNREAD_QUERIES = 4


@pytest.fixture
def me(client):
    person = UserFactory()
    client.force_login(person)
    return person


def _mine(me, **fields):
    fields.setdefault("target", PostFactory(title="Which runner should we use?"))
    return NotificationFactory(recipient=me, **fields)


def _read_one(notification):
    return reverse("api:notification-read", kwargs={"notification_id": notification.pk})


def _read_at(notification):
    return Notification.objects.get(pk=notification.pk).read_at


def _is_error_shape(body):
    return set(body) == {"detail", "fields"} and isinstance(body["detail"], str)


# --- Who may ask -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", LIST),
        ("get", UNREAD),
        ("post", READ_ALL),
        ("get", PREFERENCES),
    ],
)
def test_a_visitor_is_asked_to_sign_in(client, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 401
    assert _is_error_shape(response.json())


def test_a_personal_access_token_reads_its_persons_notifications(client):
    person = UserFactory()
    _mine(person)
    _token, secret = create_access_token(
        person=person, created_by=person, name="script", expires_in_days=None
    )

    response = client.get(UNREAD, headers={"Authorization": f"Bearer {secret}"})

    assert response.json() == {"unread": 1, "more": False}


# --- The list ------------------------------------------------------------------------


def test_the_list_gives_each_notification_rendered_now(client, me):
    actor = UserFactory(display_name="Ana Lima")
    post = PostFactory(title="Which runner should we use?")
    notification = _mine(me, actor=actor, target=post)

    response = client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    item = body["items"][0]
    assert item["id"] == notification.pk
    assert item["kind"] == "mentioned"
    assert item["text"] == "Ana Lima mentioned you in “Which runner should we use?”"
    assert item["url"] == f"/posts/{post.pk}/"
    assert item["actor"] == {"id": actor.pk, "display_name": "Ana Lima"}
    assert item["actor_count"] == 1
    assert item["read"] is False


def test_the_list_leaves_out_someone_elses(client, me):
    NotificationFactory(target=PostFactory())

    response = client.get(LIST)

    assert response.json()["items"] == []


def test_the_list_says_what_was_read(client, me):
    notification = _mine(me)
    client.post(_read_one(notification))

    response = client.get(LIST)

    assert response.json()["items"][0]["read"] is True


def test_the_unread_filter_leaves_out_what_was_read(client, me):
    unread = _mine(me)
    client.post(_read_one(_mine(me)))

    response = client.get(LIST, {"unread": "true"})

    assert [item["id"] for item in response.json()["items"]] == [unread.pk]


def test_the_list_pages_with_a_cursor(client, me):
    made = [_mine(me) for _ in range(5)]

    first = client.get(LIST, {"size": 3}).json()
    second = client.get(LIST, {"size": 3, "cursor": first["next_cursor"]}).json()

    assert [item["id"] for item in first["items"] + second["items"]] == [
        notification.pk for notification in reversed(made)
    ]
    assert second["next_cursor"] is None


def test_a_malformed_cursor_answers_400_in_the_error_shape(client, me):
    response = client.get(LIST, {"cursor": "forged!"})

    assert response.status_code == 400
    assert _is_error_shape(response.json())


@pytest.mark.parametrize("size", [0, 101])
def test_a_size_out_of_range_answers_422_naming_it(client, me, size):
    response = client.get(LIST, {"size": size})

    assert response.status_code == 422
    assert "size" in response.json()["fields"]


def test_a_notification_whose_target_is_gone_is_not_listed(client, me):
    post = PostFactory()
    _mine(me, target=post)
    post.delete()

    response = client.get(LIST)

    assert response.json()["items"] == []


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_takes_the_same_queries_however_many_notifications(
    client, me, django_assert_max_num_queries, count
):
    notifications_on_every_target(me, count)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST, {"size": 50})

    assert response.status_code == 200
    assert len(response.json()["items"]) == count


# --- The unread count ----------------------------------------------------------------


def test_the_unread_count_counts_what_is_unread_and_visible(client, me):
    _mine(me)
    _mine(me)
    client.post(_read_one(_mine(me)))
    gone = PostFactory()
    _mine(me, target=gone)
    gone.delete()

    response = client.get(UNREAD)

    assert response.status_code == 200
    assert response.json() == {"unread": 2, "more": False}


def test_no_unread_notification_costs_one_query(
    client, me, django_assert_max_num_queries
):
    client.post(_read_one(_mine(me)))

    with django_assert_max_num_queries(UNREAD_QUERIES - 1):
        response = client.get(UNREAD)

    assert response.json() == {"unread": 0, "more": False}


def test_the_unread_count_says_when_there_are_more_than_99(client, me):
    NotificationFactory.create_batch(
        selectors.UNREAD_COUNT_CAP + 1, recipient=me, target=PostFactory()
    )

    response = client.get(UNREAD)

    assert response.json() == {"unread": 100, "more": True}


def test_exactly_99_unread_is_not_more(client, me):
    NotificationFactory.create_batch(
        selectors.UNREAD_COUNT_CAP, recipient=me, target=PostFactory()
    )

    response = client.get(UNREAD)

    assert response.json() == {"unread": 99, "more": False}


@pytest.mark.parametrize("count", [5, 50])
def test_the_unread_count_takes_a_fixed_number_of_queries(
    client, me, django_assert_max_num_queries, count
):
    notifications_on_every_target(me, count)

    with django_assert_max_num_queries(UNREAD_QUERIES):
        response = client.get(UNREAD)

    assert response.json()["unread"] == count


# --- Marking read --------------------------------------------------------------------


def test_marking_one_read_answers_204(client, me):
    notification = _mine(me)

    response = client.post(_read_one(notification))

    assert response.status_code == 204
    assert _read_at(notification) is not None


def test_marking_someone_elses_read_answers_404_and_changes_nothing(client, me):
    notification = NotificationFactory(target=PostFactory())

    response = client.post(_read_one(notification))

    assert response.status_code == 404
    assert _is_error_shape(response.json())
    assert _read_at(notification) is None


def test_marking_one_that_does_not_exist_read_answers_404(client, me):
    response = client.post(
        reverse("api:notification-read", kwargs={"notification_id": 123456})
    )

    assert response.status_code == 404


def test_marking_all_read_says_how_many_and_reads_only_mine(client, me):
    mine = [_mine(me), _mine(me), _mine(me)]
    someone_elses = NotificationFactory(target=PostFactory())

    response = client.post(READ_ALL)

    assert response.status_code == 200
    assert response.json() == {"marked": 3}
    assert all(_read_at(notification) for notification in mine)
    assert _read_at(someone_elses) is None


# --- Preferences ---------------------------------------------------------------------


def test_the_preferences_list_every_kind_with_its_setting(client, me):
    response = client.get(PREFERENCES)

    assert response.status_code == 200
    kinds = response.json()["kinds"]
    assert [kind["name"] for kind in kinds] == [
        choice.name for choice in selectors.preferences_of(me)
    ]
    assert all(kind["in_app"] for kind in kinds)
    assert all(kind["label"] for kind in kinds)


def test_turning_a_kind_off_keeps_the_others(client, me):
    response = client.put(
        PREFERENCES, {"in_app": {"reacted": False}}, content_type=JSON
    )

    assert response.status_code == 200
    chosen = {kind["name"]: kind["in_app"] for kind in response.json()["kinds"]}
    assert chosen["reacted"] is False
    assert chosen["mentioned"] is True
    assert list(
        NotificationPreference.objects.filter(person=me).values_list("kind", "in_app")
    ) == [("reacted", False)]


def test_an_unknown_kind_answers_400_and_saves_nothing(client, me):
    response = client.put(
        PREFERENCES,
        {"in_app": {"reacted": False, "poked": False}},
        content_type=JSON,
    )

    assert response.status_code == 400
    body = response.json()
    assert _is_error_shape(body)
    assert body["detail"] == "There is no kind of notification called poked."
    assert "kinds" in body["fields"]
    assert not NotificationPreference.objects.filter(person=me).exists()


def test_preferences_that_are_not_yes_or_no_answer_422(client, me):
    response = client.put(
        PREFERENCES, {"in_app": {"reacted": "sometimes"}}, content_type=JSON
    )

    assert response.status_code == 422
    assert _is_error_shape(response.json())
    assert not NotificationPreference.objects.filter(person=me).exists()
