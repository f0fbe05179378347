"""Telling people, reading and choosing: every notification service."""

import pytest

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.knowledge.tests.factories import (
    PostFactory,
    ReportFactory,
)
from commonplace.notifications import services
from commonplace.notifications.models import (
    Notification,
    NotificationEvent,
    NotificationPreference,
)
from commonplace.notifications.tests.factories import NotificationFactory
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _tell(recipient, target, key="event:1", *, kind="mentioned", **fields):
    fields.setdefault("actor", UserFactory())
    return services.notify(
        recipient=recipient, kind=kind, target=target, key=key, **fields
    )


# --- notify --------------------------------------------------------------------------


def test_notify_stores_who_acted_on_what():
    recipient, actor = UserFactory(), UserFactory()
    post = PostFactory()

    notification = _tell(recipient, post, actor=actor)

    stored = Notification.objects.get(pk=notification.pk)
    assert (stored.recipient, stored.kind, stored.actor) == (
        recipient,
        "mentioned",
        actor,
    )
    assert (stored.target_type, stored.target_id) == ("post", post.pk)
    assert stored.actor_count == 1
    assert stored.read_at is None


def test_notify_tells_an_event_once():
    recipient, post = UserFactory(), PostFactory()
    _tell(recipient, post, "mentioned:post:1")

    again = _tell(recipient, post, "mentioned:post:1")

    assert again is None
    assert Notification.objects.count() == 1
    assert NotificationEvent.objects.count() == 1


def test_the_same_key_is_news_to_another_recipient():
    post = PostFactory()
    _tell(UserFactory(), post, "report:1")

    _tell(UserFactory(), post, "report:1")

    assert Notification.objects.count() == 2


def test_nobody_is_told_of_their_own_action():
    person = UserFactory()

    told = _tell(person, PostFactory(), actor=person)

    assert told is None
    assert not Notification.objects.exists()


def test_a_deactivated_person_is_not_told():
    told = _tell(UserFactory(is_active=False), PostFactory())

    assert told is None
    assert not Notification.objects.exists()


def test_someone_who_may_not_see_the_target_is_not_told():
    post = PostFactory(community=CommunityFactory(visibility=Visibility.PRIVATE))

    told = _tell(UserFactory(), post)

    assert told is None
    assert not Notification.objects.exists()


def test_a_kind_turned_off_is_not_told_and_others_still_are():
    recipient, post = UserFactory(), PostFactory()
    services.set_preferences(person=recipient, in_app={"mentioned": False})

    _tell(recipient, post, "mentioned:1", kind="mentioned")
    _tell(recipient, post, "answered:1", kind="answered")

    assert list(Notification.objects.values_list("kind", flat=True)) == ["answered"]


def test_a_kind_turned_back_on_is_told_again():
    recipient, post = UserFactory(), PostFactory()
    services.set_preferences(person=recipient, in_app={"mentioned": False})

    services.set_preferences(person=recipient, in_app={"mentioned": True})
    _tell(recipient, post)

    assert Notification.objects.filter(recipient=recipient).count() == 1


def test_a_kind_pointing_at_a_target_it_does_not_take_is_a_programming_error():
    with pytest.raises(ValueError, match="accepted does not point at a post"):
        _tell(UserFactory(), PostFactory(), kind="accepted")


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(LookupError):
        _tell(UserFactory(), PostFactory(), kind="poked")


def test_a_grouped_kind_gathers_events_on_one_target_with_the_latest_actor():
    recipient, post = UserFactory(), PostFactory()
    first, latest = UserFactory(), UserFactory()
    _tell(recipient, post, "reacted:1", kind="reacted", actor=first, detail="helpful")

    _tell(recipient, post, "reacted:2", kind="reacted", actor=latest, detail="helpful")

    notification = Notification.objects.get()
    assert notification.actor == latest
    assert notification.actor_count == 2
    assert notification.events.count() == 2


def test_a_grouped_kind_keeps_separate_targets_and_details_apart():
    recipient, post = UserFactory(), PostFactory()
    other_post = PostFactory(community=post.community)

    _tell(recipient, post, "1", kind="reacted", detail="helpful")
    _tell(recipient, post, "2", kind="reacted", detail="thanks")
    _tell(recipient, other_post, "3", kind="reacted", detail="helpful")

    assert Notification.objects.count() == 3


def test_a_grouped_notification_moves_to_the_latest_event():
    recipient, post = UserFactory(), PostFactory()
    first = _tell(recipient, post, "1", kind="reacted", detail="helpful")

    _tell(recipient, post, "2", kind="reacted", detail="helpful")

    assert Notification.objects.get().updated_at > first.updated_at


