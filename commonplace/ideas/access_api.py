"""Who gets what from the ideas API.

Anonymous callers get 401 everywhere. An idea, decision or stage in a
community the viewer may not read answers 404; readers who may not act
get 403. In the world below the plain member proposed every idea, so
"the author" is the member. Proposing takes a member or more; backing an
idea, any role (guests too); moving ideas and choosing the stages and
the waiting time, the leaders and owners, who alone read that setting.
"""

from __future__ import annotations

import importlib

from commonplace.communities.access_common import api, at_least, is_member, reads
from commonplace.core.access import (
    ANONYMOUS,
    COMMUNITY_ROLES,
    LEADER,
    MEMBER,
    Route,
)
from commonplace.ideas import services
from commonplace.ideas.models import Stage, StageKind
from commonplace.knowledge.access_api import JSON, acts

# The author (the plain member) and the community's moderators and above.
EDITS = at_least(MEMBER)
PROPOSES = at_least(MEMBER)
LEADS = at_least(LEADER)


def supports(visibility: str, viewer: str) -> bool:
    """Anyone holding a role, guests too."""
    return is_member(viewer)


def _withdraws(visibility: str, viewer: str) -> int:
    """Everyone with a role backed the idea and takes it back; readers
    without one gave no support to take back (409)."""
    if viewer == ANONYMOUS:
        return 401
    if is_member(viewer):
        return 200
    return 409 if reads(visibility, viewer) else 404


def _factories():
    """The test factories, imported only when the matrix runs."""
    return importlib.import_module("commonplace.ideas.tests.factories")


def _idea(world):
    return _factories().IdeaFactory(community=world.community, author=world.member)


def _slug(world):
    return {"slug": world.community.slug}


def _idea_id(world):
    return {"idea_id": _idea(world).pk}


def _first_version(world):
    return {"idea_id": _idea(world).pk, "number": 1}


def _backed_by_every_role(world):
    idea = _idea(world)
    for role in COMMUNITY_ROLES:
        services.support_idea(idea=idea, person=world.viewer(role))
    return {"idea_id": idea.pk}


def _step(world, index):
    """The community's `index`th step (its first idea made the trip)."""
    return Stage.objects.filter(community=world.community, kind=StageKind.STEP)[index]


def _stage_id(index):
    """A stage of the world's community, whose first idea made the trip."""

    def kwargs(world):
        _idea(world)
        return {"slug": world.community.slug, "stage_id": _step(world, index).pk}

    return kwargs


def _decision_id(world):
    idea = _idea(world)
    move = services.move_idea(
        idea=idea,
        to_stage=Stage.objects.get(community=world.community, kind=StageKind.DECIDED),
        moved_by=world.leader,
        decision=services.DecisionDraft(
            decision="We pair on every release build.",
            reasons="Fewer broken Fridays.",
            deciders="The release group",
        ),
    )
    return {"decision_id": move.decision_id}


ROUTES = [
    # --- A community's ideas
    Route("api:ideas-list", expect_in_community=api(reads), kwargs=_slug),
    Route(
        "api:ideas-list",
        method="POST",
        expect_in_community=acts(PROPOSES, ok=201),
        kwargs=_slug,
        data=lambda w: {
            "title": "Pair on release builds",
            "problem": "Builds break on *Fridays*.",
        },
        content_type=JSON,
    ),
    Route(
        "api:ideas-similar",
        expect_in_community=api(reads),
        kwargs=_slug,
        data=lambda w: {"q": "builds"},
    ),
    Route("api:ideas-waiting", expect_in_community=api(reads), kwargs=_slug),
    # --- One idea
    Route("api:ideas-idea", expect_in_community=api(reads), kwargs=_idea_id),
    Route(
        "api:ideas-idea",
        method="PATCH",
        expect_in_community=acts(EDITS),
        kwargs=_idea_id,
        data=lambda w: {"title": "Pair on every release build"},
        content_type=JSON,
    ),
    Route(
        "api:ideas-support",
        method="PUT",
        expect_in_community=acts(supports),
        kwargs=_idea_id,
    ),
    Route(
        "api:ideas-support",
        method="DELETE",
        expect_in_community=_withdraws,
        kwargs=_backed_by_every_role,
    ),
    Route("api:ideas-supporters", expect_in_community=api(reads), kwargs=_idea_id),
    Route(
        "api:ideas-follow",
        method="PUT",
        expect_in_community=api(reads),
        kwargs=_idea_id,
    ),
    Route(
        "api:ideas-follow",
        method="DELETE",
        expect_in_community=api(reads),
        kwargs=_idea_id,
    ),
    # --- Its trip
    Route("api:ideas-moves", expect_in_community=api(reads), kwargs=_idea_id),
    Route(
        "api:ideas-moves",
        method="POST",
        expect_in_community=acts(LEADS, ok=201),
        kwargs=_idea_id,
        data=lambda w: {
            "stage": _step(w, 1).pk,
            "message": "Let's talk it through.",
        },
        content_type=JSON,
    ),
    Route("api:ideas-versions", expect_in_community=api(reads), kwargs=_idea_id),
    Route("api:ideas-version", expect_in_community=api(reads), kwargs=_first_version),
    # --- A community's stages and settings
    Route("api:ideas-stages", expect_in_community=api(reads), kwargs=_slug),
    Route(
        "api:ideas-stages",
        method="POST",
        expect_in_community=acts(LEADS, ok=201),
        kwargs=_slug,
        data=lambda w: {"name": "Piloted", "kind": "step"},
        content_type=JSON,
    ),
    Route(
        "api:ideas-stage",
        method="PATCH",
        expect_in_community=acts(LEADS),
        kwargs=_stage_id(1),
        data=lambda w: {"name": "Talked through", "offset": 1},
        content_type=JSON,
    ),
    Route(
        "api:ideas-stage",
        method="DELETE",
        expect_in_community=acts(LEADS, ok=204),
        kwargs=_stage_id(2),
        label="an empty step",
    ),
    Route("api:ideas-settings", expect_in_community=acts(LEADS), kwargs=_slug),
    Route(
        "api:ideas-settings",
        method="PUT",
        expect_in_community=acts(LEADS),
        kwargs=_slug,
        data=lambda w: {"waiting_days": 10},
        content_type=JSON,
    ),
    # --- Decisions
    Route("api:ideas-decisions", expect_in_community=api(reads), kwargs=_slug),
    Route("api:ideas-decision", expect_in_community=api(reads), kwargs=_decision_id),
]
