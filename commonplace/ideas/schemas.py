"""The shapes of ideas, their stages, moves, supporters, versions and
decision records in the API.

Text is given twice: the Markdown as written (`*_source`) and the
sanitised HTML made from it when it was written (`*_html`). Lengths and
required fields are checked by the services, so a refusal says the same
words on the pages and here (400, with the field named); only a value of
the wrong type is refused by the schema itself (422).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema

from commonplace import permissions
from commonplace.communities.schemas import CommunityRefOut, PersonRefOut
from commonplace.ideas.models import (
    MAX_COAUTHORS,
    MAX_DECIDERS_LENGTH,
    MAX_MESSAGE_LENGTH,
    MAX_STAGE_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    DecisionRecord,
    Idea,
    StageKind,
)
from commonplace.knowledge.models import MAX_TOPICS
from commonplace.people.schemas import PageQuery, TopicSummaryOut

# A Literal, not an enum of the model's: the decision kinds of StageKind.
Outcome = Literal["decided", "declined", "parked"]
OUTCOMES = ("decided", "declined", "parked")
EXCERPT_LENGTH = 280
KINDS = ", ".join(StageKind.values)


def idea_url(idea_id: int) -> str:
    return reverse("ideas:idea", kwargs={"pk": idea_id})


def decision_url(decision_id: int) -> str:
    return reverse("ideas:decision", kwargs={"pk": decision_id})


def _thread_url(thread_id: int | None) -> str | None:
    return None if thread_id is None else reverse("knowledge:post", args=[thread_id])


# --- Stages ---------------------------------------------------------------------------


class StageRefOut(Schema):
    """The stage an idea is in: its name as its leaders call it, and what
    it means to the trip (`kind`)."""

    id: int
    name: str
    kind: StageKind


class StageOut(StageRefOut):
    """One stage of a community's trip."""

    position: int = Field(..., description="Its place in the trip, first is 0.")
    is_final: bool = Field(
        ..., description="The end of the trip: an idea there waits for nobody."
    )
    needs_decision: bool = Field(
        ...,
        description="Decided, declined or parked: moving an idea here takes a "
        "decision record.",
    )
    idea_count: int = Field(..., description="How many ideas are in it now.")


class StageListOut(Schema):
    """The community's stages in order; empty until its first idea or its
    leaders' first change of the trip, which make the default trip."""

    items: list[StageOut]


class StageIn(Schema):
    """A new stage, added at the end of the trip."""

    name: str = Field(
        ...,
        description=f"At most {MAX_STAGE_NAME_LENGTH} characters, unique in the "
        "community.",
    )
    kind: str = Field(
        StageKind.STEP.value,
        description=f"One of: {KINDS}. A stage of a decision kind needs a "
        "decision record for every idea moved into it.",
    )


class StagePatch(Schema):
    """Rename a stage, move it one place, or both; leave out what stays."""

    name: str | None = Field(None, description="Its new name.")
    offset: int | None = Field(
        None, description="-1 to move it one place earlier, 1 one place later."
    )


class IdeaSettingsOut(Schema):
    waiting_days: int = Field(
        ...,
        description="After how many days without a move an idea shows in the "
        "leaders' weekly digest.",
    )


class IdeaSettingsIn(Schema):
    waiting_days: int = Field(..., description="From 1 to 365.")


# --- Ideas ----------------------------------------------------------------------------


class IdeaRefOut(Schema):
    """An idea named in passing."""

    id: int
    title: str
    url: str = Field(..., description="The idea's page.")

    @staticmethod
    def resolve_url(idea: Idea) -> str:
        return idea_url(idea.pk)


class IdeaSummaryOut(IdeaRefOut):
    """An idea as a list shows it."""

    stage: StageRefOut
    support_count: int
    viewer_supports: bool = Field(..., description="Whether the caller backs it.")
    author: PersonRefOut | None
    created_at: datetime
    stage_entered_at: datetime = Field(..., description="When it last moved.")

    @staticmethod
    def resolve_viewer_supports(idea: Idea) -> bool:
        return bool(getattr(idea, "viewer_supports", False))


class IdeaPageOut(Schema):
    items: list[IdeaSummaryOut]
    next_cursor: str | None


class IdeaQuery(PageQuery):
    """Which of the community's ideas, in which order."""

    stage: int | None = Field(None, description="Only the ideas in this stage (id).")
    order: str = Field(
        "newest",
        description="newest (first proposed first), supported (most backed "
        "first) or waiting (longest without a move first).",
    )


class SimilarIdeasQuery(Schema):
    q: str = Field(
        "", description="The idea's title or problem as typed; any word may match."
    )


class SimilarIdeaOut(IdeaRefOut):
    """An idea like the one being written: join it rather than start another."""

    stage: StageRefOut
    support_count: int


class SimilarIdeaListOut(Schema):
    items: list[SimilarIdeaOut]


