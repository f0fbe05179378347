"""Ideas in the API: proposing, supporting and following them, their trip
through a community's stages, the decisions that come back, and the
stages and settings its leaders choose.

Every operation needs a signed-in person and goes through the same
services and selectors as the pages, so every refusal carries the same
words. An idea, decision or stage in a community the caller may not read
answers 404, exactly like one that does not exist; one they read but may
not act on answers 403. Moving ideas, recording decisions and changing
the stages and settings are the community's leaders' (owners and
leaders).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from commonplace import permissions
from commonplace.api.auth import acting_person
from commonplace.api.errors import with_errors
from commonplace.communities.models import Community
from commonplace.core.errors import InvalidInput
from commonplace.core.pagination import Page
from commonplace.ideas import selectors, services
from commonplace.ideas.api.common import readable_community, stage_in_address
from commonplace.ideas.models import DecisionRecord, Idea, IdeaVersion, Stage, StageMove
from commonplace.ideas.schemas import (
    OUTCOMES,
    DecisionOut,
    DecisionPageOut,
    DecisionQuery,
    DecisionRecordIn,
    FollowStateOut,
    IdeaIn,
    IdeaOut,
    IdeaPageOut,
    IdeaPatch,
    IdeaQuery,
    IdeaSettingsIn,
    IdeaSettingsOut,
    MoveCreatedOut,
    MoveIn,
    MoveListOut,
    SimilarIdeaListOut,
    SimilarIdeasQuery,
    StageIn,
    StageListOut,
    StageOut,
    StagePatch,
    SupporterPageOut,
    SupportStateOut,
    VersionListOut,
    VersionOut,
    WaitingOut,
)
from commonplace.people.models import User
from commonplace.people.schemas import PageQuery

router = Router()

# What of a text being typed is compared with the community's ideas.
SIMILAR_TEXT_LENGTH = 1_000


def _idea_out(viewer: User, idea_id: int) -> Idea:
    """The idea as GET shows it: with its topics, co-authors, decisions
    and the caller's own standing, read once each."""
    idea = selectors.access_idea(viewer, idea_id)
    idea.page = selectors.idea_page(viewer, idea)  # type: ignore[attr-defined]
    return idea


def _support_state(viewer: User, idea_id: int) -> dict[str, Any]:
    idea = _idea_out(viewer, idea_id)
    version = idea.page.supported_version  # type: ignore[attr-defined]
    return {
        "supports": version is not None,
        "supported_version": version,
        "support_count": idea.support_count,
    }


def _decision_draft(sent: DecisionRecordIn | None) -> services.DecisionDraft | None:
    if sent is None:
        return None
    return services.DecisionDraft(
        decision=sent.decision,
        reasons=sent.reasons,
        deciders=sent.deciders,
        alternatives=sent.alternatives,
        review_on=sent.review_on,
    )


def _stage_at(viewer: User, community: Community, stage_id: int) -> Stage:
    """One of the community's stages, named in the address, for its
    leaders: others are refused first (403); an id of no stage here is
    not found (404)."""
    permissions.require(viewer, "community.edit_stages", community)
    return stage_in_address(community, stage_id)


# --- A community's ideas --------------------------------------------------------------


@router.get(
    "/communities/{slug}/ideas",
    response=with_errors(200, IdeaPageOut),
    url_name="ideas-list",
)
def list_ideas(request: HttpRequest, slug: str, query: Query[IdeaQuery]) -> Page[Idea]:
    """The community's ideas, newest first unless `order` says otherwise;
    `stage` keeps those in one stage. An id of no stage of this community,
    an unknown order or a bad cursor is 400."""
    viewer = acting_person(request)
    community = readable_community(viewer, slug)
    stage = (
        None if query.stage is None else selectors.access_stage(community, query.stage)
    )
    return selectors.ideas_of(
        viewer,
        community,
        stage=stage,
        order=query.order,
        cursor=query.cursor,
        size=query.size,
    )


