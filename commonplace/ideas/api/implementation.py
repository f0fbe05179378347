"""Carrying out decided ideas in the API: their owners, the plan of steps
and its progress, the owners' status updates, the impact measured once an
idea is done, and a community's funnel.

The same services and selectors as the pages, so every refusal carries
the same words. Every reader of the community sees the owners, the plan,
the updates, the impact and the funnel; the community's leaders choose
the owners; the owners and the leaders keep the plan, post updates and
record the impact (403 for other readers). A plan for an idea not
decided, or impact for one not done, is 409. A community, idea or step
the caller may not read answers 404, as one that does not exist.
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
from commonplace.ideas import selectors, services
from commonplace.ideas.api.common import person_with_id, readable_community
from commonplace.ideas.models import (
    MAX_OWNERS,
    ImpactRecord,
    PlanStep,
    StatusUpdate,
)
from commonplace.ideas.schemas_implementation import (
    FunnelOut,
    FunnelQuery,
    IdeaOwnersIn,
    IdeaOwnersOut,
    ImpactIn,
    ImpactOut,
    PlanOut,
    PlanStepIn,
    PlanStepOut,
    PlanStepPatch,
    StatusUpdateIn,
    StatusUpdateListOut,
    StatusUpdateOut,
)
from commonplace.people import selectors as people_selectors
from commonplace.people.models import User
from commonplace.topics.models import Topic

router = Router()


def _step_draft(
    viewer: User, step: PlanStep, sent: PlanStepPatch
) -> services.StepDraft:
    """The step as the patch leaves it: what is left out stays, and an
    owner sent as null is taken off."""
    owner = step.owner
    if "owner" in sent.model_fields_set:
        owner = (
            None if sent.owner is None else person_with_id(viewer, sent.owner, "owner")
        )
    return services.StepDraft(
        title=step.title if sent.title is None else sent.title,
        due_on=step.due_on if sent.due_on is None else sent.due_on,
        owner=owner,
    )


def _topic(viewer: User, text: str) -> Topic:
    """The topic of this name or slug; to anyone who may not browse the
    organisation's topics, every topic is unknown."""
    topic = None
    if permissions.can(viewer, "browse_directory"):
        topic = people_selectors.find_topic(text)
    if topic is None:
        message = _("There is no topic called “%(topic)s”.") % {"topic": text}
        raise InvalidInput(message, fields={"topic": [message]})
    return topic


def _funnel_filters(
    viewer: User, community: Community, query: FunnelQuery
) -> selectors.FunnelFilters:
    stage = (
        None if query.stage is None else selectors.access_stage(community, query.stage)
    )
    topic = _topic(viewer, query.topic.strip()) if query.topic.strip() else None
    author = (
        None if query.author is None else person_with_id(viewer, query.author, "author")
    )
    return selectors.FunnelFilters(
        stage_id=None if stage is None else stage.pk,
        topic_id=None if topic is None else topic.pk,
        author_id=None if author is None else author.pk,
    )


# --- Owners ---------------------------------------------------------------------------