class WaitingIdeaOut(IdeaRefOut):
    """An idea someone owes an answer, and for how long it has waited."""

    stage: StageRefOut
    support_count: int
    author: PersonRefOut | None
    stage_entered_at: datetime = Field(..., description="When it last moved.")
    days_waiting: int = Field(..., description="Whole days since it last moved.")

    @staticmethod
    def resolve_days_waiting(idea: Idea) -> int:
        return (timezone.now() - idea.stage_entered_at).days


class WaitingOut(Schema):
    """The ideas waiting longest without a move (declined, parked and
    finished ones wait for nobody), longest first."""

    items: list[WaitingIdeaOut]
    waiting_days: int = Field(
        ...,
        description="The community's threshold: an idea waiting longer shows "
        "in its leaders' weekly digest.",
    )


class IdeaViewerOut(Schema):
    """The caller's own standing toward the idea; what they may do is the
    policy's answer."""

    supported_version: int | None = Field(
        ..., description="The version the caller backed; null if they do not."
    )
    follows: bool = Field(..., description="Told of each of its moves.")
    may_support: bool = Field(..., description="False once it is declined.")
    may_edit: bool = Field(..., description="Its authors and moderators.")
    may_move: bool = Field(..., description="Move it and record decisions.")


class DecisionRefOut(Schema):
    id: int
    outcome: Outcome
    stage_name: str
    created_at: datetime


class IdeaOut(IdeaRefOut):
    """One idea in full: the problem first, then the proposal and the
    impact expected, each as Markdown and as HTML; `viewer` is the
    caller's standing toward it."""

    community: CommunityRefOut
    problem_source: str
    problem_html: str
    proposal_source: str
    proposal_html: str
    impact_source: str
    impact_html: str
    topics: list[TopicSummaryOut]
    author: PersonRefOut | None
    coauthors: list[PersonRefOut]
    version: int = Field(
        ..., description="Its current version; each change of words adds one."
    )
    stage: StageRefOut
    stage_entered_at: datetime
    support_count: int
    decisions: list[DecisionRefOut] = Field(
        ..., description="Its decision records, newest first."
    )
    thread_id: int | None = Field(..., description="The post discussing it.")
    thread_url: str | None
    created_at: datetime
    edited_at: datetime | None
    viewer: IdeaViewerOut

    @staticmethod
    def resolve_topics(idea: Idea) -> list[Any]:
        return idea.page.topics  # type: ignore[attr-defined]

    @staticmethod
    def resolve_coauthors(idea: Idea) -> list[Any]:
        return idea.page.coauthors  # type: ignore[attr-defined]

    @staticmethod
    def resolve_decisions(idea: Idea) -> list[Any]:
        return idea.page.decisions  # type: ignore[attr-defined]

    @staticmethod
    def resolve_thread_url(idea: Idea) -> str | None:
        return _thread_url(idea.thread_id)

    @staticmethod
    def resolve_viewer(idea: Idea, context: dict[str, Any]) -> dict[str, Any]:
        viewer = context["request"].user
        page = idea.page  # type: ignore[attr-defined]
        return {
            "supported_version": page.supported_version,
            "follows": page.follows,
            "may_support": idea.stage.kind != StageKind.DECLINED
            and permissions.can(viewer, "idea.support", idea),
            "may_edit": permissions.can(viewer, "idea.edit", idea),
            "may_move": permissions.can(viewer, "idea.move", idea),
        }


_TEXT = f"Markdown, at most {MAX_TEXT_LENGTH} characters."


class IdeaIn(Schema):
    """A new idea: what hurts before what to do about it. Anything else
    sent (author, stage, counts) is ignored."""

    title: str = Field(
        ...,
        description=f"What it changes, at most {MAX_TITLE_LENGTH} characters.",
    )
    problem: str = Field(
        ..., description=f"Required: what hurts, for whom, how we know. {_TEXT}"
    )
    proposal: str = Field("", description=f"What to do about it. {_TEXT}")
    impact: str = Field("", description=f"What should change if it works. {_TEXT}")
    topics: list[str] = Field(
        default_factory=list,
        description=f"Up to {MAX_TOPICS} topic names; unknown ones are created.",
    )
    coauthors: list[int] = Field(
        default_factory=list,
        description=f"Up to {MAX_COAUTHORS} people (ids) who wrote it with you; "
        "each must read the community.",
    )


class IdeaPatch(Schema):
    """What its authors or the community's moderators may change; leave
    out what stays. A new title, problem, proposal or impact makes a new
    version and tells the supporters; `topics` and `coauthors` replace
    the whole list."""

    title: str | None = Field(None, description=f"At most {MAX_TITLE_LENGTH}.")
    problem: str | None = Field(None, description=f"Not blank. {_TEXT}")
    proposal: str | None = Field(None, description=_TEXT)
    impact: str | None = Field(None, description=_TEXT)
    topics: list[str] | None = None
    coauthors: list[int] | None = None


