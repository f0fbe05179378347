"""Reading notifications: only one's own, only while the policy still lets
the reader see what they are about, rendered when they are read."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from commonplace.communities import services as communities
from commonplace.communities.models import (
    CommunityInvitation,
    Membership,
    Role,
    Visibility,
)
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.knowledge import services as knowledge
from commonplace.knowledge.models import Post, PostKind
from commonplace.knowledge.tests.factories import PostFactory
from commonplace.notifications import selectors, services
from commonplace.notifications.models import Notification
from commonplace.notifications.tests.factories import NotificationFactory
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLE = "How do we deploy on Fridays?"


def _in(community, role=Role.MEMBER, **fields):
    person = UserFactory(**fields)
    MembershipFactory(community=community, person=person, role=role)
    return person


def _question(community, author=None, body="Asking *carefully*."):
    return knowledge.create_post(
        community=community,
        author=author or _in(community),
        kind=PostKind.QUESTION,
        title=TITLE,
        body=body,
    )


def _shown_ids(viewer, **options):
    return [shown.id for shown in selectors.notification_page(viewer, **options).items]


def _mentioned_in_private_post(run_tasks):
    """A member of a private community, mentioned in a post there."""
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    owner = _in(community, Role.OWNER)
    reader = _in(community)
    post = _question(community, owner, body=f"Ask @{reader.handle}.")
    run_tasks()
    return community, owner, reader, post


# --- Whose notifications ------------------------------------------------------------


def test_a_reader_sees_only_their_own_notifications():
    post = PostFactory()
    mine = NotificationFactory(target=post)
    NotificationFactory(target=post)

    assert _shown_ids(mine.recipient) == [mine.pk]
    assert selectors.unread_count(mine.recipient) == 1


def test_a_visitor_has_no_notifications():
    NotificationFactory(target=PostFactory())

    assert not selectors.visible_notifications(AnonymousUser()).exists()
    assert selectors.notification_page(AnonymousUser()).items == []
    assert selectors.unread_count(AnonymousUser()) == 0


def test_a_deactivated_person_has_no_notifications():
    notification = NotificationFactory(target=PostFactory())
    person = notification.recipient
    person.is_active = False
    person.save()

    assert selectors.notification_page(person).items == []
    assert selectors.unread_count(person) == 0


# --- Losing sight of the target -------------------------------------------------------


def test_a_member_removed_from_a_private_community_stops_seeing_its_notifications(
    run_tasks,
):
    community, owner, reader, _post = _mentioned_in_private_post(run_tasks)
    assert selectors.unread_count(reader) == 1

    communities.remove_member(
        membership=Membership.objects.get(community=community, person=reader),
        removed_by=owner,
    )

    assert selectors.notification_page(reader).items == []
    assert selectors.unread_count(reader) == 0


def test_a_member_who_leaves_a_private_community_stops_seeing_its_notifications(
    run_tasks,
):
    community, _owner, reader, _post = _mentioned_in_private_post(run_tasks)

    communities.leave_community(community=community, person=reader)

    assert selectors.notification_page(reader).items == []
    assert selectors.unread_count(reader) == 0


def test_rejoining_brings_the_notifications_back(run_tasks):
    community, _owner, reader, _post = _mentioned_in_private_post(run_tasks)
    communities.leave_community(community=community, person=reader)

    MembershipFactory(community=community, person=reader)

    assert selectors.unread_count(reader) == 1


def test_a_deleted_post_takes_its_notifications_away(run_tasks):
    _community, owner, reader, post = _mentioned_in_private_post(run_tasks)

    knowledge.delete_contribution(item=post, deleted_by=owner, reason="Duplicate.")

    assert selectors.notification_page(reader).items == []
    assert selectors.unread_count(reader) == 0


def test_a_hidden_post_takes_its_notifications_away(run_tasks):
    _community, owner, reader, post = _mentioned_in_private_post(run_tasks)
    filed = knowledge.report(item=post, reported_by=reader, reason="Spam.")

    knowledge.moderate(report_=filed, moderator=owner, decision="hide")

    assert selectors.notification_page(reader).items == []
    assert selectors.unread_count(reader) == 0


def test_a_restored_post_brings_its_notifications_back(run_tasks):
    _community, owner, reader, post = _mentioned_in_private_post(run_tasks)
    knowledge.moderate(
        report_=knowledge.report(item=post, reported_by=reader, reason="Spam."),
        moderator=owner,
        decision="hide",
    )

    knowledge.moderate(
        report_=knowledge.report(item=post, reported_by=reader, reason="Oops."),
        moderator=owner,
        decision="restore",
    )

    assert selectors.unread_count(reader) == 1


def test_a_deleted_answer_takes_its_notifications_away(run_tasks):
    community = CommunityFactory()
    asker, answerer = _in(community), _in(community)
    question = _question(community, asker)
    answer = knowledge.post_answer(question=question, author=answerer, body="Flags.")
    knowledge.accept_answer(question=question, answer=answer, accepted_by=asker)
    run_tasks()
    assert selectors.unread_count(answerer) == 1

    knowledge.delete_contribution(item=answer, deleted_by=answerer, reason="Wrong.")

    assert selectors.unread_count(answerer) == 0


def test_a_deleted_comment_takes_its_notifications_away(run_tasks):
    community = CommunityFactory()
    writer, mentioned = _in(community), _in(community)
    comment = knowledge.add_comment(
        post=_question(community), author=writer, body=f"Ask @{mentioned.handle}."
    )
    run_tasks()

    knowledge.delete_contribution(item=comment, deleted_by=writer, reason="Wrong.")

    assert selectors.unread_count(mentioned) == 0


def test_a_decided_join_request_takes_its_notification_away(run_tasks):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    owner = _in(community, Role.OWNER)
    join_request = communities.request_to_join(
        community=community, person=UserFactory()
    )
    run_tasks()
    assert selectors.unread_count(owner) == 1

    communities.decide_join_request(
        join_request=join_request, decided_by=owner, approve=True
    )

    assert selectors.notification_page(owner).items == []
    assert selectors.unread_count(owner) == 0


def test_a_leader_who_steps_down_no_longer_sees_requests_to_join(run_tasks):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    owner = _in(community, Role.OWNER)
    leader = _in(community, Role.LEADER)
    communities.request_to_join(community=community, person=UserFactory())
    run_tasks()

    communities.change_role(
        membership=Membership.objects.get(community=community, person=leader),
        changed_by=owner,
        role=Role.MEMBER,
    )

    assert selectors.unread_count(leader) == 0
    assert selectors.unread_count(owner) == 1


def _invited(run_tasks):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    owner = _in(community, Role.OWNER)
    invited = UserFactory()
    invitation = communities.invite_to_community(
        community=community, invited_by=owner, email=invited.email
    )
    run_tasks()
    return community, owner, invited, invitation


def test_an_accepted_invitation_takes_its_notification_away(run_tasks):
    _community, _owner, invited, invitation = _invited(run_tasks)
    assert selectors.unread_count(invited) == 1

    communities.accept_invitation(invitation=invitation, person=invited)

    assert selectors.notification_page(invited).items == []
    assert selectors.unread_count(invited) == 0


def test_an_expired_invitation_takes_its_notification_away(run_tasks):
    _community, _owner, invited, invitation = _invited(run_tasks)

    CommunityInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert selectors.notification_page(invited).items == []
    assert selectors.unread_count(invited) == 0


def test_an_invitation_replaced_by_a_new_one_leaves_only_the_new_one(run_tasks):
    community, owner, invited, first = _invited(run_tasks)

    second = communities.invite_to_community(
        community=community, invited_by=owner, email=invited.email
    )
    run_tasks()

    shown = Notification.objects.get(pk=_shown_ids(invited)[0])
    assert len(_shown_ids(invited)) == 1
    assert shown.target_id == second.pk != first.pk


def test_a_decided_report_takes_its_notification_away(run_tasks):
    community = CommunityFactory()
    moderator = _in(community, Role.MODERATOR)
    post = _question(community)
    filed = knowledge.report(item=post, reported_by=_in(community), reason="Spam.")
    run_tasks()
    assert selectors.unread_count(moderator) == 1

    knowledge.moderate(report_=filed, moderator=moderator, decision="dismiss")

    assert selectors.notification_page(moderator).items == []
    assert selectors.unread_count(moderator) == 0


# --- Rendered at read time ------------------------------------------------------------


def test_the_text_follows_the_post_as_it_is_now(run_tasks):
    _community, owner, reader, post = _mentioned_in_private_post(run_tasks)

    knowledge.edit_post(
        post=post,
        edited_by=owner,
        title="When do we deploy?",
        body=f"Ask @{reader.handle}.",
    )

    assert (
        selectors.notification_page(reader)
        .items[0]
        .text.endswith("mentioned you in “When do we deploy?”")
    )


def test_the_text_names_the_actor_as_they_are_called_now(run_tasks):
    _community, owner, reader, _post = _mentioned_in_private_post(run_tasks)

    owner.display_name = "Ana Lima-Costa"
    owner.save()

    assert (
        selectors.notification_page(reader)
        .items[0]
        .text.startswith("Ana Lima-Costa mentioned you")
    )


def test_a_long_title_is_shortened_in_the_text():
    notification = NotificationFactory(target=PostFactory(title="x" * 200))

    text = selectors.notification_page(notification.recipient).items[0].text

    assert "x" * 79 + "…" in text
    assert "x" * 80 not in text


def test_a_note_without_a_title_is_called_by_its_text():
    post = PostFactory(kind=PostKind.NOTE, title="", body_source="Remember the flags.")
    notification = NotificationFactory(target=post)

    text = selectors.notification_page(notification.recipient).items[0].text

    assert text.endswith("mentioned you in “Remember the flags.”")


def test_an_actor_whose_account_is_gone_is_someone():
    notification = NotificationFactory(target=PostFactory(), actor=None)

    text = selectors.notification_page(notification.recipient).items[0].text

    assert text.startswith("Someone mentioned you")


def test_a_shown_notification_links_to_what_it_is_about():
    post = PostFactory()
    notification = NotificationFactory(target=post)

    shown = selectors.shown_notification(notification.recipient, notification.pk)

    assert shown.url == f"/posts/{post.pk}/"
    assert shown.is_unread


# --- Pages --------------------------------------------------------------------------


def test_the_page_is_newest_activity_first():
    me, post = UserFactory(), PostFactory()
    now = timezone.now()
    old = NotificationFactory(recipient=me, target=post, updated_at=now - timedelta(1))
    new = NotificationFactory(recipient=me, target=post, updated_at=now)
    middle = NotificationFactory(
        recipient=me, target=post, updated_at=now - timedelta(hours=1)
    )

    assert _shown_ids(me) == [new.pk, middle.pk, old.pk]


def test_the_unread_only_page_leaves_out_what_was_read():
    me, post = UserFactory(), PostFactory()
    unread = NotificationFactory(recipient=me, target=post)
    read = NotificationFactory(recipient=me, target=post)
    services.mark_read(person=me, notification_id=read.pk)

    assert _shown_ids(me, unread_only=True) == [unread.pk]
    assert sorted(_shown_ids(me)) == sorted([unread.pk, read.pk])


def test_pages_follow_each_other_with_the_cursor():
    me, post = UserFactory(), PostFactory()
    made = NotificationFactory.create_batch(5, recipient=me, target=post)

    first = selectors.notification_page(me, size=3)
    second = selectors.notification_page(me, size=3, cursor=first.next_cursor)

    assert [shown.id for shown in first.items + second.items] == [
        notification.pk for notification in reversed(made)
    ]
    assert second.next_cursor is None


def test_a_forged_cursor_is_invalid_input():
    with pytest.raises(InvalidInput):
        selectors.notification_page(UserFactory(), cursor="forged!")


# --- The unread count ----------------------------------------------------------------


def test_the_unread_count_leaves_out_what_was_read():
    me, post = UserFactory(), PostFactory()
    NotificationFactory.create_batch(2, recipient=me, target=post)
    services.mark_read(
        person=me, notification_id=NotificationFactory(recipient=me, target=post).pk
    )

    assert selectors.unread_count(me) == 2


def test_the_unread_count_stops_one_past_the_cap():
    me, post = UserFactory(), PostFactory()
    NotificationFactory.create_batch(
        selectors.UNREAD_COUNT_CAP + 5, recipient=me, target=post
    )

    assert selectors.unread_count(me) == selectors.UNREAD_COUNT_CAP + 1


# --- One notification ----------------------------------------------------------------


def test_someone_elses_notification_is_not_found():
    notification = NotificationFactory(target=PostFactory())

    with pytest.raises(NotFound):
        selectors.shown_notification(UserFactory(), notification.pk)
    with pytest.raises(NotFound):
        selectors.access_notification(UserFactory(), notification.pk)


def test_a_notification_about_something_gone_is_not_found():
    post = PostFactory()
    notification = NotificationFactory(target=post)
    Post.objects.filter(pk=post.pk).update(deleted_at=timezone.now())

    with pytest.raises(NotFound):
        selectors.shown_notification(notification.recipient, notification.pk)


# --- Preferences ---------------------------------------------------------------------


def test_preferences_list_every_kind_on_by_default():
    choices = selectors.preferences_of(UserFactory())

    assert [choice.name for choice in choices] == [
        "invited",
        "join_request",
        "mentioned",
        "answered",
        "replied",
        "accepted",
        "reacted",
        "report",
        "help_requested",
        "idea_moved",
        "idea_edited",
        "idea_review_due",
        "ideas_waiting",
        "evaluation_requested",
        "step_overdue",
    ]
    assert all(choice.in_app for choice in choices)


def test_preferences_show_the_persons_own_choice():
    person = UserFactory()
    services.set_preferences(person=person, in_app={"reacted": False})

    chosen = {choice.name: choice.in_app for choice in selectors.preferences_of(person)}

    assert chosen["reacted"] is False
    assert chosen["mentioned"] is True
