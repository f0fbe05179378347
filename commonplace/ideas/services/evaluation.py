"""Evaluating ideas: a community's criteria, who evaluates, and scores.

Leaders set the criteria (each scored 1 to 5, with a weight) and ask
people to evaluate one idea or every idea in a stage. An evaluator scores
an idea on every criterion at once. Each idea keeps its weighted score and
how many people scored it, recomputed in the scoring transaction, so the
evaluation board reads them in index order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.core.audit import record_change
from commonplace.core.errors import Conflict, InvalidInput, NotAllowed
from commonplace.ideas import tasks
from commonplace.ideas.models import (
    MAX_COMMENT_LENGTH,
    MAX_CRITERIA,
    MAX_CRITERION_NAME_LENGTH,
    MAX_SCORE,
    MAX_WEIGHT,
    MIN_SCORE,
    Criterion,
    EvaluatorAssignment,
    Idea,
    Score,
    Stage,
)
from commonplace.knowledge.services.common import invalid, readable
from commonplace.people.models import User


@dataclass(frozen=True)
class CriterionDraft:
    name: str
    weight: int = 1
    description: str = ""


def _clean_criterion(
    community: Community, draft: CriterionDraft, exclude: int | None = None
) -> CriterionDraft:
    errors: dict[str, list[str]] = {}
    name = " ".join(readable(draft.name).split())
    if not name:
        errors["name"] = [_("Name the criterion, e.g. Impact or Effort.")]
    elif len(name) > MAX_CRITERION_NAME_LENGTH:
        message = _("At most %(max)d characters.")
        errors["name"] = [message % {"max": MAX_CRITERION_NAME_LENGTH}]
    else:
        taken = Criterion.objects.filter(community=community, name__iexact=name)
        if exclude is not None:
            taken = taken.exclude(pk=exclude)
        if taken.exists():
            errors["name"] = [_("This community already has a criterion of that name.")]
    if not 0 <= draft.weight <= MAX_WEIGHT:
        message = _("A weight is from 0 to %(max)d.") % {"max": MAX_WEIGHT}
        errors["weight"] = [message]
    description = " ".join(readable(draft.description).split())
    if len(description) > 300:
        errors["description"] = [_("At most %(max)d characters.") % {"max": 300}]
    if errors:
        raise InvalidInput(_("The criterion could not be saved."), fields=errors)
    return CriterionDraft(name, draft.weight, description)


def _some_weight_left(community: Community) -> None:
    """Refuse criteria whose weights are all zero: nothing would count."""
    criteria = Criterion.objects.filter(community=community)
    if criteria.exists() and not criteria.filter(weight__gt=0).exists():
        raise invalid("weight", _("At least one criterion needs a weight above zero."))


@transaction.atomic
def add_criterion(
    *, community: Community, added_by: User, draft: CriterionDraft
) -> Criterion:
    permissions.require(added_by, "community.edit_criteria", community)
    Community.objects.select_for_update().filter(pk=community.pk).first()
    if Criterion.objects.filter(community=community).count() >= MAX_CRITERIA:
        message = _("A community has at most %(max)d criteria.") % {"max": MAX_CRITERIA}
        raise InvalidInput(message)
    draft = _clean_criterion(community, draft)
    last = Criterion.objects.filter(community=community).aggregate(last=Max("position"))
    criterion = Criterion.objects.create(
        community=community,
        name=draft.name,
        weight=draft.weight,
        description=draft.description,
        position=(last["last"] or 0) + 1,
    )
    _some_weight_left(community)
    _recorded(added_by, "idea_criterion.added", criterion, after=draft)
    rescore_community(community)
    return criterion


@transaction.atomic
def edit_criterion(
    *, criterion: Criterion, edited_by: User, draft: CriterionDraft
) -> Criterion:
    permissions.require(edited_by, "community.edit_criteria", criterion.community)
    draft = _clean_criterion(criterion.community, draft, exclude=criterion.pk)
    criterion.name, criterion.weight = draft.name, draft.weight
    criterion.description = draft.description
    criterion.save(update_fields=["name", "weight", "description"])
    _some_weight_left(criterion.community)
    _recorded(edited_by, "idea_criterion.changed", criterion, after=draft)
    rescore_community(criterion.community)
    return criterion


@transaction.atomic
def delete_criterion(*, criterion: Criterion, deleted_by: User) -> None:
    """Remove a criterion and its scores; the ideas' scores follow."""
    community = criterion.community
    permissions.require(deleted_by, "community.edit_criteria", community)
    _recorded(deleted_by, "idea_criterion.deleted", criterion)
    criterion.delete()
    _some_weight_left(community)
    rescore_community(community)


def _recorded(
    actor: User, action: str, criterion: Criterion, after: CriterionDraft | None = None
) -> None:
    record_change(
        actor=actor,
        action=action,
        target=criterion,
        after={} if after is None else {"name": after.name, "weight": after.weight},
        scope=criterion.community,
    )


