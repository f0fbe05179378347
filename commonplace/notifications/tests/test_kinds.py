"""Every kind of notification, end to end: the change made through the
services, the task the worker runs, and what the right person reads."""

import pytest

from commonplace.communities import services as communities
from commonplace.communities.models import Role, Visibility
from commonplace.communities.tasks import notify_invitation, notify_join_request
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.knowledge import services as knowledge
from commonplace.knowledge.models import PostKind
from commonplace.knowledge.tasks import (
    notify_answer_accepted,
    notify_answer_posted,
    notify_comment_added,
    notify_mentions,
    notify_reaction,
    notify_report,
)
from commonplace.notifications import selectors, services
from commonplace.notifications.models import Notification, NotificationEvent
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLE = "How do we deploy on Fridays?"


def _community(visibility=Visibility.PUBLIC, name="Platform Guild"):
    return CommunityFactory(visibility=visibility, name=name)


def _in(community, role=Role.MEMBER, **fields):
    person = UserFactory(**fields)
    MembershipFactory(community=community, person=person, role=role)
    return person


def _question(community, author, *, body="Asking *carefully*.", kind=PostKind.QUESTION):
    return knowledge.create_post(
        community=community, author=author, kind=kind, title=TITLE, body=body
    )


def _answer(question, author, body="Use feature flags."):
    return knowledge.post_answer(question=question, author=author, body=body)


def _comment(post, author, *, answer=None, body="Nice."):
    return knowledge.add_comment(post=post, author=author, body=body, answer=answer)


def _texts(person):
    return [shown.text for shown in selectors.notification_page(person).items]


def _told(person, kind):
    return Notification.objects.filter(recipient=person, kind=kind)


# --- Mentioned ---------------------------------------------------------------------


def _mention_in_post(community, writer, text):
    return _question(community, writer, body=text)


def _mention_in_answer(community, writer, text):
    question = _question(community, _in(community))
    return _answer(question, writer, body=text)


def _mention_in_comment(community, writer, text):
    post = _question(community, _in(community))
    return _comment(post, writer, body=text)


MENTION_PLACES = {
    "post": _mention_in_post,
    "answer": _mention_in_answer,
    "comment": _mention_in_comment,
}


@pytest.mark.parametrize("place", MENTION_PLACES)
def test_a_person_mentioned_by_handle_is_told_where(run_tasks, place):
    community = _community()
    writer = _in(community, display_name="Ana Lima")
    mentioned = _in(community)

    item = MENTION_PLACES[place](community, writer, f"Ask @{mentioned.handle} first.")
    run_tasks()

    notification = _told(mentioned, "mentioned").get()
    assert (notification.target_type, notification.target_id) == (place, item.pk)
    assert notification.actor == writer
    assert _texts(mentioned) == [f"Ana Lima mentioned you in “{TITLE}”"]


def test_mentioning_oneself_tells_nobody(run_tasks):
    community = _community()
    writer = _in(community)

    _question(community, writer, body=f"Note to self, @{writer.handle}.")
    run_tasks()

    assert not Notification.objects.exists()


def test_a_mentioned_person_who_cannot_read_the_community_is_not_told(run_tasks):
    community = _community(Visibility.PRIVATE)
    writer = _in(community)
    outsider = UserFactory()

    _question(community, writer, body=f"Ask @{outsider.handle}.")
    run_tasks()

    assert not _told(outsider, "mentioned").exists()


def test_an_edit_tells_only_the_people_it_newly_mentions(run_tasks):
    community = _community()
    writer = _in(community)
    first, second = _in(community), _in(community)
    post = _question(community, writer, body=f"Ask @{first.handle}.")
    run_tasks()

    knowledge.edit_post(
        post=post,
        edited_by=writer,
        body=f"Ask @{first.handle} or @{second.handle}.",
    )
    run_tasks()

    assert _told(first, "mentioned").count() == 1
    assert _told(second, "mentioned").count() == 1


# --- Answered ----------------------------------------------------------------------


def test_the_asker_is_told_their_question_has_an_answer(run_tasks):
    community = _community()
    asker = _in(community)
    answerer = _in(community, display_name="Bo Chen")
    question = _question(community, asker)

    _answer(question, answerer)
    run_tasks()

    notification = _told(asker, "answered").get()
    assert (notification.target_type, notification.target_id) == ("post", question.pk)
    assert _texts(asker) == [f"Bo Chen answered your question “{TITLE}”"]
    assert not _told(answerer, "answered").exists()