def test_someone_acting_again_in_a_group_is_counted_once():
    recipient, post = UserFactory(), PostFactory(kind="discussion")
    ana, bo = UserFactory(), UserFactory()
    _tell(recipient, post, "replied:1", kind="replied", actor=ana)
    _tell(recipient, post, "replied:2", kind="replied", actor=bo)

    _tell(recipient, post, "replied:3", kind="replied", actor=ana)

    notification = Notification.objects.get()
    assert (notification.actor, notification.actor_count) == (ana, 2)


def test_a_read_group_stays_read_and_the_next_event_opens_another():
    recipient, post = UserFactory(), PostFactory()
    read = _tell(recipient, post, "1", kind="reacted", detail="helpful")
    services.mark_read(person=recipient, notification_id=read.pk)

    opened = _tell(recipient, post, "2", kind="reacted", detail="helpful")

    assert opened.pk != read.pk
    assert Notification.objects.get(pk=read.pk).actor_count == 1
    assert Notification.objects.get(pk=opened.pk).read_at is None


def test_an_ungrouped_kind_makes_one_notification_per_event():
    recipient, community = UserFactory(), CommunityFactory()
    MembershipFactory(community=community, person=recipient, role=Role.MODERATOR)

    _tell(
        recipient,
        ReportFactory(post=PostFactory(community=community)),
        "report:1",
        kind="report",
    )
    _tell(
        recipient,
        ReportFactory(post=PostFactory(community=community)),
        "report:2",
        kind="report",
    )

    assert Notification.objects.filter(kind="report").count() == 2


# --- mark_read -----------------------------------------------------------------------


def test_marking_ones_notification_read_stamps_it():
    notification = NotificationFactory(target=PostFactory())

    services.mark_read(person=notification.recipient, notification_id=notification.pk)

    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_marking_read_again_keeps_the_first_time():
    notification = NotificationFactory(target=PostFactory())
    services.mark_read(person=notification.recipient, notification_id=notification.pk)
    first = Notification.objects.get(pk=notification.pk).read_at

    services.mark_read(person=notification.recipient, notification_id=notification.pk)

    assert Notification.objects.get(pk=notification.pk).read_at == first


def test_someone_elses_notification_is_missing_and_stays_unread():
    notification = NotificationFactory(target=PostFactory())

    with pytest.raises(NotFound):
        services.mark_read(person=UserFactory(), notification_id=notification.pk)

    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_marking_a_notification_that_does_not_exist_read_is_missing():
    with pytest.raises(NotFound):
        services.mark_read(person=UserFactory(), notification_id=123456)


# --- mark_all_read -------------------------------------------------------------------


def test_marking_all_read_reads_only_ones_own_and_counts_them():
    me, post = UserFactory(), PostFactory()
    NotificationFactory.create_batch(3, recipient=me, target=post)
    already = NotificationFactory(recipient=me, target=post)
    services.mark_read(person=me, notification_id=already.pk)
    someone_elses = NotificationFactory(target=post)

    marked = services.mark_all_read(person=me)

    assert marked == 3
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=someone_elses.pk).read_at is None


def test_marking_all_read_with_nothing_unread_marks_none():
    assert services.mark_all_read(person=UserFactory()) == 0


# --- set_preferences -----------------------------------------------------------------


def test_turning_a_kind_off_stores_the_choice():
    person = UserFactory()

    services.set_preferences(person=person, in_app={"reacted": False})

    assert list(
        NotificationPreference.objects.filter(person=person).values_list(
            "kind", "in_app"
        )
    ) == [("reacted", False)]


def test_a_choice_equal_to_the_default_stores_nothing():
    person = UserFactory()
    services.set_preferences(person=person, in_app={"reacted": False})

    services.set_preferences(person=person, in_app={"reacted": True, "answered": True})

    assert not NotificationPreference.objects.filter(person=person).exists()


def test_kinds_left_out_keep_their_choice():
    person = UserFactory()
    services.set_preferences(person=person, in_app={"reacted": False})

    services.set_preferences(person=person, in_app={"answered": False})

    assert sorted(
        NotificationPreference.objects.filter(person=person).values_list(
            "kind", flat=True
        )
    ) == ["answered", "reacted"]


def test_an_unknown_kind_refuses_the_whole_change():
    person = UserFactory()

    with pytest.raises(InvalidInput) as raised:
        services.set_preferences(
            person=person, in_app={"reacted": False, "poked": False}
        )

    assert "poked" in raised.value.message
    assert "kinds" in raised.value.fields
    assert not NotificationPreference.objects.filter(person=person).exists()
