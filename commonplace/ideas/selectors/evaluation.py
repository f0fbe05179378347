"""Reading evaluations, plans and impact: the criteria, the board of a
stage's ideas by weighted score, an idea's scores, its plan with its
progress, and the steps past their day. The caller has checked that the
viewer reads the community."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.core.compiled import Compiled
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.core.pagination import Page, paginate
from commonplace.ideas.models import (
    Criterion,
    EvaluatorAssignment,
    Idea,
    ImpactRecord,
    PlanStep,
    Score,
    Stage,
    StatusUpdate,
)
from commonplace.ideas.selectors.trip import listed
from commonplace.people.models import User

BOARD_ORDER = ("-evaluation_score", "-pk")
UPDATES_SHOWN = 5


# A community's criteria: the board and every idea page ask (core.compiled).
_CRITERIA = Compiled(
    Criterion,
    lambda community_id: Criterion.objects.filter(community_id=community_id),
    int,
)


def criteria_of(community: Community) -> list[Criterion]:
    return _CRITERIA.rows(community.pk)


def access_criterion(community: Community, criterion_id: int) -> Criterion:
    criterion = Criterion.objects.filter(community=community, pk=criterion_id).first()
    if criterion is None:
        raise NotFound
    criterion.community = community
    return criterion


def board(stage: Stage, *, cursor: str | None = None, size: int = 20) -> Page[Idea]:
    """A stage's ideas by weighted score, best first, each with how many
    evaluators scored it; unscored ideas (score 0) come last."""
    rows = listed(Idea.objects.filter(stage=stage), with_stage=False)
    return paginate(rows, ordering=BOARD_ORDER, cursor=cursor, size=size)


@dataclass(frozen=True)
class Evaluation:
    """One evaluator's scores of an idea, criterion by criterion."""

    evaluator: object
    scores: list[Score]


def evaluations_of(idea: Idea) -> list[Evaluation]:
    """Every evaluator's scores and comments, as members see them."""
    rows = (
        Score.objects.filter(idea=idea)
        .select_related("evaluator", "criterion")
        .order_by(
            "evaluator__display_name",
            "evaluator_id",
            "criterion__position",
            "criterion_id",
        )
    )
    grouped: dict[int, Evaluation] = {}
    for score in rows:
        if score.evaluator_id not in grouped:
            grouped[score.evaluator_id] = Evaluation(score.evaluator, [])
        grouped[score.evaluator_id].scores.append(score)
    return list(grouped.values())


def _asked(target: Q) -> list[EvaluatorAssignment]:
    return list(
        EvaluatorAssignment.objects.filter(target)
        .select_related("person")
        .order_by("person__display_name", "pk")
    )


def assignments_of(idea: Idea) -> list[EvaluatorAssignment]:
    """Who is asked to evaluate the idea: for it, or for its stage."""
    return _asked(Q(idea_id=idea.pk) | Q(stage_id=idea.stage_id))


def stage_assignments(stage: Stage) -> list[EvaluatorAssignment]:
    """Who is asked to evaluate every idea in the stage."""
    return _asked(Q(stage_id=stage.pk))


def may_score(viewer: permissions.Viewer, idea: Idea) -> bool:
    return permissions.can(viewer, "idea.score", idea)


def own_scores(viewer: permissions.Viewer, idea: Idea) -> dict[int, Score]:
    """The viewer's own scores of the idea, by criterion, to edit them."""
    if not permissions.is_signed_in(viewer):
        return {}
    return {
        score.criterion_id: score
        for score in Score.objects.filter(idea=idea, evaluator=viewer)
    }


@dataclass(frozen=True)
class Plan:
    steps: list[PlanStep]
    done: int
    owners: list[User]
    updates: list[StatusUpdate]

    @property
    def progress(self) -> int:
        """The share of steps done, in per cent (0 with no steps)."""
        return round(100 * self.done / len(self.steps)) if self.steps else 0


def plan_of(idea: Idea) -> Plan:
    steps = list(idea.steps.select_related("owner", "done_by"))
    return Plan(
        steps=steps,
        done=sum(1 for step in steps if step.is_done),
        owners=owners_of(idea),
        updates=updates_of(idea),
    )


def owners_of(idea: Idea) -> list[User]:
    """Who carries the idea out, by name."""
    return list(idea.owners.order_by("display_name", "pk"))


def updates_of(idea: Idea) -> list[StatusUpdate]:
    """The owners' latest status updates, newest first; one whose reply
    was removed from the thread is gone here too."""
    updates = (
        StatusUpdate.objects.filter(idea=idea, comment__deleted_at__isnull=True)
        .select_related("comment", "comment__author")
        .order_by("-created_at", "-pk")
    )
    return list(updates[:UPDATES_SHOWN])


def access_step(idea: Idea, step_id: int) -> PlanStep:
    step = PlanStep.objects.filter(idea=idea, pk=step_id).first()
    if step is None:
        raise NotFound
    step.idea = idea
    return step


def impact_of(idea: Idea) -> ImpactRecord | None:
    return ImpactRecord.objects.filter(idea=idea).select_related("recorded_by").first()


def overdue_steps(today: date) -> QuerySet[PlanStep]:
    """Open steps past their due day, with their owners and ideas."""
    return (
        PlanStep.objects.filter(done_at__isnull=True, due_on__lt=today)
        .select_related("owner", "idea")
        .order_by("due_on", "pk")
    )


def checked_stage(stage: Stage | None) -> Stage:
    if stage is None:
        message = _("Choose the stage whose ideas to rank.")
        raise InvalidInput(message, fields={"stage": [message]})
    return stage