def test_answering_ones_own_question_tells_nobody(run_tasks):
    community = _community()
    asker = _in(community)
    question = _question(community, asker)

    _answer(question, asker)
    run_tasks()

    assert not Notification.objects.exists()


def test_answers_from_several_people_gather_in_one_notification(run_tasks):
    community = _community()
    asker = _in(community)
    question = _question(community, asker)
    _answer(question, _in(community))
    _answer(question, _in(community))

    _answer(question, _in(community, display_name="Bo Chen"))
    run_tasks()

    assert _told(asker, "answered").count() == 1
    assert _texts(asker) == [f"Bo Chen and 2 others answered your question “{TITLE}”"]


def test_an_asker_mentioned_in_an_answer_is_told_of_the_answer_only(run_tasks):
    community = _community()
    asker = _in(community)
    question = _question(community, asker)

    _answer(question, _in(community), body=f"@{asker.handle}, use flags.")
    run_tasks()

    assert list(Notification.objects.values_list("recipient", "kind")) == [
        (asker.pk, "answered")
    ]


# --- Replied -----------------------------------------------------------------------


def test_the_author_of_a_post_is_told_of_a_comment_on_it(run_tasks):
    community = _community()
    author = _in(community)
    post = _question(community, author, kind=PostKind.DISCUSSION)

    _comment(post, _in(community, display_name="Bo Chen"))
    run_tasks()

    notification = _told(author, "replied").get()
    assert (notification.target_type, notification.target_id) == ("post", post.pk)
    assert _texts(author) == [f"Bo Chen commented on your post “{TITLE}”"]


def test_the_author_of_an_answer_is_told_of_a_comment_on_it(run_tasks):
    community = _community()
    asker, answerer = _in(community), _in(community)
    question = _question(community, asker)
    answer = _answer(question, answerer)
    run_tasks()

    _comment(question, _in(community, display_name="Bo Chen"), answer=answer)
    run_tasks()

    notification = _told(answerer, "replied").get()
    assert (notification.target_type, notification.target_id) == ("answer", answer.pk)
    assert _texts(answerer) == [f"Bo Chen commented on your answer to “{TITLE}”"]
    assert not _told(asker, "replied").exists()


def test_commenting_on_ones_own_post_tells_nobody(run_tasks):
    community = _community()
    author = _in(community)
    post = _question(community, author)

    _comment(post, author)
    run_tasks()

    assert not Notification.objects.exists()


def test_comments_from_several_people_gather_in_one_notification(run_tasks):
    community = _community()
    author = _in(community)
    post = _question(community, author)
    _comment(post, _in(community))

    _comment(post, _in(community, display_name="Bo Chen"))
    run_tasks()

    assert _told(author, "replied").count() == 1
    assert _texts(author) == [
        f"Bo Chen and 1 other commented on your question “{TITLE}”"
    ]


def test_one_person_commenting_twice_counts_as_one_person(run_tasks):
    community = _community()
    author = _in(community)
    commenter = _in(community, display_name="Bo Chen")
    post = _question(community, author)
    _comment(post, commenter, body="First thought.")

    _comment(post, commenter, body="Second thought.")
    run_tasks()

    assert _told(author, "replied").get().actor_count == 1
    assert _texts(author) == [f"Bo Chen commented on your question “{TITLE}”"]


# --- Accepted ----------------------------------------------------------------------


def test_the_author_of_an_accepted_answer_is_told(run_tasks):
    community = _community()
    asker = _in(community, display_name="Ana Lima")
    answerer = _in(community)
    question = _question(community, asker)
    answer = _answer(question, answerer)

    knowledge.accept_answer(question=question, answer=answer, accepted_by=asker)
    run_tasks()

    notification = _told(answerer, "accepted").get()
    assert (notification.target_type, notification.target_id) == ("answer", answer.pk)
    assert notification.actor == asker
    assert f"Ana Lima accepted your answer to “{TITLE}”" in _texts(answerer)


def test_accepting_ones_own_answer_tells_nobody(run_tasks):
    community = _community()
    asker = _in(community)
    question = _question(community, asker)
    answer = _answer(question, asker)

    knowledge.accept_answer(question=question, answer=answer, accepted_by=asker)
    run_tasks()

    assert not Notification.objects.exists()


