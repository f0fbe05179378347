"""The notifications page, the header badge, opening and reading, and the
preferences page."""

import pytest
from django.urls import reverse

from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.notifications import selectors
from commonplace.notifications.models import Notification, NotificationPreference
from commonplace.notifications.tests.factories import (
    NotificationFactory,
    notifications_on_every_target,
)
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
BADGE = reverse("notifications:badge")
PREFERENCES = reverse("notifications:preferences")
# session, viewer, the page of notifications (visibility decided inside
# the query), one query per target type on the page (six here), the
# header's unread count (two queries: the unread target types, the count)
LIST_QUERIES = 11
# session, viewer, the unread notifications' target types, the count
BADGE_QUERIES = 4


@pytest.fixture
def me(client):
    person = UserFactory()
    client.force_login(person)
    return person


def _mine(me, **fields):
    fields.setdefault("target", PostFactory(title="Which runner should we use?"))
    return NotificationFactory(recipient=me, **fields)


def _read_at(notification):
    return Notification.objects.get(pk=notification.pk).read_at


def _open(notification):
    return reverse("notifications:open", kwargs={"pk": notification.pk})


def _read(notification):
    return reverse("notifications:read", kwargs={"pk": notification.pk})


# --- The list ----------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, PREFERENCES])
def test_a_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_page_shows_each_notification_as_a_sentence(client, me):
    _mine(me, actor=UserFactory(display_name="Ana Lima"))

    response = client.get(LIST)

    assert response.status_code == 200
    assert "Ana Lima mentioned you in “Which runner should we use?”" in response.text


def test_the_page_escapes_what_people_wrote(client, me):
    _mine(
        me,
        actor=UserFactory(display_name="<b>Ana</b>"),
        target=PostFactory(title="<script>alert(1)</script>"),
    )

    response = client.get(LIST)

    assert "<script>alert(1)" not in response.text
    assert "&lt;b&gt;Ana&lt;/b&gt;" in response.text


def test_an_unread_notification_offers_to_mark_it_read(client, me):
    notification = _mine(me)

    response = client.get(LIST)

    assert "notification--unread" in response.text
    assert f'action="{_read(notification)}"' in response.text
    assert f'action="{_open(notification)}"' in response.text


def test_a_read_notification_is_shown_plainly(client, me):
    notification = _mine(me)
    client.post(_read(notification))

    response = client.get(LIST)

    assert "notification--unread" not in response.text
    assert f'action="{_read(notification)}"' not in response.text


def test_the_unread_tab_leaves_out_what_was_read(client, me):
    _mine(me, target=PostFactory(title="Still unread"))
    read = _mine(me, target=PostFactory(title="Already read"))
    client.post(_read(read))

    response = client.get(LIST, {"show": "unread"})

    assert "Still unread" in response.text
    assert "Already read" not in response.text


def test_someone_elses_notifications_are_not_on_the_page(client, me):
    NotificationFactory(target=PostFactory(title="Not for me"))

    response = client.get(LIST)

    assert "Not for me" not in response.text
    assert "No notifications yet" in response.text


def test_nothing_unread_says_all_caught_up(client, me):
    response = client.get(LIST, {"show": "unread"})

    assert "You are all caught up" in response.text


def test_the_page_links_to_the_next_one_and_htmx_gets_only_the_rows(client, me):
    for number in range(25):
        _mine(me, target=PostFactory(title=f"Thread {number:02}"))

    first = client.get(LIST)
    cursor = first.context["page"].next_cursor
    more = client.get(LIST, {"cursor": cursor}, headers={"HX-Request": "true"})

    assert 'rel="next"' in first.text
    assert "Thread 24" in first.text
    assert "Thread 04" not in first.text
    assert "Thread 04" in more.text
    assert "<html" not in more.text


def test_a_malformed_cursor_answers_400(client, me):
    response = client.get(LIST, {"cursor": "forged!"})

    assert response.status_code == 400


@pytest.mark.parametrize("count", [5, 50])
def test_the_page_takes_the_same_queries_however_many_notifications(
    client, me, django_assert_max_num_queries, count
):
    notifications_on_every_target(me, count)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST)

    assert response.status_code == 200
    assert len(response.context["page"].items) == min(count, 20)


def test_the_page_shows_a_notification_of_every_target_type(client, me):
    notifications_on_every_target(me, 6)

    response = client.get(LIST)

    assert [shown.kind for shown in response.context["page"].items] == [
        "invited",
        "join_request",
        "report",
        "reacted",
        "replied",
        "mentioned",
    ]


# --- The badge ---------------------------------------------------------------------


def test_the_badge_answers_a_visitor_with_nothing(client):
    response = client.get(BADGE)

    assert response.status_code == 204
    assert response.content == b""


def test_the_badge_shows_the_unread_count(client, me):
    _mine(me)
    _mine(me)

    response = client.get(BADGE)

    assert response.status_code == 200
    assert '<span class="unread-count">2</span>' in response.text


