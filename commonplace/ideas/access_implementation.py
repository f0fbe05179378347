"""Who gets what from the implementation, impact and funnel pages.

A plan, its updates and its impact are the community's content: anonymous
visitors are sent to sign in (302), a viewer who may not read the
community gets 404, and a reader who may not do this gets 403. The
community's leaders (its owners lead it too) name an idea's owners; the
idea's owners (the world's plain member owns every decided idea here) and
the leaders plan its steps, post status updates and record its impact.
The funnel and its CSV are for every reader. A form that succeeds sends
the browser on (302).
"""

import importlib
from datetime import timedelta

from django.utils import timezone

from commonplace.communities.access_common import at_least, page, reads
from commonplace.core.access import LEADER, MEMBER, OWNER, Route
from commonplace.ideas.models import StageKind
from commonplace.knowledge.access_pages import for_readers


def _factories():
    """The test factories, loaded only when the matrix runs."""
    return importlib.import_module("commonplace.ideas.tests.factories")


def _services():
    return importlib.import_module("commonplace.ideas.services")


_LEADS = at_least(LEADER)


def _implements(visibility, viewer):
    """The idea's owner (the plain member) and the leaders."""
    return viewer in (MEMBER, LEADER, OWNER)


def _move(w, idea, kind, **fields):
    stage = next(s for s in _services().ensure_stages(w.community) if s.kind == kind)
    _services().move_idea(idea=idea, to_stage=stage, moved_by=w.leader, **fields)
    idea.refresh_from_db()


def _decided(w):
    """An idea decided today, owned by the plain member."""
    services = _services()
    idea = _factories().IdeaFactory(community=w.community, author=w.member)
    decision = services.DecisionDraft(
        decision="We release on Tuesdays.",
        reasons="Fewer weekend incidents.",
        deciders="The release group",
    )
    _move(w, idea, StageKind.DECIDED, decision=decision)
    services.set_owners(idea=idea, owners=[w.member], set_by=w.leader)
    return idea


def _pk(w):
    return {"pk": _decided(w).pk}


def _slug(w):
    return {"slug": w.community.slug}


def _step(done):
    """A step of a decided idea's plan, done or not yet."""

    def kwargs(w):
        idea = _decided(w)
        services = _services()
        day = timezone.localdate()
        draft = services.StepDraft("Tell the on-call team", day, w.member)
        step = services.add_step(idea=idea, added_by=w.leader, draft=draft)
        if done:
            services.complete_step(step=step, by=w.leader)
        return {"pk": idea.pk, "step_pk": step.pk}

    return kwargs


def _done(w):
    idea = _decided(w)
    _move(w, idea, StageKind.DONE)
    return {"pk": idea.pk}


def _new_step(w):
    return {
        "title": "Tell the on-call team",
        "owner": f"@{w.member.handle}",
        "due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
    }


IMPACT = {
    "measured": "Weekend incidents fell from six a month to one.",
    "value": "-5",
    "unit": "incidents a month",
}

ROUTES = [
    Route("ideas:owners", expect_in_community=for_readers(_LEADS), kwargs=_pk),
    Route(
        "ideas:owners",
        method="POST",
        expect_in_community=for_readers(_LEADS, ok=302),
        kwargs=_pk,
        data=lambda w: {"owners": f"@{w.member.handle}"},
    ),
    Route(
        "ideas:steps",
        method="POST",
        expect_in_community=for_readers(_implements, ok=302),
        kwargs=_pk,
        data=_new_step,
    ),
    Route(
        "ideas:step",
        expect_in_community=for_readers(_implements),
        kwargs=_step(done=False),
    ),
    Route(
        "ideas:step",
        method="POST",
        expect_in_community=for_readers(_implements, ok=302),
        kwargs=_step(done=False),
        data=lambda w: {**_new_step(w), "action": "save"},
        label="save",
    ),
    Route(
        "ideas:step",
        method="POST",
        expect_in_community=for_readers(_implements, ok=302),
        kwargs=_step(done=False),
        data=lambda w: {"action": "done"},
        label="mark done",
    ),
    Route(
        "ideas:step",
        method="POST",
        expect_in_community=for_readers(_implements, ok=302),
        kwargs=_step(done=True),
        data=lambda w: {"action": "reopen"},
        label="reopen",
    ),
    Route(
        "ideas:step",
        method="POST",
        expect_in_community=for_readers(_implements, ok=302),
        kwargs=_step(done=False),
        data=lambda w: {"action": "delete"},
        label="delete",
    ),
    Route(
        "ideas:update",
        method="POST",
        expect_in_community=for_readers(_implements, ok=302),
        kwargs=_pk,
        data=lambda w: {"body": "The runbook is written; training next week."},
    ),
    Route("ideas:impact", expect_in_community=for_readers(_implements), kwargs=_done),
    Route(
        "ideas:impact",
        method="POST",
        expect_in_community=for_readers(_implements, ok=302),
        kwargs=_done,
        data=lambda w: IMPACT,
    ),
    Route("ideas:funnel", expect_in_community=page(reads), kwargs=_slug),
    Route(
        "ideas:funnel",
        expect_in_community=page(reads),
        kwargs=_slug,
        data=lambda w: {"author": f"@{w.member.handle}"},
        label="by an author",
    ),
    Route(
        "ideas:funnel-csv",
        expect_in_community=page(reads),
        kwargs=_slug,
        data=lambda w: {"topic": w.topic.slug},
        label="on a topic",
    ),
]