def test_an_answer_unaccepted_before_the_task_runs_is_not_told(run_tasks):
    community = _community()
    asker, answerer = _in(community), _in(community)
    question = _question(community, asker)
    answer = _answer(question, answerer)
    knowledge.accept_answer(question=question, answer=answer, accepted_by=asker)

    knowledge.unaccept_answer(question=question, changed_by=asker)
    run_tasks()

    assert not _told(answerer, "accepted").exists()


# --- Reacted -----------------------------------------------------------------------


def _react(item, person, kind="helpful"):
    return knowledge.toggle_reaction(item=item, person=person, kind=kind)


def test_several_reactions_on_one_answer_make_one_unread_notification(run_tasks):
    community = _community()
    question = _question(community, _in(community))
    author = _in(community)
    answer = _answer(question, author)
    for reactor in [_in(community) for _ in range(4)]:
        _react(answer, reactor)

    _react(answer, _in(community, display_name="Ana Lima"))
    run_tasks()

    notification = _told(author, "reacted").get()
    assert notification.read_at is None
    assert notification.actor_count == 5
    assert _texts(author) == [
        f"Ana Lima and 4 others found your answer to “{TITLE}” helpful"
    ]


def test_a_reaction_after_the_group_was_read_starts_a_new_one(run_tasks):
    community = _community()
    author = _in(community)
    post = _question(community, author)
    _react(post, _in(community))
    _react(post, _in(community))
    run_tasks()
    services.mark_all_read(person=author)

    _react(post, _in(community, display_name="Ana Lima"))
    run_tasks()

    unread = _told(author, "reacted").get(read_at__isnull=True)
    assert unread.actor_count == 1
    assert _told(author, "reacted").count() == 2
    assert selectors.notification_page(author).items[0].text == (
        f"Ana Lima found your question “{TITLE}” helpful"
    )


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("insightful", f"Ana Lima found your comment on “{TITLE}” insightful"),
        ("thanks", f"Ana Lima thanked you for your comment on “{TITLE}”"),
    ],
)
def test_each_kind_of_reaction_has_its_own_words(run_tasks, kind, text):
    community = _community()
    author = _in(community)
    comment = _comment(_question(community, _in(community)), author)

    _react(comment, _in(community, display_name="Ana Lima"), kind)
    run_tasks()

    assert text in _texts(author)


def test_different_kinds_of_reaction_gather_apart(run_tasks):
    community = _community()
    author = _in(community)
    post = _question(community, author)
    reactor = _in(community)

    _react(post, reactor, "helpful")
    _react(post, reactor, "thanks")
    run_tasks()

    assert sorted(_told(author, "reacted").values_list("detail", flat=True)) == [
        "helpful",
        "thanks",
    ]


def test_reacting_to_ones_own_post_tells_nobody(run_tasks):
    community = _community()
    author = _in(community)
    post = _question(community, author)

    _react(post, author)
    run_tasks()

    assert not Notification.objects.exists()


def test_a_reaction_taken_back_before_the_task_runs_is_not_told(run_tasks):
    community = _community()
    author = _in(community)
    post = _question(community, author)
    reactor = _in(community)
    _react(post, reactor)

    _react(post, reactor)
    run_tasks()

    assert not _told(author, "reacted").exists()


# --- Invited -----------------------------------------------------------------------


def test_a_person_with_an_account_is_told_of_an_invitation(run_tasks):
    community = _community(Visibility.PRIVATE, name="Security Circle")
    owner = _in(community, Role.OWNER, display_name="Ana Lima")
    invited = UserFactory()

    invitation = communities.invite_to_community(
        community=community, invited_by=owner, email=invited.email
    )
    run_tasks()

    notification = _told(invited, "invited").get()
    assert (notification.target_type, notification.target_id) == (
        "communityinvitation",
        invitation.pk,
    )
    assert _texts(invited) == ["Ana Lima invited you to join Security Circle"]


def test_an_address_without_an_account_is_told_only_by_mail(run_tasks, mailoutbox):
    community = _community(Visibility.PRIVATE)
    owner = _in(community, Role.OWNER)

    communities.invite_to_community(
        community=community, invited_by=owner, email="newcomer@example.org"
    )
    run_tasks()

    assert not Notification.objects.exists()
    assert [mail.to for mail in mailoutbox] == [["newcomer@example.org"]]


# --- Join requests -----------------------------------------------------------------


