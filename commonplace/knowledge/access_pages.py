"""Who gets what from the conversation pages.

Anonymous visitors are sent to sign in (302). A community the viewer may not
read is a 404, the same as a missing post. Someone who reads it but may not
do this gets 403 (a guest starting a thread, editing another's answer). A
form that succeeds sends the browser on (302).

The world's plain member wrote every post, answer and comment made here,
except the answers waiting to be accepted.
"""

import importlib

from commonplace.communities.access_common import at_least, page, reads
from commonplace.core.access import (
    ANONYMOUS,
    GUEST,
    LEADER,
    MEMBER,
    MODERATOR,
    OWNER,
    SIGNED_IN,
    Route,
)
from commonplace.knowledge.models import PostKind


def _factories():
    """The test factories, loaded only when the matrix runs: factory_boy is
    a test dependency, and type checking should not follow into tests."""
    return importlib.import_module("commonplace.knowledge.tests.factories")


AUTHOR_OR_MODERATOR = (MEMBER, MODERATOR, LEADER, OWNER)
ASKER_OR_LEADER = (MEMBER, LEADER, OWNER)


def for_readers(allowed, ok=200):
    """Readers who may not get 403; everyone else as for a missing page."""

    def expect(visibility, viewer):
        if viewer == ANONYMOUS:
            return 302
        if allowed(visibility, viewer):
            return ok
        return 403 if reads(visibility, viewer) else 404

    return expect


def _viewers(*kinds):
    return lambda visibility, viewer: viewer in kinds


def _post(w, **fields):
    return _factories().PostFactory(community=w.community, author=w.member, **fields)


def _answer(w):
    return _factories().AnswerFactory(post=_post(w), author=w.member)


def _comment(w):
    return _factories().CommentFactory(post=_post(w), author=w.member)


def _slug(w):
    return {"slug": w.community.slug}


def _accept(w):
    question = _post(w)
    return {
        "pk": question.pk,
        "answer_id": _factories().AnswerFactory(post=question).pk,
    }


def _accepted(w):
    question = _post(w)
    question.accepted_answer = _factories().AnswerFactory(post=question)
    question.save(update_fields=["accepted_answer"])
    return {"pk": question.pk}


def _report(w):
    return {"pk": _factories().ReportFactory(post=_post(w), community=w.community).pk}


_GUEST_UP = at_least(GUEST)
_MEMBER_UP = at_least(MEMBER)
_MODERATOR_UP = at_least(MODERATOR)
TEXT = {"body": "Checked again: the *other* way works."}
REASON = {"reason": "Off topic."}

