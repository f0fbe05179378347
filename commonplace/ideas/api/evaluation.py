"""Evaluating ideas in the API: a community's criteria, the people asked
to evaluate an idea or every idea in a stage, their scores, and the board
of a stage's ideas by weighted score.

The same services and selectors as the pages, so every refusal carries
the same words. Every reader of the community sees the criteria, who is
asked, every evaluator's scores and comments, and the board; the
community's leaders (owners and leaders) choose the criteria and who is
asked, and only the people asked score (403 for other readers). A
community, idea, criterion or stage the caller may not read answers 404,
as one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from commonplace import permissions
from commonplace.api.auth import acting_person
from commonplace.api.errors import with_errors
from commonplace.communities.models import Community
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.ideas import selectors, services
from commonplace.ideas.api.common import (
    person_with_id,
    readable_community,
    stage_in_address,
)
from commonplace.ideas.models import Criterion, EvaluatorAssignment, Idea
from commonplace.ideas.schemas_evaluation import (
    BoardPageOut,
    BoardQuery,
    CriterionIn,
    CriterionListOut,
    CriterionOut,
    CriterionPatch,
    EvaluatorIn,
    EvaluatorListOut,
    EvaluatorOut,
    IdeaScoresIn,
    IdeaScoresOut,
)
from commonplace.people.models import User

router = Router()


def _criterion_at(viewer: User, community: Community, criterion_id: int) -> Criterion:
    """One of the community's criteria, named in the address, for its
    leaders: others are refused first (403); an id of no criterion here
    is not found (404)."""
    permissions.require(viewer, "community.edit_criteria", community)
    return selectors.access_criterion(community, criterion_id)


def _asked(
    assignments: list[EvaluatorAssignment], person_id: int
) -> EvaluatorAssignment:
    """The assignment of the person named in the address, among these."""
    for assignment in assignments:
        if assignment.person_id == person_id:
            return assignment
    raise NotFound(_("That person is not asked to evaluate it."))


def _scores(viewer: User, idea: Idea) -> dict[str, Any]:
    return {
        "weighted_score": idea.evaluation_score,
        "evaluator_count": idea.evaluator_count,
        "criteria": selectors.criteria_of(idea.community),
        "evaluations": selectors.evaluations_of(idea),
        "may_score": selectors.may_score(viewer, idea),
    }


def _score_values(payload: IdeaScoresIn) -> dict[int, tuple[int, str]]:
    """The scores by criterion, as the service takes them; a criterion
    sent twice would leave one of its scores unsaid, so it is refused."""
    values: dict[int, tuple[int, str]] = {}
    for sent in payload.scores:
        if sent.criterion in values:
            message = _("Send one score per criterion.")
            raise InvalidInput(
                message, fields={f"criterion_{sent.criterion}": [message]}
            )
        values[sent.criterion] = (sent.score, sent.comment)
    return values


# --- Criteria -------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/idea-criteria",
    response=with_errors(200, CriterionListOut),
    url_name="ideas-criteria",
)
def list_criteria(request: HttpRequest, slug: str) -> dict[str, Any]:
    """What the community's ideas are scored on, in order, and how much
    each counts; empty until its leaders add a criterion."""
    viewer = acting_person(request)
    return {"items": selectors.criteria_of(readable_community(viewer, slug))}


@router.post(
    "/communities/{slug}/idea-criteria",
    response=with_errors(201, CriterionOut),
    url_name="ideas-criteria",
)
def add_criterion(
    request: HttpRequest, slug: str, payload: CriterionIn
) -> Status[Criterion]:
    """Add a criterion at the end: the community's leaders. A blank or
    taken name, a weight off 0 to 10, an eleventh criterion, or weights
    that would all be zero is 400, and nothing is written."""
    viewer = acting_person(request)
    criterion = services.add_criterion(
        community=readable_community(viewer, slug),
        added_by=viewer,
        draft=services.CriterionDraft(
            name=payload.name, weight=payload.weight, description=payload.description
        ),
    )
    return Status(201, criterion)


@router.patch(
    "/communities/{slug}/idea-criteria/{criterion_id}",
    response=with_errors(200, CriterionOut),
    url_name="ideas-criterion",
)
def change_criterion(
    request: HttpRequest, slug: str, criterion_id: int, payload: CriterionPatch
) -> Criterion:
    """Rename a criterion, reweigh it or describe it: the community's
    leaders. Every idea's weighted score follows a new weight at once;
    leaving every weight at zero is 400 (`fields.weight`)."""
    viewer = acting_person(request)
    criterion = _criterion_at(viewer, readable_community(viewer, slug), criterion_id)
    draft = services.CriterionDraft(
        name=criterion.name if payload.name is None else payload.name,
        weight=criterion.weight if payload.weight is None else payload.weight,
        description=criterion.description
        if payload.description is None
        else payload.description,
    )
    return services.edit_criterion(criterion=criterion, edited_by=viewer, draft=draft)


@router.delete(
    "/communities/{slug}/idea-criteria/{criterion_id}",
    response=with_errors(204, None),
    url_name="ideas-criterion",
)
def delete_criterion(
    request: HttpRequest, slug: str, criterion_id: int
) -> Status[None]:
    """Remove a criterion and the scores given on it: the community's
    leaders. The ideas' weighted scores follow; removing the last
    criterion that weighs anything while others remain is 400."""
    viewer = acting_person(request)
    criterion = _criterion_at(viewer, readable_community(viewer, slug), criterion_id)
    services.delete_criterion(criterion=criterion, deleted_by=viewer)
    return Status(204, None)


# --- Evaluators of an idea ------------------------------------------------------------


@router.get(
    "/ideas/{idea_id}/evaluators",
    response=with_errors(200, EvaluatorListOut),
    url_name="ideas-evaluators",
)
def list_evaluators(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    """Who is asked to evaluate the idea, by name: for it (`scope` idea)
    or for every idea in its stage (`scope` stage)."""
    viewer = acting_person(request)
    return {"items": selectors.assignments_of(selectors.access_idea(viewer, idea_id))}


@router.post(
    "/ideas/{idea_id}/evaluators",
    response=with_errors(201, EvaluatorOut),
    url_name="ideas-evaluators",
)
def assign_evaluator(
    request: HttpRequest, idea_id: int, payload: EvaluatorIn
) -> Status[EvaluatorAssignment]:
    """Ask someone to evaluate the idea, and tell them: the community's
    leaders. Someone unknown, or who cannot read the community, is 400
    (`fields.person`); asking them twice, 409."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    permissions.require(viewer, "community.edit_criteria", idea.community)
    assignment = services.assign_evaluator(
        person=person_with_id(viewer, payload.person, "person"),
        assigned_by=viewer,
        idea=idea,
    )
    return Status(201, assignment)