@transaction.atomic
def assign_evaluator(
    *,
    person: User,
    assigned_by: User,
    idea: Idea | None = None,
    stage: Stage | None = None,
) -> EvaluatorAssignment:
    """Ask someone who reads the community to evaluate one idea, or every
    idea in one stage; asking twice is refused."""
    target = idea or stage
    if target is None or (idea is not None and stage is not None):
        raise ValueError("Assign an evaluator to an idea or to a stage")
    community = target.community
    permissions.require(assigned_by, "community.edit_criteria", community)
    if not permissions.can(person, "community.read", community):
        raise invalid(
            "person",
            _("%(name)s cannot read this community.") % {"name": person.display_name},
        )
    try:
        with transaction.atomic():
            assignment = EvaluatorAssignment.objects.create(
                community=community,
                person=person,
                idea=idea,
                stage=stage,
                assigned_by=assigned_by,
            )
    except IntegrityError:
        raise Conflict(
            _("%(name)s evaluates it already.") % {"name": person.display_name}
        ) from None
    tasks.tell_evaluator.enqueue(assignment_id=assignment.pk)
    return assignment


@transaction.atomic
def unassign_evaluator(*, assignment: EvaluatorAssignment, removed_by: User) -> None:
    """Stop asking; the scores they gave stay."""
    permissions.require(removed_by, "community.edit_criteria", assignment.community)
    assignment.delete()


def _clean_scores(
    idea: Idea, values: Mapping[int, tuple[int, str]]
) -> dict[Criterion, tuple[int, str]]:
    """One score per criterion of the community, each on the scale."""
    criteria = {c.pk: c for c in Criterion.objects.filter(community=idea.community)}
    if not criteria:
        raise InvalidInput(_("This community has no criteria to score on yet."))
    errors: dict[str, list[str]] = {}
    for criterion_id in values:
        if criterion_id not in criteria:
            errors[f"criterion_{criterion_id}"] = [
                _("Not one of this community's criteria.")
            ]
    chosen: dict[Criterion, tuple[int, str]] = {}
    for criterion_id, criterion in criteria.items():
        field = f"criterion_{criterion_id}"
        if criterion_id not in values:
            errors[field] = [_("Score %(name)s too.") % {"name": criterion.name}]
            continue
        value, comment = values[criterion_id]
        comment = readable(comment).strip()
        if not MIN_SCORE <= value <= MAX_SCORE:
            message = _("A score is from %(min)d to %(max)d.")
            errors[field] = [message % {"min": MIN_SCORE, "max": MAX_SCORE}]
        elif len(comment) > MAX_COMMENT_LENGTH:
            message = _("A comment has at most %(max)d characters.")
            errors[field] = [message % {"max": MAX_COMMENT_LENGTH}]
        chosen[criterion] = (value, comment)
    if errors:
        raise InvalidInput(_("The scores could not be saved."), fields=errors)
    return chosen


@transaction.atomic
def score_idea(
    *, idea: Idea, evaluator: User, values: Mapping[int, tuple[int, str]]
) -> list[Score]:
    """An evaluator's scores of an idea, one per criterion with a comment
    each (`values`: criterion id → (score, comment)); scoring again
    replaces their earlier scores."""
    permissions.require(evaluator, "community.read", idea.community, hide=True)
    if not permissions.can(evaluator, "idea.score", idea):
        raise NotAllowed(_("Only the people asked to evaluate this idea score it."))
    chosen = _clean_scores(idea, values)
    now = timezone.now()
    scores = []
    for criterion, (value, comment) in chosen.items():
        score, _created = Score.objects.update_or_create(
            idea=idea,
            criterion=criterion,
            evaluator=evaluator,
            defaults={"value": value, "comment": comment, "updated_at": now},
        )
        scores.append(score)
    rescore(idea.pk)
    return scores


def weighted_scores(idea_ids: list[int]) -> dict[int, tuple[float, int]]:
    """Each idea's weighted score and evaluator count, from its scores."""
    means: dict[int, list[tuple[float, int]]] = defaultdict(list)
    rows = (
        Score.objects.filter(idea_id__in=idea_ids, criterion__weight__gt=0)
        .values("idea_id", "criterion__weight")
        .annotate(mean=Avg("value"))
    )
    for row in rows:
        means[row["idea_id"]].append((row["mean"], row["criterion__weight"]))
    counts = dict(
        Score.objects.filter(idea_id__in=idea_ids)
        .values("idea_id")
        .annotate(people=Count("evaluator", distinct=True))
        .values_list("idea_id", "people")
    )
    figures = {}
    for idea_id in idea_ids:
        pairs = means.get(idea_id, [])
        total = sum(weight for _mean, weight in pairs)
        score = sum(mean * weight for mean, weight in pairs) / total if total else 0.0
        figures[idea_id] = (round(score, 4), counts.get(idea_id, 0))
    return figures


def rescore(idea_id: int) -> None:
    """Write an idea's weighted score and evaluator count."""
    score, people = weighted_scores([idea_id])[idea_id]
    Idea.objects.filter(pk=idea_id).update(
        evaluation_score=score, evaluator_count=people
    )


def rescore_community(community: Community) -> None:
    """After the criteria change: every scored idea's figures again."""
    # Ideas scored before (whose scores a deleted criterion may have taken)
    # and ideas with scores now.
    before = Idea.objects.filter(community=community, evaluator_count__gt=0)
    now = Score.objects.filter(idea__community=community)
    ideas = sorted(
        set(before.values_list("pk", flat=True))
        | set(now.values_list("idea_id", flat=True))
    )
    figures = weighted_scores(ideas)
    rows = [
        Idea(pk=pk, evaluation_score=score, evaluator_count=people)
        for pk, (score, people) in figures.items()
    ]
    Idea.objects.bulk_update(
        rows, ["evaluation_score", "evaluator_count"], batch_size=500
    )