@router.post(
    "/communities/{slug}/ideas",
    response=with_errors(201, IdeaOut),
    url_name="ideas-list",
)
def propose_idea(request: HttpRequest, slug: str, payload: IdeaIn) -> Status[Idea]:
    """Propose an idea: members and above (guests support, they do not
    propose). It starts in the trip's first step with a discussion thread,
    and its authors follow it. A blank title or problem, a title over 200
    characters or a co-author who cannot read the community is 400, and
    nothing is written."""
    viewer = acting_person(request)
    community = readable_community(viewer, slug)
    permissions.require(viewer, "idea.propose", community)
    idea = services.propose_idea(
        community=community,
        author=viewer,
        draft=services.IdeaDraft(
            title=payload.title,
            problem=payload.problem,
            proposal=payload.proposal,
            impact=payload.impact,
        ),
        topics=payload.topics,
        coauthors=selectors.people_named(viewer, payload.coauthors),
    )
    return Status(201, _idea_out(viewer, idea.pk))


@router.get(
    "/communities/{slug}/ideas/similar",
    response=with_errors(200, SimilarIdeaListOut),
    url_name="ideas-similar",
)
def similar_ideas(
    request: HttpRequest, slug: str, query: Query[SimilarIdeasQuery]
) -> dict[str, Any]:
    """Up to five of the community's ideas like the one being written,
    best first, so people join an idea about the same problem rather than
    start another; empty when `q` has no word worth comparing."""
    viewer = acting_person(request)
    community = readable_community(viewer, slug)
    text = query.q.strip()[:SIMILAR_TEXT_LENGTH]
    hits = selectors.similar_ideas(viewer, community, text) if text else []
    return {"items": [hit.item for hit in hits]}