@router.delete(
    "/ideas/{idea_id}/evaluators/{person_id}",
    response=with_errors(204, None),
    url_name="ideas-evaluator",
)
def unassign_evaluator(
    request: HttpRequest, idea_id: int, person_id: int
) -> Status[None]:
    """Stop asking someone to evaluate the idea (the scores they gave
    stay): the community's leaders. Someone asked only through the
    idea's stage is stopped there; here they are not found."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    permissions.require(viewer, "community.edit_criteria", idea.community)
    asked_here = [a for a in selectors.assignments_of(idea) if a.idea_id == idea.pk]
    services.unassign_evaluator(
        assignment=_asked(asked_here, person_id), removed_by=viewer
    )
    return Status(204, None)


# --- Evaluators of a stage ------------------------------------------------------------


@router.get(
    "/communities/{slug}/idea-stages/{stage_id}/evaluators",
    response=with_errors(200, EvaluatorListOut),
    url_name="ideas-stage-evaluators",
)
def list_stage_evaluators(
    request: HttpRequest, slug: str, stage_id: int
) -> dict[str, Any]:
    """Who is asked to evaluate every idea in the stage, now and later."""
    viewer = acting_person(request)
    stage = stage_in_address(readable_community(viewer, slug), stage_id)
    return {"items": selectors.stage_assignments(stage)}


@router.post(
    "/communities/{slug}/idea-stages/{stage_id}/evaluators",
    response=with_errors(201, EvaluatorOut),
    url_name="ideas-stage-evaluators",
)
def assign_stage_evaluator(
    request: HttpRequest, slug: str, stage_id: int, payload: EvaluatorIn
) -> Status[EvaluatorAssignment]:
    """Ask someone to evaluate every idea in the stage: the community's
    leaders; the same refusals as for one idea."""
    viewer = acting_person(request)
    community = readable_community(viewer, slug)
    permissions.require(viewer, "community.edit_criteria", community)
    assignment = services.assign_evaluator(
        person=person_with_id(viewer, payload.person, "person"),
        assigned_by=viewer,
        stage=stage_in_address(community, stage_id),
    )
    return Status(201, assignment)


@router.delete(
    "/communities/{slug}/idea-stages/{stage_id}/evaluators/{person_id}",
    response=with_errors(204, None),
    url_name="ideas-stage-evaluator",
)
def unassign_stage_evaluator(
    request: HttpRequest, slug: str, stage_id: int, person_id: int
) -> Status[None]:
    """Stop asking someone to evaluate the stage's ideas (the scores they
    gave stay): the community's leaders."""
    viewer = acting_person(request)
    community = readable_community(viewer, slug)
    permissions.require(viewer, "community.edit_criteria", community)
    stage = stage_in_address(community, stage_id)
    services.unassign_evaluator(
        assignment=_asked(selectors.stage_assignments(stage), person_id),
        removed_by=viewer,
    )
    return Status(204, None)


