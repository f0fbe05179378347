"""Who gets what from the idea pages.

Ideas, their moves and decisions are the community's content: anonymous
visitors are sent to sign in (302), a viewer who may not read the
community gets 404, as for a missing idea, and one who reads it but may
not do this gets 403. Members and above propose; anyone with a role
supports; every reader follows; the authors (the world's plain member
proposed every idea here) and moderators and above edit; leaders and
owners move ideas and edit the stages. A form that succeeds sends the
browser on (302). The similar-ideas fragment answers a visitor whose
session ended with nothing (204).
"""

import importlib

from commonplace.communities.access_common import at_least, page, reads
from commonplace.core.access import ANONYMOUS, GUEST, LEADER, MEMBER, Route
from commonplace.knowledge.access_pages import AUTHOR_OR_MODERATOR, for_readers


def _factories():
    """The test factories, loaded only when the matrix runs."""
    return importlib.import_module("commonplace.ideas.tests.factories")


def _services():
    return importlib.import_module("commonplace.ideas.services")


_GUEST_UP = at_least(GUEST)
_MEMBER_UP = at_least(MEMBER)
_LEADS = at_least(LEADER)
IDEA = {
    "title": "Release on Tuesdays",
    "problem": "Friday releases break weekends, for the on-call team.",
}


def _authors(visibility, viewer):
    return viewer in AUTHOR_OR_MODERATOR


def _similar(visibility, viewer):
    if viewer == ANONYMOUS:
        return 204
    return 200 if reads(visibility, viewer) else 404


def _idea(w):
    return _factories().IdeaFactory(community=w.community, author=w.member)


def _pk(w):
    return {"pk": _idea(w).pk}


def _slug(w):
    return {"slug": w.community.slug}


def _stage_named(w, name):
    """One of the community's stages (the default trip, made if needed)."""
    stages = _services().ensure_stages(w.community)
    return next(stage for stage in stages if stage.name == name)


def _stage(w):
    return {"slug": w.community.slug, "pk": _stage_named(w, "Under discussion").pk}


def _empty_stage(w):
    """A stage of its own kind's many, holding no idea: one that may go."""
    added = _services().add_stage(
        community=w.community, added_by=w.leader, name="Piloted"
    )
    return {"slug": w.community.slug, "pk": added.pk}


def _decision(w):
    idea = _idea(w)
    services = _services()
    services.move_idea(
        idea=idea,
        to_stage=_stage_named(w, "Decided"),
        moved_by=w.leader,
        decision=services.DecisionDraft(
            decision="We release on Tuesdays.",
            reasons="Fewer weekend incidents.",
            deciders="The release group",
        ),
    )
    return {"pk": idea.decisions.get().pk}


def _record(w):
    return {
        "stage": _stage_named(w, "Decided").pk,
        "message": "Decided at the review.",
        "decision": "We release on Tuesdays.",
        "reasons": "Fewer weekend incidents.",
        "deciders": "The release group",
    }


ROUTES = [
    Route("ideas:list", expect_in_community=page(reads), kwargs=_slug),
    Route(
        "ideas:propose",
        expect_in_community=for_readers(_MEMBER_UP),
        kwargs=_slug,
    ),
    Route(
        "ideas:propose",
        method="POST",
        expect_in_community=for_readers(_MEMBER_UP, ok=302),
        kwargs=_slug,
        data=lambda w: {**IDEA, "topics": "Releases"},
    ),
    Route(
        "ideas:similar",
        method="POST",
        expect_in_community=_similar,
        kwargs=_slug,
        data=lambda w: IDEA,
    ),
    Route("ideas:stages", expect_in_community=for_readers(_LEADS), kwargs=_slug),
    Route(
        "ideas:stages",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_slug,
        data=lambda w: {"action": "add", "name": "Piloted", "kind": "step"},
        label="add a stage",
    ),
    Route(
        "ideas:stages",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_slug,
        data=lambda w: {"action": "waiting", "waiting_days": 10},
        label="days an idea may wait",
    ),
    Route(
        "ideas:stage",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_stage,
        data=lambda w: {"action": "rename", "name": "Talked over"},
        label="rename",
    ),
    Route(
        "ideas:stage",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_stage,
        data=lambda w: {"action": "up"},
        label="move up",
    ),
    Route(
        "ideas:stage",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_empty_stage,
        data=lambda w: {"action": "delete"},
        label="delete an empty stage",
    ),
    Route("ideas:decisions", expect_in_community=page(reads), kwargs=_slug),
    Route("ideas:idea", expect_in_community=page(reads), kwargs=_pk),
    Route("ideas:edit", expect_in_community=for_readers(_authors), kwargs=_pk),
    Route(
        "ideas:edit",
        method="POST",
        expect_in_community=for_readers(_authors, ok=302),
        kwargs=_pk,
        data=lambda w: {**IDEA, "proposal": "Release on Tuesday mornings."},
    ),
    Route(
        "ideas:support",
        method="POST",
        expect_in_community=for_readers(_GUEST_UP, ok=302),
        kwargs=_pk,
        data=lambda w: {"action": "support"},
    ),
    Route(
        "ideas:follow",
        method="POST",
        expect_in_community=for_readers(reads, ok=302),
        kwargs=_pk,
        data=lambda w: {"action": "follow"},
    ),
    Route("ideas:move", expect_in_community=for_readers(_LEADS), kwargs=_pk),
    Route(
        "ideas:move",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_pk,
        data=lambda w: {
            "stage": _stage_named(w, "Under discussion").pk,
            "message": "Let us talk it over.",
        },
        label="to a step",
    ),
    Route(
        "ideas:move",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_pk,
        data=_record,
        label="to a decision, with its record",
    ),
    Route("ideas:supporters", expect_in_community=page(reads), kwargs=_pk),
    Route(
        "ideas:version",
        expect_in_community=page(reads),
        kwargs=lambda w: {"pk": _idea(w).pk, "number": 1},
    ),
    Route("ideas:decision", expect_in_community=page(reads), kwargs=_decision),
]
