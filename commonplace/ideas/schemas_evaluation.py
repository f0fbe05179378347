"""The shapes of evaluation in the API: a community's criteria, who is
asked to evaluate, the scores they give, and the board of a stage's ideas
by weighted score.

As for the rest of the ideas API, the services check the values (a score
off the scale, a weight out of range, a blank name: 400, with the field
named); the schema refuses only a value of the wrong type (422).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from commonplace.communities.schemas import PersonRefOut
from commonplace.ideas.models import (
    MAX_COMMENT_LENGTH,
    MAX_CRITERION_NAME_LENGTH,
    MAX_SCORE,
    MAX_WEIGHT,
    MIN_SCORE,
    EvaluatorAssignment,
    Idea,
    Score,
)
from commonplace.ideas.schemas import IdeaRefOut, StageRefOut
from commonplace.people.schemas import PageQuery

_SCALE = f"From {MIN_SCORE} to {MAX_SCORE}."

# --- Criteria -------------------------------------------------------------------------


class CriterionRefOut(Schema):
    """The criterion a score is on."""

    id: int
    name: str
    weight: int


class CriterionOut(CriterionRefOut):
    """One thing the community's evaluators score ideas on."""

    description: str
    position: int = Field(..., description="Its place among the criteria.")


class CriterionListOut(Schema):
    """The community's criteria, in order; empty until its leaders add one."""

    items: list[CriterionOut]


class CriterionIn(Schema):
    """A new criterion, scored from 1 to 5 by every evaluator."""

    name: str = Field(
        ...,
        description=f"At most {MAX_CRITERION_NAME_LENGTH} characters, unique in the "
        "community, e.g. Impact or Effort.",
    )
    weight: int = Field(
        1,
        description=f"How much it counts, from 0 to {MAX_WEIGHT}; at least one of "
        "the community's criteria must weigh more than 0.",
    )
    description: str = Field("", description="What evaluators look at, in a line.")


class CriterionPatch(Schema):
    """A criterion's new name, weight or description; leave out what stays.
    A new weight rescores every idea at once."""

    name: str | None = None
    weight: int | None = Field(None, description=f"From 0 to {MAX_WEIGHT}.")
    description: str | None = None


# --- Evaluators -----------------------------------------------------------------------


class EvaluatorOut(Schema):
    """Someone asked to evaluate one idea, or every idea in one stage."""

    id: int
    person: PersonRefOut
    scope: Literal["idea", "stage"] = Field(
        ..., description="Asked for the idea itself, or for every idea in its stage."
    )
    idea_id: int | None
    stage_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_scope(assignment: EvaluatorAssignment) -> str:
        return "idea" if assignment.idea_id is not None else "stage"


class EvaluatorListOut(Schema):
    """Who is asked, by name."""

    items: list[EvaluatorOut]


class EvaluatorIn(Schema):
    person: int = Field(
        ..., description="The id of someone who reads the community; asked once."
    )


# --- Scores ---------------------------------------------------------------------------


class CriterionScoreOut(Schema):
    """One evaluator's score on one criterion, and why."""

    criterion: CriterionRefOut
    score: int = Field(..., description=_SCALE)
    comment: str
    updated_at: datetime

    @staticmethod
    def resolve_score(score: Score) -> int:
        return score.value


class EvaluationOut(Schema):
    """Everything one evaluator gave the idea, criterion by criterion."""

    evaluator: PersonRefOut
    scores: list[CriterionScoreOut]


class IdeaScoresOut(Schema):
    """The idea's evaluation, as its readers see it."""

    weighted_score: float = Field(
        ...,
        description="The mean score of each criterion, weighted; 0 until scored.",
    )
    evaluator_count: int = Field(..., description="How many people scored it.")
    criteria: list[CriterionOut]
    evaluations: list[EvaluationOut] = Field(
        ..., description="Each evaluator's scores and comments, by name."
    )
    may_score: bool = Field(
        ..., description="Whether the caller is asked to evaluate it."
    )


class IdeaScoreIn(Schema):
    criterion: int = Field(..., description="The id of one of the criteria.")
    score: int = Field(..., description=_SCALE)
    comment: str = Field("", description=f"At most {MAX_COMMENT_LENGTH} characters.")


class IdeaScoresIn(Schema):
    """The caller's scores of the idea: one for every criterion of the
    community, all at once; scoring again replaces them."""

    scores: list[IdeaScoreIn]


# --- The board ------------------------------------------------------------------------


class BoardQuery(PageQuery):
    stage: int | None = Field(
        None, description="Required: the stage whose ideas to rank (its id)."
    )


class BoardIdeaOut(IdeaRefOut):
    """An idea on the board, with its evaluation."""

    author: PersonRefOut | None
    support_count: int
    weighted_score: float = Field(..., description="0 until scored.")
    evaluator_count: int = Field(..., description="How many people scored it.")
    stage_entered_at: datetime

    @staticmethod
    def resolve_weighted_score(idea: Idea) -> float:
        return idea.evaluation_score


class BoardPageOut(Schema):
    """A stage's ideas by weighted score, best first; unscored ones last."""

    stage: StageRefOut
    items: list[BoardIdeaOut]
    next_cursor: str | None
