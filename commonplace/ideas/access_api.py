"""Who gets what from the ideas API.

Anonymous callers get 401 everywhere. An idea, decision or stage in a
community the viewer may not read answers 404; readers who may not act
get 403. In the world below the plain member proposed every idea, so
"the author" is the member. Proposing takes a member or more; backing an
idea, any role (guests too); moving ideas and choosing the stages and
the waiting time, the leaders and owners, who alone read that setting.

Evaluation and implementation: every reader sees the criteria, who is
asked, the scores, the board, the owners, the plan, the updates, the
impact and the funnel; the leaders choose the criteria, the evaluators
and the owners; the people asked (here every role) score; the idea's
owner (the plain member) and the leaders keep the plan, post updates
and record the impact.
"""

from __future__ import annotations

import importlib
from datetime import timedelta

from django.utils import timezone

from commonplace.communities.access_common import api, at_least, is_member, reads
from commonplace.core.access import (
    ANONYMOUS,
    COMMUNITY_ROLES,
    LEADER,
    MEMBER,
    OWNER,
    Route,
)
from commonplace.ideas import services
from commonplace.ideas.models import Criterion, Idea, Stage, StageKind
from commonplace.knowledge.access_api import JSON, acts

# The author (the plain member) and the community's moderators and above.
EDITS = at_least(MEMBER)
PROPOSES = at_least(MEMBER)
LEADS = at_least(LEADER)


def supports(visibility: str, viewer: str) -> bool:
    """Anyone holding a role, guests too."""
    return is_member(viewer)


def implements(visibility: str, viewer: str) -> bool:
    """The idea's owner (the plain member) and the community's leaders."""
    return viewer in (MEMBER, LEADER, OWNER)


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


def _decide(world, idea):
    return services.move_idea(
        idea=idea,
        to_stage=Stage.objects.get(community=world.community, kind=StageKind.DECIDED),
        moved_by=world.leader,
        decision=services.DecisionDraft(
            decision="We pair on every release build.",
            reasons="Fewer broken Fridays.",
            deciders="The release group",
        ),
    )


def _decision_id(world):
    return {"decision_id": _decide(world, _idea(world)).decision_id}


# --- Evaluation and implementation


def _slug_with_an_idea(world):
    """The community, whose first idea made the trip."""
    _idea(world)
    return _slug(world)


def _first_step(world):
    return {"stage": _step(world, 0).pk}


def _criterion(world):
    return services.add_criterion(
        community=world.community,
        added_by=world.leader,
        draft=services.CriterionDraft("Impact", 3),
    )


def _criterion_id(world):
    return {"slug": world.community.slug, "criterion_id": _criterion(world).pk}


def _with_a_criterion(world):
    _criterion(world)
    return _slug(world)


def _asking_the_member(world):
    idea = _idea(world)
    services.assign_evaluator(person=world.member, assigned_by=world.leader, idea=idea)
    return {"idea_id": idea.pk}


def _the_member_asked(world):
    return {**_asking_the_member(world), "person_id": world.member.pk}


def _stage_asking_the_member(world):
    kwargs = _stage_id(0)(world)
    services.assign_evaluator(
        person=world.member,
        assigned_by=world.leader,
        stage=Stage.objects.get(pk=kwargs["stage_id"]),
    )
    return kwargs


def _the_member_asked_for_a_stage(world):
    return {**_stage_asking_the_member(world), "person_id": world.member.pk}


def _scored_by_the_member(world):
    """An idea every role is asked to evaluate, which the member scored:
    scores and comments outsiders of a private community must not see."""
    idea = _idea(world)
    criterion = _criterion(world)
    for role in COMMUNITY_ROLES:
        services.assign_evaluator(
            person=world.viewer(role), assigned_by=world.leader, idea=idea
        )
    services.score_idea(
        idea=idea, evaluator=world.member, values={criterion.pk: (4, "Worth it.")}
    )
    return {"idea_id": idea.pk}


def _scores(world):
    criterion = Criterion.objects.get(community=world.community)
    return {"scores": [{"criterion": criterion.pk, "score": 5, "comment": "A win."}]}


def _decided_idea(world):
    """A decided idea whose owner is the plain member, with a step."""
    idea = _idea(world)
    _decide(world, idea)
    idea = Idea.objects.select_related("stage", "community").get(pk=idea.pk)
    services.set_owners(idea=idea, owners=[world.member], set_by=world.leader)
    services.add_step(
        idea=idea,
        added_by=world.leader,
        draft=services.StepDraft("Write the runbook", _in_a_week(), world.member),
    )
    return idea


def _decided(world):
    return {"idea_id": _decided_idea(world).pk}


def _a_step(world):
    idea = _decided_idea(world)
    return {"idea_id": idea.pk, "step_id": idea.steps.get().pk}