def test_owners_and_leaders_are_told_of_a_request_to_join(run_tasks):
    community = _community(Visibility.PRIVATE, name="Security Circle")
    owner = _in(community, Role.OWNER)
    leader = _in(community, Role.LEADER)
    moderator = _in(community, Role.MODERATOR)
    member = _in(community)
    asking = UserFactory(display_name="Bo Chen")

    join_request = communities.request_to_join(community=community, person=asking)
    run_tasks()

    told = Notification.objects.filter(kind="join_request")
    assert sorted(told.values_list("recipient", flat=True)) == [owner.pk, leader.pk]
    assert set(told.values_list("target_type", "target_id")) == {
        ("joinrequest", join_request.pk)
    }
    assert _texts(leader) == ["Bo Chen asked to join Security Circle"]
    assert not Notification.objects.filter(
        recipient__in=[moderator, member, asking]
    ).exists()


# --- Reports -----------------------------------------------------------------------


def test_moderators_leaders_and_owners_are_told_of_a_report(run_tasks):
    community = _community(name="Platform Guild")
    owner = _in(community, Role.OWNER)
    leader = _in(community, Role.LEADER)
    moderator = _in(community, Role.MODERATOR)
    member = _in(community)
    post = _question(community, member)

    filed = knowledge.report(item=post, reported_by=_in(community), reason="Spam.")
    run_tasks()

    told = Notification.objects.filter(kind="report")
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        [owner.pk, leader.pk, moderator.pk]
    )
    assert set(told.values_list("target_type", "target_id")) == {("report", filed.pk)}
    assert _texts(moderator) == ["Something in Platform Guild was reported: “Spam.”"]
    assert not _told(member, "report").exists()


def test_a_moderator_who_reports_is_not_told_of_their_own_report(run_tasks):
    community = _community()
    moderator = _in(community, Role.MODERATOR)
    other_moderator = _in(community, Role.MODERATOR)
    post = _question(community, _in(community))

    knowledge.report(item=post, reported_by=moderator, reason="Spam.")
    run_tasks()

    assert list(Notification.objects.values_list("recipient", flat=True)) == [
        other_moderator.pk
    ]


# --- Running a task twice ----------------------------------------------------------


def _events_and_counts():
    counts = Notification.objects.order_by("pk").values_list(
        "recipient", "kind", "actor_count"
    )
    return NotificationEvent.objects.count(), list(counts)


def test_every_task_run_twice_tells_each_event_once(run_tasks):
    community = _community(Visibility.PRIVATE)
    owner = _in(community, Role.OWNER)
    asker, answerer, mentioned = _in(community), _in(community), _in(community)
    question = _question(community, asker, body=f"Ask @{mentioned.handle}.")
    answer = _answer(question, answerer)
    comment = _comment(question, _in(community), answer=answer)
    knowledge.accept_answer(question=question, answer=answer, accepted_by=asker)
    reactions = [_react(answer, _in(community)) for _ in range(3)]
    filed = knowledge.report(item=comment, reported_by=asker, reason="Rude.")
    invitation = communities.invite_to_community(
        community=community, invited_by=owner, email=UserFactory().email
    )
    join_request = communities.request_to_join(
        community=community, person=UserFactory()
    )
    run_tasks()
    before = _events_and_counts()

    notify_mentions.call(target_type="post", target_id=question.pk)
    notify_answer_posted.call(answer_id=answer.pk)
    notify_comment_added.call(comment_id=comment.pk)
    notify_answer_accepted.call(answer_id=answer.pk)
    for reaction in answer.reactions.all():
        notify_reaction.call(reaction_id=reaction.pk)
    notify_report.call(report_id=filed.pk)
    notify_invitation.call(invitation_id=invitation.pk)
    notify_join_request.call(join_request_id=join_request.pk)

    assert reactions == [True, True, True]
    assert before[0] == 10
    assert _events_and_counts() == before


def test_a_task_enqueued_twice_counts_each_reactor_once(run_tasks):
    community = _community()
    author = _in(community)
    post = _question(community, author)
    for reactor in [_in(community) for _ in range(3)]:
        _react(post, reactor)
    reaction_ids = list(post.reactions.values_list("pk", flat=True))

    for reaction_id in reaction_ids:
        notify_reaction.enqueue(reaction_id=reaction_id)
    run_tasks()

    assert _told(author, "reacted").get().actor_count == 3
