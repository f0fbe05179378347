"""Who gets what from the evaluation pages.

As for the other idea pages: anonymous visitors are sent to sign in
(302), a viewer who may not read the community gets 404, and one who
reads it but may not do this gets 403. Leaders and owners edit the
criteria and ask evaluators; only the people asked score an idea (here
the world's plain member, asked for the idea by a leader); every reader
sees the board. A form that succeeds sends the browser on (302).
"""

import importlib

from commonplace.communities.access_common import at_least, page, reads
from commonplace.core.access import LEADER, MEMBER, Route
from commonplace.ideas.access_pages import _idea, _pk, _services, _slug, _stage_named
from commonplace.knowledge.access_pages import for_readers

_LEADS = at_least(LEADER)
CRITERION = {"name": "Effort", "weight": 1, "description": "How much work it takes."}


def _selectors():
    return importlib.import_module("commonplace.ideas.selectors")


def _asked(visibility, viewer):
    return viewer == MEMBER


def _impact(w):
    services = _services()
    return services.add_criterion(
        community=w.community,
        added_by=w.leader,
        draft=services.CriterionDraft("Impact", 3, "What changes for people."),
    )


def _criterion(w):
    return {"slug": w.community.slug, "pk": _impact(w).pk}


def _discussed(w):
    return _stage_named(w, "Under discussion")


def _stage(w):
    return {"slug": w.community.slug, "pk": _discussed(w).pk}


def _idea_asked(w):
    """An idea with a criterion to score it on, and the world's plain
    member asked by a leader to evaluate it."""
    _impact(w)
    idea = _idea(w)
    _services().assign_evaluator(person=w.member, assigned_by=w.leader, idea=idea)
    return {"pk": idea.pk}


def _stage_asked(w):
    stage = _discussed(w)
    _services().assign_evaluator(person=w.member, assigned_by=w.leader, stage=stage)
    return {"slug": w.community.slug, "pk": stage.pk}


def _stop_for_idea(w):
    """Stop the assignment `_idea_asked` made: the community's one idea."""
    idea = _selectors().ideas_of(w.leader, w.community).items[0]
    return {"action": "unassign", "assignment": _selectors().assignments_of(idea)[0].pk}


def _stop_for_stage(w):
    assignment = _selectors().stage_assignments(_discussed(w))[0]
    return {"action": "unassign", "assignment": assignment.pk}


def _ask(w):
    return {"action": "assign", "person": f"@{w.member.handle}"}


def _scores(w):
    criteria = _selectors().criteria_of(w.community)
    return {
        **{f"criterion_{each.pk}": 4 for each in criteria},
        **{f"comment_{each.pk}": "Worth doing." for each in criteria},
    }


ROUTES = [
    Route("ideas:criteria", expect_in_community=for_readers(_LEADS), kwargs=_slug),
    Route(
        "ideas:criteria",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_slug,
        data=lambda w: CRITERION,
        label="add",
    ),
    Route(
        "ideas:criterion",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_criterion,
        data=lambda w: {**CRITERION, "action": "save"},
        label="save",
    ),
    Route(
        "ideas:criterion",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_criterion,
        data=lambda w: {**CRITERION, "action": "delete"},
        label="delete",
    ),
    Route(
        "ideas:board",
        expect_in_community=page(reads),
        kwargs=lambda w: {"slug": _idea(w).community.slug},
    ),
    Route("ideas:evaluators", expect_in_community=for_readers(_LEADS), kwargs=_pk),
    Route(
        "ideas:evaluators",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_pk,
        data=_ask,
        label="ask",
    ),
    Route(
        "ideas:evaluators",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_idea_asked,
        data=_stop_for_idea,
        label="stop asking",
    ),
    Route(
        "ideas:stage-evaluators",
        expect_in_community=for_readers(_LEADS),
        kwargs=_stage,
    ),
    Route(
        "ideas:stage-evaluators",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_stage,
        data=_ask,
        label="ask",
    ),
    Route(
        "ideas:stage-evaluators",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_stage_asked,
        data=_stop_for_stage,
        label="stop asking",
    ),
    Route("ideas:score", expect_in_community=for_readers(_asked), kwargs=_idea_asked),
    Route(
        "ideas:score",
        method="POST",
        expect_in_community=for_readers(_asked, ok=302),
        kwargs=_idea_asked,
        data=_scores,
    ),
]