def _done(world):
    """A done idea with its impact recorded: numbers outsiders of a
    private community must not see."""
    idea = _decided_idea(world)
    services.move_idea(
        idea=idea,
        to_stage=Stage.objects.filter(
            community=world.community, kind=StageKind.DONE
        ).first(),
        moved_by=world.leader,
    )
    services.record_impact(
        idea=Idea.objects.select_related("stage", "community").get(pk=idea.pk),
        recorded_by=world.leader,
        draft=services.ImpactDraft("Half as many broken builds.", unit="%"),
    )
    return {"idea_id": idea.pk}


def _in_a_week():
    return timezone.localdate() + timedelta(days=7)


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
    # --- Criteria
    Route(
        "api:ideas-criteria", expect_in_community=api(reads), kwargs=_with_a_criterion
    ),
    Route(
        "api:ideas-criteria",
        method="POST",
        expect_in_community=acts(LEADS, ok=201),
        kwargs=_slug,
        data=lambda w: {"name": "Effort", "weight": 1},
        content_type=JSON,
    ),
    Route(
        "api:ideas-criterion",
        method="PATCH",
        expect_in_community=acts(LEADS),
        kwargs=_criterion_id,
        data=lambda w: {"weight": 2},
        content_type=JSON,
    ),
    Route(
        "api:ideas-criterion",
        method="DELETE",
        expect_in_community=acts(LEADS, ok=204),
        kwargs=_criterion_id,
    ),
    # --- Evaluators
    Route(
        "api:ideas-evaluators",
        expect_in_community=api(reads),
        kwargs=_asking_the_member,
    ),
    Route(
        "api:ideas-evaluators",
        method="POST",
        expect_in_community=acts(LEADS, ok=201),
        kwargs=_idea_id,
        data=lambda w: {"person": w.member.pk},
        content_type=JSON,
    ),
    Route(
        "api:ideas-evaluator",
        method="DELETE",
        expect_in_community=acts(LEADS, ok=204),
        kwargs=_the_member_asked,
    ),
    Route(
        "api:ideas-stage-evaluators",
        expect_in_community=api(reads),
        kwargs=_stage_asking_the_member,
    ),
    Route(
        "api:ideas-stage-evaluators",
        method="POST",
        expect_in_community=acts(LEADS, ok=201),
        kwargs=_stage_id(0),
        data=lambda w: {"person": w.member.pk},
        content_type=JSON,
    ),
    Route(
        "api:ideas-stage-evaluator",
        method="DELETE",
        expect_in_community=acts(LEADS, ok=204),
        kwargs=_the_member_asked_for_a_stage,
    ),
    # --- Scores and the board
    Route(
        "api:ideas-scores",
        expect_in_community=api(reads),
        kwargs=_scored_by_the_member,
    ),
    Route(
        "api:ideas-scores",
        method="PUT",
        expect_in_community=acts(supports),
        kwargs=_scored_by_the_member,
        data=_scores,
        content_type=JSON,
        label="asked of every role",
    ),
    Route(
        "api:ideas-board",
        expect_in_community=api(reads),
        kwargs=_slug_with_an_idea,
        data=_first_step,
    ),
    # --- Owners, the plan and updates
    Route("api:ideas-owners", expect_in_community=api(reads), kwargs=_decided),
    Route(
        "api:ideas-owners",
        method="PUT",
        expect_in_community=acts(LEADS),
        kwargs=_decided,
        data=lambda w: {"owners": [w.member.pk, w.guest.pk]},
        content_type=JSON,
    ),
    Route("api:ideas-steps", expect_in_community=api(reads), kwargs=_decided),
    Route(
        "api:ideas-steps",
        method="POST",
        expect_in_community=acts(implements, ok=201),
        kwargs=_decided,
        data=lambda w: {
            "title": "Train the team",
            "owner": w.member.pk,
            "due_on": _in_a_week().isoformat(),
        },
        content_type=JSON,
    ),
    Route(
        "api:ideas-step",
        method="PATCH",
        expect_in_community=acts(implements),
        kwargs=_a_step,
        data=lambda w: {"done": True},
        content_type=JSON,
    ),
    Route(
        "api:ideas-step",
        method="DELETE",
        expect_in_community=acts(implements, ok=204),
        kwargs=_a_step,
    ),
    Route("api:ideas-updates", expect_in_community=api(reads), kwargs=_decided),
    Route(
        "api:ideas-updates",
        method="POST",
        expect_in_community=acts(implements, ok=201),
        kwargs=_decided,
        data=lambda w: {"body": "The runbook is half written."},
        content_type=JSON,
    ),
    # --- Impact and the funnel
    Route("api:ideas-impact", expect_in_community=api(reads), kwargs=_done),
    Route(
        "api:ideas-impact",
        method="PUT",
        expect_in_community=acts(implements),
        kwargs=_done,
        data=lambda w: {"measured": "Broken builds halved.", "value": -50, "unit": "%"},
        content_type=JSON,
    ),
    Route(
        "api:ideas-funnel",
        expect_in_community=api(reads),
        kwargs=_slug_with_an_idea,
        data=lambda w: {"stage": _step(w, 0).pk, "author": w.member.pk},
    ),
]
