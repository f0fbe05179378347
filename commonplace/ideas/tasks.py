"""Telling people where ideas go: enqueued in the transaction of the move
or edit, safe to run twice (each event is told once), and reading the
current state when they run."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from commonplace.core.schedule import slot_start
from commonplace.ideas import selectors
from commonplace.ideas.models import (
    DecisionRecord,
    EvaluatorAssignment,
    Idea,
    IdeaSettings,
    StageKind,
    StageMove,
)
from commonplace.notifications.services import notify

DIGEST_EVERY = timedelta(days=7)


@task()
def tell_idea_moved(move_id: int) -> None:
    """Tell the idea's authors, supporters and followers of one move."""
    move = (
        StageMove.objects.select_related("idea", "moved_by").filter(pk=move_id).first()
    )
    if move is None:
        return
    for person in selectors.concerned_people(move.idea):
        notify(
            recipient=person,
            kind="idea_moved",
            target=move,
            key=f"idea_moved:{move.pk}",
            actor=move.moved_by,
        )


@task()
def tell_idea_edited(idea_id: int, version: int) -> None:
    """Tell the idea's supporters that its words changed (version `version`)."""
    idea = Idea.objects.filter(pk=idea_id).first()
    if idea is None:
        return
    written = idea.versions.select_related("written_by").filter(number=version).first()
    actor = None if written is None else written.written_by
    for person in selectors.backers(idea):
        notify(
            recipient=person,
            kind="idea_edited",
            target=idea,
            key=f"idea_edited:{idea.pk}:{version}",
            actor=actor,
            detail=str(version),
        )


@task()
def review_parked_idea(decision_id: int) -> None:
    """On its day, bring a parked idea back to its community's leaders,
    unless it moved since or they were reminded already."""
    with transaction.atomic():
        record = _due_review(decision_id)
        if record is None:
            return
        for leader in selectors.leaders_of(record.community):
            notify(
                recipient=leader,
                kind="idea_review_due",
                target=record,
                key=f"idea_review_due:{record.pk}",
            )


def _due_review(decision_id: int) -> DecisionRecord | None:
    """The parked idea's record if its day has come, the idea is still
    parked by it and nobody was reminded; marked as reminded."""
    record = (
        DecisionRecord.objects.select_for_update()
        .select_related("idea__stage", "community")
        .filter(pk=decision_id, reviewed_at__isnull=True, review_on__isnull=False)
        .first()
    )
    if record is None or record.idea.stage.kind != StageKind.PARKED:
        return None
    if selectors.latest_decision_id(record.idea) != record.pk:
        return None
    if record.review_on is None or timezone.localdate() < record.review_on:
        return None
    record.reviewed_at = timezone.now()
    record.save(update_fields=["reviewed_at"])
    return record


@task()
def digest_waiting_ideas() -> None:
    """Weekly: tell each community's leaders how many ideas have waited
    past its threshold without a move; told once a week however often run."""
    week = slot_start(timezone.now(), DIGEST_EVERY).date().isoformat()
    for overdue in selectors.overdue_ideas():
        settings, _created = IdeaSettings.objects.get_or_create(
            community=overdue.community
        )
        for leader in overdue.leaders:
            notify(
                recipient=leader,
                kind="ideas_waiting",
                target=settings,
                key=f"ideas_waiting:{overdue.community.pk}:{week}",
                detail=str(overdue.count),
            )


@task()
def tell_evaluator(assignment_id: int) -> None:
    """Tell someone they were asked to evaluate an idea or a stage's ideas."""
    assignment = (
        EvaluatorAssignment.objects.select_related("person", "assigned_by")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        return
    notify(
        recipient=assignment.person,
        kind="evaluation_requested",
        target=assignment,
        key=f"evaluation_requested:{assignment.pk}",
        actor=assignment.assigned_by,
    )


@task()
def tell_overdue_steps() -> None:
    """Daily: tell each open step's owner once it is past its due day
    (once per step and due day, so a step moved to a later day that
    passes again is told again)."""
    for step in selectors.overdue_steps(timezone.localdate()):
        if step.owner is None:
            continue
        notify(
            recipient=step.owner,
            kind="step_overdue",
            target=step,
            key=f"step_overdue:{step.pk}:{step.due_on.isoformat()}",
        )