PAGE_ROUTES: list[Route] = [
    Route(
        "knowledge:new-post",
        expect_in_community=for_readers(_MEMBER_UP),
        kwargs=_slug,
    ),
    Route(
        "knowledge:new-post",
        method="POST",
        expect_in_community=for_readers(_MEMBER_UP, ok=302),
        kwargs=_slug,
        data=lambda w: {
            "kind": PostKind.QUESTION,
            "title": "Who runs the staging cluster?",
            "body": "I need a namespace.",
            "topics": "Kubernetes",
        },
    ),
    Route(
        "knowledge:post",
        expect_in_community=page(reads),
        kwargs=lambda w: {"pk": _post(w).pk},
    ),
    Route(
        "knowledge:edit-post",
        expect_in_community=for_readers(_viewers(*AUTHOR_OR_MODERATOR)),
        kwargs=lambda w: {"pk": _post(w).pk},
    ),
    Route(
        "knowledge:edit-post",
        method="POST",
        expect_in_community=for_readers(_viewers(*AUTHOR_OR_MODERATOR), ok=302),
        kwargs=lambda w: {"pk": _post(w).pk},
        data=lambda w: {"title": "A clearer title", **TEXT},
    ),
    Route(
        "knowledge:delete-post",
        expect_in_community=for_readers(_viewers(*AUTHOR_OR_MODERATOR)),
        kwargs=lambda w: {"pk": _post(w).pk},
    ),
    Route(
        "knowledge:delete-post",
        method="POST",
        expect_in_community=for_readers(_viewers(*AUTHOR_OR_MODERATOR), ok=302),
        kwargs=lambda w: {"pk": _post(w).pk},
        data=lambda w: REASON,
    ),
    Route(
        "knowledge:history",
        expect_in_community=page(reads),
        kwargs=lambda w: {"pk": _post(w).pk},
    ),
    Route(
        "knowledge:answer",
        method="POST",
        expect_in_community=for_readers(_GUEST_UP, ok=302),
        kwargs=lambda w: {"pk": _post(w).pk},
        data=lambda w: TEXT,
    ),
    Route(
        "knowledge:comment",
        method="POST",
        expect_in_community=for_readers(_GUEST_UP, ok=302),
        kwargs=lambda w: {"pk": _post(w).pk},
        data=lambda w: {"body": "Which version?"},
    ),
    Route(
        "knowledge:accept",
        method="POST",
        expect_in_community=for_readers(_viewers(*ASKER_OR_LEADER), ok=302),
        kwargs=_accept,
    ),
    Route(
        "knowledge:unaccept",
        method="POST",
        expect_in_community=for_readers(_viewers(*ASKER_OR_LEADER), ok=302),
        kwargs=_accepted,
    ),
    Route(
        "knowledge:edit-answer",
        expect_in_community=for_readers(_viewers(*AUTHOR_OR_MODERATOR)),
        kwargs=lambda w: {"pk": _answer(w).pk},
    ),
    Route(
        "knowledge:edit-answer",
        method="POST",
        expect_in_community=for_readers(_viewers(*AUTHOR_OR_MODERATOR), ok=302),
        kwargs=lambda w: {"pk": _answer(w).pk},
        data=lambda w: TEXT,
    ),
    Route(
        "knowledge:delete-answer",
        method="POST",
        expect_in_community=for_readers(_viewers(*AUTHOR_OR_MODERATOR), ok=302),
        kwargs=lambda w: {"pk": _answer(w).pk},
        data=lambda w: REASON,
    ),
    Route(
        "knowledge:answer-history",
        expect_in_community=page(reads),
        kwargs=lambda w: {"pk": _answer(w).pk},
    ),
    Route(
        "knowledge:edit-comment",
        expect_in_community=for_readers(_viewers(*AUTHOR_OR_MODERATOR)),
        kwargs=lambda w: {"pk": _comment(w).pk},
    ),
    Route(
        "knowledge:edit-comment",
        method="POST",
        expect_in_community=for_readers(_viewers(*AUTHOR_OR_MODERATOR), ok=302),
        kwargs=lambda w: {"pk": _comment(w).pk},
        data=lambda w: {"body": "Which version exactly?"},
    ),
    Route(
        "knowledge:delete-comment",
        method="POST",
        expect_in_community=for_readers(_viewers(*AUTHOR_OR_MODERATOR), ok=302),
        kwargs=lambda w: {"pk": _comment(w).pk},
        data=lambda w: REASON,
    ),
    Route(
        "knowledge:comment-history",
        expect_in_community=page(reads),
        kwargs=lambda w: {"pk": _comment(w).pk},
    ),
    Route(
        "knowledge:react",
        label="post",
        method="POST",
        expect_in_community=page(reads, ok=302),
        kwargs=lambda w: {"target": "posts", "pk": str(_post(w).pk)},
        data=lambda w: {"kind": "helpful"},
    ),
    Route(
        "knowledge:react",
        label="comment",
        method="POST",
        expect_in_community=page(reads, ok=302),
        kwargs=lambda w: {"target": "comments", "pk": str(_comment(w).pk)},
        data=lambda w: {"kind": "thanks"},
    ),
    Route(
        "knowledge:report",
        expect_in_community=page(reads),
        kwargs=lambda w: {"target": "answers", "pk": str(_answer(w).pk)},
    ),
    Route(
        "knowledge:report",
        method="POST",
        expect_in_community=page(reads, ok=302),
        kwargs=lambda w: {"target": "posts", "pk": str(_post(w).pk)},
        data=lambda w: {"reason": "Spam."},
    ),
    Route(
        "knowledge:moderation",
        expect_in_community=page(_MODERATOR_UP),
        kwargs=_slug,
    ),
    Route(
        "knowledge:decide-report",
        method="POST",
        expect_in_community=page(_MODERATOR_UP, ok=302),
        kwargs=_report,
        data=lambda w: {"decision": "hide"},
    ),
    Route(
        "knowledge:upload",
        expect_in_community=page(reads),
        kwargs=lambda w: {"pk": _factories().UploadFactory(community=w.community).pk},
    ),
    Route(
        "knowledge:bookmark",
        method="POST",
        expect_in_community=page(reads, ok=302),
        kwargs=lambda w: {"pk": _post(w).pk},
    ),
    Route(
        "knowledge:unbookmark",
        method="POST",
        expect_in_community=page(reads, ok=302),
        kwargs=lambda w: {"pk": _post(w).pk},
    ),
    Route("knowledge:bookmarks", expect=SIGNED_IN),
    Route(
        "knowledge:mention-suggestions",
        expect_in_community=page(reads),
        kwargs=_slug,
        data=lambda w: {"q": "a"},
    ),
]
