"""The shapes of carrying out a decided idea in the API: its owners, its
plan of steps with the progress made, its owners' status updates, the
impact measured once it is done, and a community's funnel.

As for the rest of the ideas API, the services check the values (a blank
title, a step due before the decision, a period that ends before it
starts: 400, with the field named); the schema refuses only a value of
the wrong type (422), such as a date that is not YYYY-MM-DD.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema

from commonplace.communities.schemas import PersonRefOut
from commonplace.ideas.models import (
    MAX_OWNERS,
    MAX_STEP_TITLE_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_UNIT_LENGTH,
    ImpactRecord,
    PlanStep,
    StageKind,
    StatusUpdate,
)
from commonplace.knowledge.models import MAX_COMMENT_LENGTH

# --- Owners ---------------------------------------------------------------------------


class IdeaOwnersOut(Schema):
    """Who carries the idea out, by name."""

    items: list[PersonRefOut]


class IdeaOwnersIn(Schema):
    owners: list[int] = Field(
        ...,
        description=f"The whole list, at most {MAX_OWNERS} people (ids) who read "
        "the community; an empty list leaves the idea without owners.",
    )


# --- The plan -------------------------------------------------------------------------


class PlanStepOut(Schema):
    """One step of the plan: what, who, by when, and whether it is done."""

    id: int
    title: str
    owner: PersonRefOut | None
    due_on: date
    position: int = Field(..., description="Its place in the plan.")
    done: bool
    done_at: datetime | None
    done_by: PersonRefOut | None
    overdue: bool = Field(..., description="Not done, and its day has passed.")
    created_at: datetime

    @staticmethod
    def resolve_done(step: PlanStep) -> bool:
        return step.is_done

    @staticmethod
    def resolve_overdue(step: PlanStep) -> bool:
        return not step.is_done and step.due_on < timezone.localdate()


class PlanOut(Schema):
    """The idea's plan, in order, and how far it has come."""

    steps: list[PlanStepOut]
    done: int = Field(..., description="How many steps are done.")
    progress: int = Field(
        ..., description="The share of steps done, in per cent; 0 without steps."
    )
    owners: list[PersonRefOut]
    decided_on: date | None = Field(
        ...,
        description="The day the idea was decided: no step is due before it. "
        "Null while its latest decision is not a yes, when it takes no steps.",
    )


_OWNER = "The id of the person doing it, who reads the community."


class PlanStepIn(Schema):
    """A new step, added at the end of the plan."""

    title: str = Field(..., description=f"At most {MAX_STEP_TITLE_LENGTH} characters.")
    owner: int | None = Field(None, description=f"{_OWNER} Optional.")
    due_on: date | None = Field(
        None, description="Required: no earlier than the day the idea was decided."
    )


class PlanStepPatch(Schema):
    """A step's changes; leave out what stays. `owner: null` takes the
    step's owner off; a null title or day changes nothing."""

    title: str | None = None
    owner: int | None = Field(None, description=_OWNER)
    due_on: date | None = None
    done: bool | None = Field(None, description="True to tick it, false to reopen.")


# --- Status updates -------------------------------------------------------------------


class StatusUpdateOut(Schema):
    """An owner's update: a reply in the idea's discussion."""

    id: int
    author: PersonRefOut | None
    body_source: str
    body_html: str
    url: str = Field(..., description="The reply in the idea's discussion.")
    created_at: datetime

    @staticmethod
    def resolve_author(update: StatusUpdate) -> object:
        return update.comment.author

    @staticmethod
    def resolve_body_source(update: StatusUpdate) -> str:
        return update.comment.body_source

    @staticmethod
    def resolve_body_html(update: StatusUpdate) -> str:
        return update.comment.body_html

    @staticmethod
    def resolve_url(update: StatusUpdate) -> str:
        post = reverse("knowledge:post", args=[update.comment.post_id])
        return f"{post}#comment-{update.comment_id}"


class StatusUpdateListOut(Schema):
    """The latest updates, newest first."""

    items: list[StatusUpdateOut]


class StatusUpdateIn(Schema):
    body: str = Field(
        ...,
        description=f"Where the work stands, in Markdown, at most "
        f"{MAX_COMMENT_LENGTH} characters; posted in the idea's discussion.",
    )


# --- Impact ---------------------------------------------------------------------------


class ImpactOut(Schema):
    """What the done idea measurably changed, beside what it expected."""

    expected_source: str = Field(..., description="The impact the idea expected.")
    expected_html: str
    measured_source: str
    measured_html: str
    value: float | None = Field(..., description="The measured change, if a number.")
    unit: str
    period_start: date | None
    period_end: date | None
    recorded_by: PersonRefOut | None
    recorded_at: datetime

    @staticmethod
    def resolve_expected_source(record: ImpactRecord) -> str:
        return record.idea.impact_source

    @staticmethod
    def resolve_expected_html(record: ImpactRecord) -> str:
        return record.idea.impact_html

    @staticmethod
    def resolve_value(record: ImpactRecord) -> float | None:
        return None if record.value is None else float(record.value)


class ImpactIn(Schema):
    """The measured result; recording again replaces it."""

    measured: str = Field(
        ...,
        description=f"Required: what changed and how it was measured, Markdown, "
        f"at most {MAX_TEXT_LENGTH} characters.",
    )
    value: Decimal | None = Field(
        None,
        description="The change as a number, at most 12 digits before the point "
        "and 4 after; needs a unit.",
    )
    unit: str = Field("", description=f"At most {MAX_UNIT_LENGTH} characters.")
    period_start: date | None = Field(
        None, description="When the measurement began; give both ends or neither."
    )
    period_end: date | None = Field(None, description="No earlier than the start.")


# --- The funnel -----------------------------------------------------------------------


class FunnelQuery(Schema):
    """Which ideas count; each filter is optional."""

    stage: int | None = Field(
        None, description="Only the ideas that reached this stage (its id)."
    )
    topic: str = Field(
        "", max_length=100, description="Only the ideas on this topic (name or slug)."
    )
    author: int | None = Field(None, description="Only this person's ideas (id).")


class FunnelStageOut(Schema):
    """One stage of the trip in the funnel."""

    stage_id: int
    name: str
    kind: StageKind
    reached: int = Field(..., description="How many of the ideas ever got here.")
    current: int = Field(..., description="How many are here now.")
    conversion: float | None = Field(
        ...,
        description="The share of the ideas that reached the step before which "
        "reached this one, from 0 to 1; null for the first step and for declined "
        "and parked, which branch off.",
    )
    median_days: float | None = Field(
        ..., description="The median of the finished stays here, in days."
    )


class FunnelOut(Schema):
    """The community's funnel, stage by stage in the trip's order."""

    ideas: int = Field(..., description="How many ideas the filters keep.")
    stages: list[FunnelStageOut]