@router.get(
    "/communities/{slug}/ideas/waiting",
    response=with_errors(200, WaitingOut),
    url_name="ideas-waiting",
)
def waiting_ideas(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The five ideas waiting longest for a move, longest first, and after
    how many days the community's leaders hear of one."""
    viewer = acting_person(request)
    community = readable_community(viewer, slug)
    return {
        "items": selectors.waiting_longest(community),
        "waiting_days": selectors.waiting_days(community),
    }


# --- One idea -------------------------------------------------------------------------


@router.get(
    "/ideas/{idea_id}", response=with_errors(200, IdeaOut), url_name="ideas-idea"
)
def get_idea(request: HttpRequest, idea_id: int) -> Idea:
    """One idea in full, with what the caller may do with it."""
    return _idea_out(acting_person(request), idea_id)


@router.patch(
    "/ideas/{idea_id}", response=with_errors(200, IdeaOut), url_name="ideas-idea"
)
def edit_idea(request: HttpRequest, idea_id: int, payload: IdeaPatch) -> Idea:
    """Change an idea: its authors while they belong, or the community's
    moderators. Fields left out (or null) stay; a title or problem sent
    must not be blank. New words make a new version, keep the one before
    and tell its supporters."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    permissions.require(viewer, "idea.edit", idea)
    draft = services.IdeaDraft(
        title=idea.title if payload.title is None else payload.title,
        problem=idea.problem_source if payload.problem is None else payload.problem,
        proposal=idea.proposal_source if payload.proposal is None else payload.proposal,
        impact=idea.impact_source if payload.impact is None else payload.impact,
    )
    coauthors = (
        None
        if payload.coauthors is None
        else selectors.people_named(viewer, payload.coauthors)
    )
    services.edit_idea(
        idea=idea,
        edited_by=viewer,
        draft=draft,
        topics=payload.topics,
        coauthors=coauthors,
    )
    return _idea_out(viewer, idea.pk)


@router.put(
    "/ideas/{idea_id}/support",
    response=with_errors(200, SupportStateOut),
    url_name="ideas-support",
)
def support_idea(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    """Back the idea as it reads now: anyone with a role in the community,
    guests too. Backing it twice, or backing a declined idea, is 409."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    services.support_idea(idea=idea, person=viewer)
    return _support_state(viewer, idea.pk)


@router.delete(
    "/ideas/{idea_id}/support",
    response=with_errors(200, SupportStateOut),
    url_name="ideas-support",
)
def withdraw_support(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    """Take one's support back; without support given, 409."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    services.withdraw_support(idea=idea, person=viewer)
    return _support_state(viewer, idea.pk)


@router.get(
    "/ideas/{idea_id}/supporters",
    response=with_errors(200, SupporterPageOut),
    url_name="ideas-supporters",
)
def list_supporters(
    request: HttpRequest, idea_id: int, query: Query[PageQuery]
) -> Page[Any]:
    """Who backs the idea, newest first, with the version each backed."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    return selectors.supporters(idea, cursor=query.cursor, size=query.size)


@router.put(
    "/ideas/{idea_id}/follow",
    response=with_errors(200, FollowStateOut),
    url_name="ideas-follow",
)
def follow_idea(request: HttpRequest, idea_id: int) -> dict[str, bool]:
    """Be told of each of the idea's moves; following twice keeps one."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    services.follow_idea(follower=viewer, idea=idea)
    return {"follows": True}


@router.delete(
    "/ideas/{idea_id}/follow",
    response=with_errors(200, FollowStateOut),
    url_name="ideas-follow",
)
def unfollow_idea(request: HttpRequest, idea_id: int) -> dict[str, bool]:
    """Stop being told; unfollowing twice changes nothing."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    services.unfollow_idea(follower=viewer, idea=idea)
    return {"follows": False}


# --- Its trip -------------------------------------------------------------------------


@router.get(
    "/ideas/{idea_id}/moves",
    response=with_errors(200, MoveListOut),
    url_name="ideas-moves",
)
def list_moves(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    """The idea's trip so far, oldest move first."""
    viewer = acting_person(request)
    return {"items": selectors.moves_of(selectors.access_idea(viewer, idea_id))}


@router.post(
    "/ideas/{idea_id}/moves",
    response=with_errors(201, MoveCreatedOut),
    url_name="ideas-moves",
)
def move_idea(request: HttpRequest, idea_id: int, payload: MoveIn) -> Status[StageMove]:
    """Move the idea to another stage: the community's leaders. A move to
    a decided, declined or parked stage needs `decision` (what, why, who
    decided; for parked, the day to look again), any other refuses one.
    Everyone the idea concerns is told. An id of no stage of this
    community is 400 (`fields.stage`); the stage it is in already, 409."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    permissions.require(viewer, "idea.move", idea)
    move = services.move_idea(
        idea=idea,
        to_stage=selectors.access_stage(idea.community, payload.stage),
        moved_by=viewer,
        message=payload.message,
        decision=_decision_draft(payload.decision),
    )
    if move.decision_id is not None:
        move.decision = selectors.access_decision(viewer, move.decision_id)
    return Status(201, move)


@router.get(
    "/ideas/{idea_id}/versions",
    response=with_errors(200, VersionListOut),
    url_name="ideas-versions",
)
def list_versions(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    """Every version of the idea's words, newest first."""
    viewer = acting_person(request)
    return {"items": selectors.versions_of(selectors.access_idea(viewer, idea_id))}


@router.get(
    "/ideas/{idea_id}/versions/{number}",
    response=with_errors(200, VersionOut),
    url_name="ideas-version",
)
def get_version(request: HttpRequest, idea_id: int, number: int) -> IdeaVersion:
    """The idea's words as one version had them: what its supporters of
    that version backed."""
    viewer = acting_person(request)
    return selectors.version_of(selectors.access_idea(viewer, idea_id), number)


# --- A community's stages and settings ------------------------------------------------


@router.get(
    "/communities/{slug}/idea-stages",
    response=with_errors(200, StageListOut),
    url_name="ideas-stages",
)
def list_stages(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The community's stages in order, with how many ideas each holds;
    empty until its first idea or its leaders' first change of the trip."""
    viewer = acting_person(request)
    return {"items": selectors.stages_of(readable_community(viewer, slug))}


@router.post(
    "/communities/{slug}/idea-stages",
    response=with_errors(201, StageOut),
    url_name="ideas-stages",
)
def add_stage(request: HttpRequest, slug: str, payload: StageIn) -> Status[Stage]:
    """Add a stage at the end of the trip: the community's leaders. A
    community without stages gets the default trip first."""
    viewer = acting_person(request)
    stage = services.add_stage(
        community=readable_community(viewer, slug),
        added_by=viewer,
        name=payload.name,
        kind=payload.kind,
    )
    return Status(201, stage)


@router.patch(
    "/communities/{slug}/idea-stages/{stage_id}",
    response=with_errors(200, StageListOut),
    url_name="ideas-stage",
)
def change_stage(
    request: HttpRequest, slug: str, stage_id: int, payload: StagePatch
) -> dict[str, Any]:
    """Rename a stage (`name`), move it one place (`offset` -1 or 1), or
    both at once: the community's leaders. Ideas stay where they are and
    past moves keep the old name. Answers the whole trip in its new order."""
    viewer = acting_person(request)
    community = readable_community(viewer, slug)
    stage = _stage_at(viewer, community, stage_id)
    if payload.name is None and payload.offset is None:
        raise InvalidInput(_("Send a new name, an offset, or both."))
    with transaction.atomic():
        if payload.name is not None:
            services.rename_stage(stage=stage, renamed_by=viewer, name=payload.name)
        if payload.offset is not None:
            services.move_stage(stage=stage, moved_by=viewer, offset=payload.offset)
    return {"items": selectors.stages_of(community)}


@router.delete(
    "/communities/{slug}/idea-stages/{stage_id}",
    response=with_errors(204, None),
    url_name="ideas-stage",
)
def delete_stage(request: HttpRequest, slug: str, stage_id: int) -> Status[None]:
    """Remove an empty stage: the community's leaders. A stage that holds
    ideas, the last step or the last stage of a decision kind is 409."""
    viewer = acting_person(request)
    community = readable_community(viewer, slug)
    stage = _stage_at(viewer, community, stage_id)
    services.delete_stage(stage=stage, deleted_by=viewer)
    return Status(204, None)


@router.get(
    "/communities/{slug}/idea-settings",
    response=with_errors(200, IdeaSettingsOut),
    url_name="ideas-settings",
)
def get_settings(request: HttpRequest, slug: str) -> dict[str, int]:
    """How long an idea may wait without a move: the community's leaders'
    setting, for them only (403 for its other readers)."""
    viewer = acting_person(request)
    community = readable_community(viewer, slug)
    permissions.require(viewer, "community.edit_stages", community)
    return {"waiting_days": selectors.waiting_days(community)}


@router.put(
    "/communities/{slug}/idea-settings",
    response=with_errors(200, IdeaSettingsOut),
    url_name="ideas-settings",
)
def set_settings(
    request: HttpRequest, slug: str, payload: IdeaSettingsIn
) -> dict[str, int]:
    """Choose after how many days (1 to 365) without a move an idea shows
    in the leaders' weekly digest: the community's leaders."""
    viewer = acting_person(request)
    settings = services.set_waiting_days(
        community=readable_community(viewer, slug),
        changed_by=viewer,
        days=payload.waiting_days,
    )
    return {"waiting_days": settings.waiting_days}


# --- Decisions ------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/decisions",
    response=with_errors(200, DecisionPageOut),
    url_name="ideas-decisions",
)
def list_decisions(
    request: HttpRequest, slug: str, query: Query[DecisionQuery]
) -> Page[DecisionRecord]:
    """The community's decision records, newest first; `outcome` keeps the
    decided, declined or parked ones (anything else is 400)."""
    viewer = acting_person(request)
    community = readable_community(viewer, slug)
    if query.outcome and query.outcome not in OUTCOMES:
        message = _("Choose one of: %(outcomes)s.") % {"outcomes": ", ".join(OUTCOMES)}
        raise InvalidInput(message, fields={"outcome": [message]})
    return selectors.decisions_of(
        community, outcome=query.outcome, cursor=query.cursor, size=query.size
    )


@router.get(
    "/decisions/{decision_id}",
    response=with_errors(200, DecisionOut),
    url_name="ideas-decision",
)
def get_decision(request: HttpRequest, decision_id: int) -> DecisionRecord:
    """One decision record in full, with the idea it decided and the
    thread that discusses it."""
    return selectors.access_decision(acting_person(request), decision_id)