def test_the_badge_is_empty_when_nothing_is_unread(client, me):
    client.post(_read(_mine(me)))

    response = client.get(BADGE)

    assert response.status_code == 200
    assert "unread-count" not in response.text


def test_the_badge_caps_the_count_at_99_plus(client, me):
    NotificationFactory.create_batch(
        selectors.UNREAD_COUNT_CAP + 1, recipient=me, target=PostFactory()
    )

    response = client.get(BADGE)

    assert '<span class="unread-count">99+</span>' in response.text


def test_the_badge_shows_99_exactly(client, me):
    NotificationFactory.create_batch(
        selectors.UNREAD_COUNT_CAP, recipient=me, target=PostFactory()
    )

    response = client.get(BADGE)

    assert '<span class="unread-count">99</span>' in response.text


def test_the_header_of_every_page_carries_the_badge(client, me):
    _mine(me)

    response = client.get(PREFERENCES)

    assert 'id="unread-badge"' in response.text
    assert '<span class="unread-count">1</span>' in response.text


def test_the_header_caps_the_count_at_99_plus_too(client, me):
    NotificationFactory.create_batch(
        selectors.UNREAD_COUNT_CAP + 1, recipient=me, target=PostFactory()
    )

    response = client.get(PREFERENCES)

    assert '<span class="unread-count">99+</span>' in response.text


@pytest.mark.parametrize("count", [5, 50])
def test_the_badge_takes_a_fixed_number_of_queries(
    client, me, django_assert_max_num_queries, count
):
    notifications_on_every_target(me, count)

    with django_assert_max_num_queries(BADGE_QUERIES):
        response = client.get(BADGE)

    assert response.status_code == 200


# --- Opening and reading -------------------------------------------------------------


def test_opening_a_notification_marks_it_read_and_goes_to_its_target(client, me):
    answer = AnswerFactory()
    notification = _mine(me, kind="replied", target=answer)

    response = client.post(_open(notification))

    assert response.status_code == 302
    assert response["Location"] == f"/posts/{answer.post_id}/#answer-{answer.pk}"
    assert _read_at(notification) is not None


def test_opening_takes_a_post_only(client, me):
    notification = _mine(me)

    response = client.get(_open(notification))

    assert response.status_code == 405
    assert _read_at(notification) is None


def test_opening_someone_elses_notification_is_not_found(client, me):
    notification = NotificationFactory(target=PostFactory())

    response = client.post(_open(notification))

    assert response.status_code == 404
    assert _read_at(notification) is None


def test_opening_a_notification_whose_target_is_gone_is_not_found(client, me):
    post = PostFactory()
    notification = _mine(me, target=post)
    post.delete()

    response = client.post(_open(notification))

    assert response.status_code == 404


def test_marking_one_read_goes_back_to_the_list(client, me):
    notification = _mine(me)

    response = client.post(_read(notification))

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert _read_at(notification) is not None


def test_marking_one_read_with_htmx_answers_the_row_read(client, me):
    notification = _mine(me)

    response = client.post(_read(notification), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert f'id="notification-{notification.pk}"' in response.text
    assert "notification--unread" not in response.text
    assert "<html" not in response.text


def test_marking_someone_elses_notification_read_is_not_found(client, me):
    notification = NotificationFactory(target=PostFactory())

    response = client.post(_read(notification))

    assert response.status_code == 404
    assert _read_at(notification) is None


def test_marking_all_read_reads_only_mine(client, me):
    mine = [_mine(me), _mine(me)]
    someone_elses = NotificationFactory(target=PostFactory())

    response = client.post(reverse("notifications:read-all"), follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert "Marked 2 as read." in response.text
    assert all(_read_at(notification) for notification in mine)
    assert _read_at(someone_elses) is None


# --- Preferences ---------------------------------------------------------------------


def test_the_preferences_page_has_a_ticked_box_for_every_kind(client, me):
    response = client.get(PREFERENCES)

    assert response.status_code == 200
    for choice in selectors.preferences_of(me):
        assert f'name="{choice.name}"' in response.text
    assert response.text.count("checked") == len(selectors.preferences_of(me))


def test_a_kind_left_unticked_is_turned_off(client, me):
    ticked = {choice.name: "on" for choice in selectors.preferences_of(me)}
    del ticked["reacted"]

    response = client.post(PREFERENCES, ticked)

    assert response.status_code == 302
    assert list(
        NotificationPreference.objects.filter(person=me).values_list("kind", "in_app")
    ) == [("reacted", False)]


def test_an_unknown_kind_answers_400_and_saves_nothing(client, me):
    response = client.post(PREFERENCES, {"mentioned": "on", "poked": "on"})

    assert response.status_code == 400
    assert "There is no kind of notification called poked." in response.text
    assert not NotificationPreference.objects.filter(person=me).exists()


def test_a_real_form_with_its_csrf_token_is_accepted(client, me):
    client.handler.enforce_csrf_checks = True
    client.get(PREFERENCES)
    token = client.cookies["csrftoken"].value

    response = client.post(
        PREFERENCES, {"csrfmiddlewaretoken": token, "mentioned": "on"}
    )

    assert response.status_code == 302
