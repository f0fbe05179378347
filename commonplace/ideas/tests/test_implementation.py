"""Carrying out a decided idea: owners, a plan of steps, status updates in
its thread, overdue steps told to their owners, and measured impact."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commonplace.core.errors import Conflict, InvalidInput, NotAllowed
from commonplace.ideas import selectors, services, tasks
from commonplace.ideas.models import ImpactRecord, PlanStep, Stage, StageKind
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of
from commonplace.knowledge.models import Comment
from commonplace.notifications.selectors import notification_page
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def stage(community, kind):
    return Stage.objects.filter(community=community, kind=kind).first()


@pytest.fixture
def decided():
    """A decided idea with an owner; returns (idea, leader, owner)."""
    community, leader = goal_community()
    idea = IdeaFactory(community=community)
    services.move_idea(
        idea=idea,
        to_stage=stage(community, StageKind.DECIDED),
        moved_by=leader,
        decision=services.DecisionDraft("Yes.", "It helps.", "The leaders"),
    )
    owner = member_of(community)
    idea.refresh_from_db()
    services.set_owners(idea=idea, owners=[owner], set_by=leader)
    return idea, leader, owner


def step(idea, by, title="Write the runbook", days=7, owner=None):
    return services.add_step(
        idea=idea,
        added_by=by,
        draft=services.StepDraft(title, TODAY() + timedelta(days=days), owner),
    )


def test_owners_plan_steps_and_progress_follows(decided):
    idea, _leader, owner = decided
    first = step(idea, owner, owner=owner)
    step(idea, owner, "Train the team")
    services.complete_step(step=first, by=owner)
    plan = selectors.plan_of(idea)
    assert [each.title for each in plan.steps] == [
        "Write the runbook",
        "Train the team",
    ]
    assert (plan.done, plan.progress) == (1, 50)
    assert plan.owners == [owner]


def test_an_undecided_idea_has_no_plan():
    community, leader = goal_community()
    idea = IdeaFactory(community=community)
    with pytest.raises(Conflict):
        step(idea, leader)


def test_a_step_due_before_the_decision_is_refused(decided):
    idea, _leader, owner = decided
    with pytest.raises(InvalidInput) as refused:
        step(idea, owner, days=-1)
    assert "due_on" in refused.value.fields
    assert not PlanStep.objects.exists()


def test_others_may_not_plan(decided):
    idea, _leader, _owner = decided
    with pytest.raises(NotAllowed):
        step(idea, member_of(idea.community))


def test_an_owner_must_read_the_community(decided):
    idea, leader, _owner = decided
    idea.community.visibility = "private"
    idea.community.save()
    with pytest.raises(InvalidInput):
        services.set_owners(idea=idea, owners=[UserFactory()], set_by=leader)


def test_a_status_update_is_a_reply_in_the_thread(decided):
    idea, _leader, owner = decided
    update = services.post_status_update(idea=idea, author=owner, text="Half done.")
    comment = Comment.objects.get(pk=update.comment_id)
    assert comment.post_id == idea.thread_id
    assert "Status update:" in comment.body_html
    assert selectors.plan_of(idea).updates == [update]


def test_an_overdue_step_is_told_to_its_owner_once(decided):
    idea, _leader, owner = decided
    late = step(idea, owner, owner=owner, days=1)
    PlanStep.objects.filter(pk=late.pk).update(due_on=TODAY() - timedelta(days=1))
    tasks.tell_overdue_steps.call()
    tasks.tell_overdue_steps.call()
    [shown] = notification_page(owner).items
    assert shown.text.startswith("“Write the runbook” for")
    assert shown.url.endswith(f"#step-{late.pk}")
    services.complete_step(step=PlanStep.objects.get(pk=late.pk), by=owner)
    assert not selectors.overdue_steps(TODAY()).exists()


def test_impact_is_recorded_once_the_idea_is_done(decided):
    idea, leader, owner = decided
    draft = services.ImpactDraft(
        "Returns fell by 12%.",
        Decimal("-12"),
        "%",
        TODAY() - timedelta(days=30),
        TODAY(),
    )
    with pytest.raises(Conflict):
        services.record_impact(idea=idea, recorded_by=owner, draft=draft)
    services.move_idea(
        idea=idea, to_stage=stage(idea.community, StageKind.DONE), moved_by=leader
    )
    idea.refresh_from_db()
    record = services.record_impact(idea=idea, recorded_by=owner, draft=draft)
    assert (record.value, record.unit) == (Decimal("-12"), "%")
    assert selectors.impact_of(idea) == record


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"measured": ""}, "measured"),
        ({"value": Decimal("5"), "unit": ""}, "unit"),
        ({"period_start": TODAY(), "period_end": None}, "period_end"),
        (
            {"period_start": TODAY(), "period_end": TODAY() - timedelta(days=1)},
            "period_end",
        ),
    ],
)
def test_bad_impact_is_refused_with_its_field(decided, fields, field):
    idea, leader, owner = decided
    services.move_idea(
        idea=idea, to_stage=stage(idea.community, StageKind.DONE), moved_by=leader
    )
    idea.refresh_from_db()
    values = {
        "measured": "Better.",
        "value": None,
        "unit": "",
        "period_start": None,
        "period_end": None,
    }
    with pytest.raises(InvalidInput) as refused:
        services.record_impact(
            idea=idea,
            recorded_by=owner,
            draft=services.ImpactDraft(**{**values, **fields}),
        )
    assert field in refused.value.fields
    assert not ImpactRecord.objects.exists()


def test_a_leader_may_plan_too(decided):
    idea, leader, _owner = decided
    assert step(idea, leader).idea_id == idea.pk