# --- Scores ---------------------------------------------------------------------------


@router.get(
    "/ideas/{idea_id}/scores",
    response=with_errors(200, IdeaScoresOut),
    url_name="ideas-scores",
)
def get_scores(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    """The idea's weighted score and how many scored it, with every
    evaluator's scores and comments by name, as the idea's page shows
    them to its readers."""
    viewer = acting_person(request)
    return _scores(viewer, selectors.access_idea(viewer, idea_id))


@router.put(
    "/ideas/{idea_id}/scores",
    response=with_errors(200, IdeaScoresOut),
    url_name="ideas-scores",
)
def score_idea(
    request: HttpRequest, idea_id: int, payload: IdeaScoresIn
) -> dict[str, Any]:
    """The caller's scores of the idea, one for every criterion of the
    community, replacing any they gave before: the people asked to
    evaluate it or its stage (403 for other readers). A score off 1 to 5,
    a criterion missing, unknown or sent twice is 400 under
    `fields.criterion_<id>`, and nothing is written."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    services.score_idea(idea=idea, evaluator=viewer, values=_score_values(payload))
    # The service wrote the idea's new figures; read them back.
    return _scores(viewer, selectors.access_idea(viewer, idea_id))


# --- The board ------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/ideas/board",
    response=with_errors(200, BoardPageOut),
    url_name="ideas-board",
)
def board(request: HttpRequest, slug: str, query: Query[BoardQuery]) -> dict[str, Any]:
    """A stage's ideas by weighted score, best first, each with how many
    evaluators scored it; unscored ideas come last. `stage` is required:
    missing, or an id of no stage of this community, is 400
    (`fields.stage`); so is a bad cursor."""
    viewer = acting_person(request)
    community = readable_community(viewer, slug)
    stage = selectors.checked_stage(
        None if query.stage is None else selectors.access_stage(community, query.stage)
    )
    page = selectors.board(stage, cursor=query.cursor, size=query.size)
    return {"stage": stage, "items": page.items, "next_cursor": page.next_cursor}