class SupportStateOut(Schema):
    supports: bool = Field(..., description="Whether the caller backs it now.")
    supported_version: int | None = Field(
        ..., description="The version the caller backs; null if none."
    )
    support_count: int


class FollowStateOut(Schema):
    follows: bool


class SupporterOut(Schema):
    """One person backing the idea, and the version they backed."""

    person: PersonRefOut
    version: int
    created_at: datetime


class SupporterPageOut(Schema):
    items: list[SupporterOut]
    next_cursor: str | None


class VersionSummaryOut(Schema):
    """One version of the idea's words: who wrote it and when."""

    number: int
    title: str
    written_by: PersonRefOut | None
    created_at: datetime


class VersionListOut(Schema):
    """Every version, newest first; the first is the idea as proposed."""

    items: list[VersionSummaryOut]


class VersionOut(VersionSummaryOut):
    """The idea's words as one version had them."""

    problem_source: str
    problem_html: str
    proposal_source: str
    proposal_html: str
    impact_source: str
    impact_html: str


# --- Moves and decisions --------------------------------------------------------------


class DecisionSummaryOut(Schema):
    """A decision record as the community's list shows it."""

    id: int
    url: str = Field(..., description="The record's page.")
    outcome: Outcome
    stage_name: str = Field(..., description="The stage the idea went to, then.")
    idea: IdeaRefOut = Field(..., description="The idea decided.")
    decision_excerpt: str = Field(
        ..., description="The start of what was decided (Markdown)."
    )
    deciders: str
    recorded_by: PersonRefOut | None
    review_on: date | None = Field(
        ..., description="For a parked idea: the day it comes back to the leaders."
    )
    created_at: datetime

    @staticmethod
    def resolve_url(record: DecisionRecord) -> str:
        return decision_url(record.pk)

    @staticmethod
    def resolve_decision_excerpt(record: DecisionRecord) -> str:
        return record.decision_source[:EXCERPT_LENGTH]


class DecisionPageOut(Schema):
    items: list[DecisionSummaryOut]
    next_cursor: str | None


class DecisionQuery(PageQuery):
    outcome: str = Field(
        "", description="Only decided, declined or parked ones; blank for all."
    )


class DecisionOut(DecisionSummaryOut):
    """A decision record in full: what was decided, why, what else was
    weighed and who decided, with the thread that discusses it."""

    community: CommunityRefOut
    decision_source: str
    decision_html: str
    reasons_source: str
    reasons_html: str
    alternatives_source: str
    alternatives_html: str
    reviewed_at: datetime | None = Field(
        ..., description="When the parked idea came back to the leaders."
    )
    thread_id: int | None = Field(..., description="The post discussing it.")
    thread_url: str | None

    @staticmethod
    def resolve_thread_url(record: DecisionRecord) -> str | None:
        return _thread_url(record.thread_id)


class MoveOut(Schema):
    """One move of the idea: stage names as they were then, so the
    history reads true after a stage is renamed or removed."""

    id: int
    from_name: str = Field(..., description="The stage it left.")
    to_name: str = Field(..., description="The stage it went to.")
    from_stage_id: int | None = Field(..., description="Null once that stage is gone.")
    to_stage_id: int | None = Field(..., description="Null once that stage is gone.")
    moved_by: PersonRefOut | None
    message: str
    decision_id: int | None = Field(
        ..., description="The decision record made with the move, if any."
    )
    created_at: datetime


class MoveListOut(Schema):
    """The idea's trip so far, oldest move first."""

    items: list[MoveOut]


class MoveCreatedOut(MoveOut):
    decision: DecisionOut | None = Field(
        ..., description="The decision record, for a move to a decision stage."
    )


class DecisionRecordIn(Schema):
    """What the leaders decided, for a move to a decided, declined or
    parked stage. The service says what is missing."""

    decision: str = Field("", description=f"Required: what was decided. {_TEXT}")
    reasons: str = Field("", description=f"Required: why. {_TEXT}")
    alternatives: str = Field("", description=f"What else was weighed. {_TEXT}")
    deciders: str = Field(
        "",
        description="Required: the people or group who decided, at most "
        f"{MAX_DECIDERS_LENGTH} characters.",
    )
    review_on: date | None = Field(
        None,
        description="Required for a parked stage: the day after today to look "
        "at it again; ignored otherwise.",
    )


class MoveIn(Schema):
    """Move the idea to another of its community's stages."""

    stage: int = Field(..., description="The id of one of the community's stages.")
    message: str = Field(
        "",
        description=f"Why, for everyone the idea concerns; at most "
        f"{MAX_MESSAGE_LENGTH} characters.",
    )
    decision: DecisionRecordIn | None = Field(
        None,
        description="Required for a decision stage (decided, declined, parked), "
        "refused for any other.",
    )