@router.get(
    "/ideas/{idea_id}/owners",
    response=with_errors(200, IdeaOwnersOut),
    url_name="ideas-owners",
)
def list_owners(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    """Who carries the idea out, by name."""
    viewer = acting_person(request)
    return {"items": selectors.owners_of(selectors.access_idea(viewer, idea_id))}


@router.put(
    "/ideas/{idea_id}/owners",
    response=with_errors(200, IdeaOwnersOut),
    url_name="ideas-owners",
)
def set_owners(
    request: HttpRequest, idea_id: int, payload: IdeaOwnersIn
) -> dict[str, Any]:
    """Choose who carries the idea out, replacing the list: the
    community's leaders. Someone unknown, or who cannot read the
    community, or more than five people, is 400 (`fields.owners`)."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    permissions.require(viewer, "idea.move", idea)
    # One id more than the service takes is enough for it to refuse the
    # list, so no longer list is looked up.
    wanted = list(dict.fromkeys(payload.owners))[: MAX_OWNERS + 1]
    services.set_owners(
        idea=idea,
        owners=selectors.people_with_ids(viewer, wanted, field="owners"),
        set_by=viewer,
    )
    return {"items": selectors.owners_of(idea)}


# --- The plan -------------------------------------------------------------------------


@router.get(
    "/ideas/{idea_id}/steps", response=with_errors(200, PlanOut), url_name="ideas-steps"
)
def get_plan(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    """The idea's plan in order, with its progress, its owners and the
    day it was decided (no step is due before it)."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    plan = selectors.plan_of(idea)
    return {
        "steps": plan.steps,
        "done": plan.done,
        "progress": plan.progress,
        "owners": plan.owners,
        "decided_on": services.decided_on(idea),
    }


@router.post(
    "/ideas/{idea_id}/steps",
    response=with_errors(201, PlanStepOut),
    url_name="ideas-steps",
)
def add_step(
    request: HttpRequest, idea_id: int, payload: PlanStepIn
) -> Status[PlanStep]:
    """Add a step at the end of the plan: the idea's owners and the
    community's leaders. An idea not decided takes no plan (409); a blank
    title, a missing day or one before the decision, or an owner unknown
    or who cannot read the community, is 400 with the field named."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    permissions.require(viewer, "idea.implement", idea)
    owner = (
        None
        if payload.owner is None
        else person_with_id(viewer, payload.owner, "owner")
    )
    step = services.add_step(
        idea=idea,
        added_by=viewer,
        draft=services.StepDraft(
            title=payload.title, due_on=payload.due_on, owner=owner
        ),
    )
    return Status(201, step)


@router.patch(
    "/ideas/{idea_id}/steps/{step_id}",
    response=with_errors(200, PlanStepOut),
    url_name="ideas-step",
)
def change_step(
    request: HttpRequest, idea_id: int, step_id: int, payload: PlanStepPatch
) -> PlanStep:
    """Change a step, tick it (`done: true`) or reopen it, at once or in
    turn: the idea's owners and the community's leaders. The refusals of
    adding a step apply; a refused change writes nothing, ticking
    included."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    permissions.require(viewer, "idea.implement", idea)
    step = selectors.access_step(idea, step_id)
    with transaction.atomic():
        if payload.model_fields_set & {"title", "owner", "due_on"}:
            services.edit_step(
                step=step, edited_by=viewer, draft=_step_draft(viewer, step, payload)
            )
        if payload.done is not None and payload.done != step.is_done:
            services.complete_step(step=step, by=viewer, done=payload.done)
    return step


@router.delete(
    "/ideas/{idea_id}/steps/{step_id}",
    response=with_errors(204, None),
    url_name="ideas-step",
)
def delete_step(request: HttpRequest, idea_id: int, step_id: int) -> Status[None]:
    """Remove a step from the plan: the idea's owners and the community's
    leaders."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    permissions.require(viewer, "idea.implement", idea)
    services.delete_step(step=selectors.access_step(idea, step_id), deleted_by=viewer)
    return Status(204, None)


# --- Status updates -------------------------------------------------------------------


@router.get(
    "/ideas/{idea_id}/updates",
    response=with_errors(200, StatusUpdateListOut),
    url_name="ideas-updates",
)
def list_updates(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    """The owners' five latest status updates, newest first; the rest are
    in the idea's discussion."""
    viewer = acting_person(request)
    return {"items": selectors.updates_of(selectors.access_idea(viewer, idea_id))}


@router.post(
    "/ideas/{idea_id}/updates",
    response=with_errors(201, StatusUpdateOut),
    url_name="ideas-updates",
)
def post_update(
    request: HttpRequest, idea_id: int, payload: StatusUpdateIn
) -> Status[StatusUpdate]:
    """Say where the work stands, as a reply in the idea's discussion:
    the idea's owners and the community's leaders. An idea not decided,
    or whose discussion was removed, is 409; a blank or too long text,
    400 (`fields.body`)."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    update = services.post_status_update(idea=idea, author=viewer, text=payload.body)
    return Status(201, update)


# --- Impact ---------------------------------------------------------------------------


@router.get(
    "/ideas/{idea_id}/impact",
    response=with_errors(200, ImpactOut | None),
    url_name="ideas-impact",
)
def get_impact(request: HttpRequest, idea_id: int) -> ImpactRecord | None:
    """What the done idea measurably changed, beside the impact it
    expected; null (200) until its owners record it, so a missing record
    is not mistaken for a hidden idea."""
    viewer = acting_person(request)
    return selectors.impact_of(selectors.access_idea(viewer, idea_id))


@router.put(
    "/ideas/{idea_id}/impact",
    response=with_errors(200, ImpactOut),
    url_name="ideas-impact",
)
def record_impact(
    request: HttpRequest, idea_id: int, payload: ImpactIn
) -> ImpactRecord:
    """Record the measured result, replacing any before: the idea's
    owners and the community's leaders, once it is done (409 before). A
    blank result, a number without a unit or too large, or a period with
    one end or ending before it starts, is 400 with the field named."""
    viewer = acting_person(request)
    idea = selectors.access_idea(viewer, idea_id)
    return services.record_impact(
        idea=idea,
        recorded_by=viewer,
        draft=services.ImpactDraft(
            measured=payload.measured,
            value=payload.value,
            unit=payload.unit,
            period_start=payload.period_start,
            period_end=payload.period_end,
        ),
    )


# --- The funnel -----------------------------------------------------------------------


@router.get(
    "/communities/{slug}/ideas/funnel",
    response=with_errors(200, FunnelOut),
    url_name="ideas-funnel",
)
def funnel(
    request: HttpRequest, slug: str, query: Query[FunnelQuery]
) -> selectors.Funnel:
    """How many of the community's ideas reached each stage, how many are
    there now, the share that went on from the step before, and the
    median days they stayed; `stage`, `topic` and `author` keep the ideas
    that reached a stage, are on a topic, or are someone's. An id of no
    stage here, a topic or a person unknown, is 400 with the field named."""
    viewer = acting_person(request)
    community = readable_community(viewer, slug)
    return selectors.funnel(community, _funnel_filters(viewer, community, query))
