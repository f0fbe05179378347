"""Who hears where an idea goes: moves, edits, parked ideas coming back,
and the leaders' weekly digest. Each task tells an event once however
often it runs, and never someone who may no longer read the idea."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from commonplace.communities.models import Membership, Role, Visibility
from commonplace.ideas import services, tasks
from commonplace.ideas.models import DecisionRecord, Idea, Stage, StageKind
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of
from commonplace.notifications.models import Notification
from commonplace.notifications.selectors import notification_page
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def decision(**fields):
    values = {"decision": "Yes.", "reasons": "It helps.", "deciders": "The leaders"}
    return services.DecisionDraft(**{**values, **fields})


def stage(community, kind=StageKind.STEP, index=0):
    return Stage.objects.filter(community=community, kind=kind)[index]


def told(person, kind):
    return list(Notification.objects.filter(recipient=person, kind=kind))


def shown_to(person):
    """What the person's notifications page shows them now."""
    return notification_page(person).items


@pytest.fixture
def trip():
    """An idea with a co-author, a supporter, a follower and a leader."""
    community, leader = goal_community()
    coauthor = member_of(community)
    idea = IdeaFactory(community=community, coauthors=[coauthor])
    supporter = member_of(community, Role.GUEST)
    services.support_idea(idea=idea, person=supporter)
    follower = UserFactory()
    services.follow_idea(follower=follower, idea=idea)
    return idea, leader, coauthor, supporter, follower


def test_a_move_tells_authors_supporters_and_followers_once(trip, run_tasks):
    idea, leader, coauthor, supporter, follower = trip
    move = services.move_idea(
        idea=idea, to_stage=stage(idea.community, index=1), moved_by=leader
    )
    run_tasks()
    tasks.tell_idea_moved.call(move_id=move.pk)
    for person in (idea.author, coauthor, supporter, follower):
        [_notification] = told(person, "idea_moved")
        [shown] = shown_to(person)
        assert (
            shown.text
            == f"{leader.display_name} moved “{idea.title}” to Under discussion"
        )
        assert shown.url == f"/ideas/{idea.pk}/#move-{move.pk}"
    assert not told(leader, "idea_moved")


def test_a_decision_is_told_as_a_decision(trip, run_tasks):
    idea, leader, *_people = trip
    services.move_idea(
        idea=idea,
        to_stage=stage(idea.community, StageKind.DECLINED),
        moved_by=leader,
        decision=decision(),
    )
    run_tasks()
    [shown] = shown_to(idea.author)
    assert shown.text == f"{leader.display_name} decided on “{idea.title}”: Declined"


def test_someone_who_lost_access_is_not_told(run_tasks):
    community, leader = goal_community(visibility=Visibility.PRIVATE)
    idea = IdeaFactory(community=community)
    supporter = member_of(community)
    services.support_idea(idea=idea, person=supporter)
    Membership.objects.filter(person=supporter).delete()
    services.move_idea(idea=idea, to_stage=stage(community, index=1), moved_by=leader)
    run_tasks()
    assert not told(supporter, "idea_moved")
    assert told(idea.author, "idea_moved")


def test_an_edit_tells_supporters_only(trip, run_tasks):
    idea, _leader, coauthor, supporter, follower = trip
    services.edit_idea(
        idea=idea,
        edited_by=coauthor,
        draft=services.IdeaDraft(idea.title, "The problem, said better."),
    )
    run_tasks()
    tasks.tell_idea_edited.call(idea_id=idea.pk, version=2)
    [shown] = shown_to(supporter)
    assert (
        shown.text
        == f"{coauthor.display_name} changed “{idea.title}”, which you support"
    )
    assert not told(follower, "idea_edited")
    assert not told(idea.author, "idea_edited")


def park(idea, leader, days=10):
    return services.move_idea(
        idea=idea,
        to_stage=stage(idea.community, StageKind.PARKED),
        moved_by=leader,
        decision=decision(review_on=timezone.localdate() + timedelta(days=days)),
    ).decision


def its_day_has_come(record):
    DecisionRecord.objects.filter(pk=record.pk).update(review_on=timezone.localdate())


def test_a_parked_idea_comes_back_to_the_leaders_on_its_day():
    community, leader = goal_community()
    idea = IdeaFactory(community=community)
    record = park(idea, leader)
    tasks.review_parked_idea.call(decision_id=record.pk)
    assert not told(leader, "idea_review_due"), "not before its day"
    its_day_has_come(record)
    tasks.review_parked_idea.call(decision_id=record.pk)
    tasks.review_parked_idea.call(decision_id=record.pk)
    [shown] = shown_to(leader)
    assert "was parked until today" in shown.text
    assert shown.url == f"/decisions/{record.pk}/"


def test_a_parked_idea_that_moved_on_brings_nothing_back():
    community, leader = goal_community()
    idea = IdeaFactory(community=community)
    record = park(idea, leader)
    services.move_idea(idea=idea, to_stage=stage(community, index=1), moved_by=leader)
    its_day_has_come(record)
    tasks.review_parked_idea.call(decision_id=record.pk)
    assert not told(leader, "idea_review_due")


def test_the_weekly_digest_counts_ideas_waiting_past_the_threshold():
    community, leader = goal_community()
    old, recent = IdeaFactory(community=community), IdeaFactory(community=community)
    parked = IdeaFactory(community=community)
    park(parked, leader)
    month_ago = timezone.now() - timedelta(days=30)
    Idea.objects.filter(pk__in=[old.pk, parked.pk]).update(stage_entered_at=month_ago)
    services.set_waiting_days(community=community, changed_by=leader, days=20)
    tasks.digest_waiting_ideas.call()
    tasks.digest_waiting_ideas.call()
    [shown] = shown_to(leader)
    assert (
        shown.text == f"1 idea in {community.name} has waited over 20 days for a move"
    )
    assert shown.url == f"/communities/{community.slug}/ideas/?order=waiting"
    assert not told(recent.author, "ideas_waiting")


def test_the_digest_is_for_leaders_only():
    community, leader = goal_community()
    idea = IdeaFactory(community=community)
    Idea.objects.filter(pk=idea.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=30)
    )
    tasks.digest_waiting_ideas.call()
    Membership.objects.filter(person=leader).update(role=Role.MEMBER)
    assert told(leader, "ideas_waiting")
    assert not shown_to(leader), "no longer theirs once not a leader"
