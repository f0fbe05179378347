"""What each viewer gets from the conversations API.

Anonymous callers get 401 everywhere. A post, answer, comment or report in
a community the viewer may not read answers 404; readers who may not act
get 403. In the world below, the plain member wrote the posts, answers and
comments that are edited, so "the author" is the member.
"""

from __future__ import annotations

import importlib

from commonplace.communities.access_common import (
    Allowed,
    api,
    at_least,
    is_member,
    reads,
)
from commonplace.core.access import (
    ANONYMOUS,
    API_SIGNED_IN,
    LEADER,
    MEMBER,
    MODERATOR,
    OWNER,
    CommunityExpectation,
    Route,
)
from commonplace.knowledge.models import Post, PostKind

JSON = "application/json"
# The author (the plain member) and the community's moderators and above.
EDITS = at_least(MEMBER)
MODERATES = at_least(MODERATOR)


def replies(visibility: str, viewer: str) -> bool:
    """Anyone holding a role, guests too."""
    return is_member(viewer)


def accepts(visibility: str, viewer: str) -> bool:
    """The asker (the plain member) and the community's leaders."""
    return viewer in (MEMBER, LEADER, OWNER)


def acts(allowed: Allowed, ok: int = 200) -> CommunityExpectation:
    """A change to something in the community: those allowed get `ok`;
    readers who may not get 403; those who may not read it do not find it."""

    def expect(visibility: str, viewer: str) -> int:
        if viewer == ANONYMOUS:
            return 401
        if allowed(visibility, viewer):
            return ok
        return 403 if reads(visibility, viewer) else 404

    return expect


def _factories():
    """The test factories, imported only when the matrix runs (by name, so
    type checking of the application does not follow into test code)."""
    return importlib.import_module("commonplace.knowledge.tests.factories")


def _slug(world):
    return {"slug": world.community.slug}


def _question(world):
    return _factories().PostFactory(community=world.community, author=world.member)


def _post_id(world):
    return {"post_id": _question(world).pk}


def _answer_id(world):
    answer = _factories().AnswerFactory(post=_question(world), author=world.member)
    return {"answer_id": answer.pk}


def _comment_id(world):
    comment = _factories().CommentFactory(post=_question(world), author=world.member)
    return {"comment_id": comment.pk}


def _answer_to_latest_question(world):
    """An answer to the question the route's kwargs just made."""
    question = Post.objects.filter(community=world.community).latest("pk")
    answer = _factories().AnswerFactory(post=question, author=world.guest)
    return {"answer_id": answer.pk}


def _report_id(world):
    post = _question(world)
    report = _factories().ReportFactory(post=post, reporter=world.guest)
    return {"report_id": report.pk}


def _about_a_post(extra):
    def data(world):
        return {"target_type": "post", "target_id": _question(world).pk, **extra}

    return data


API_ROUTES = [
    # --- A community's posts and uploads
    Route("api:community-posts", expect_in_community=api(reads), kwargs=_slug),
    Route(
        "api:community-posts",
        method="POST",
        expect_in_community=acts(EDITS, ok=201),
        kwargs=_slug,
        data=lambda w: {
            "kind": PostKind.DISCUSSION,
            "title": "How do we run the build farm?",
            "body": "Some *thoughts*.",
        },
        content_type=JSON,
    ),
    Route(
        "api:community-uploads",
        method="POST",
        expect_in_community=acts(replies, ok=400),
        kwargs=_slug,
        label="without a file",
    ),
    # --- One post
    Route("api:post", expect_in_community=api(reads), kwargs=_post_id),
    Route(
        "api:post",
        method="PATCH",
        expect_in_community=acts(EDITS),
        kwargs=_post_id,
        data=lambda w: {"body": "Clearer now."},
        content_type=JSON,
    ),
    Route(
        "api:post",
        method="DELETE",
        expect_in_community=acts(EDITS, ok=204),
        kwargs=_post_id,
        data=lambda w: {"reason": "Posted twice."},
        content_type=JSON,
    ),
    Route(
        "api:post-accept",
        method="POST",
        expect_in_community=acts(accepts),
        kwargs=_post_id,
        data=_answer_to_latest_question,
        content_type=JSON,
    ),
    Route(
        "api:post-accept",
        method="DELETE",
        expect_in_community=acts(accepts),
        kwargs=_post_id,
    ),
    # --- Answers
    Route("api:post-answers", expect_in_community=api(reads), kwargs=_post_id),
    Route(
        "api:post-answers",
        method="POST",
        expect_in_community=acts(replies, ok=201),
        kwargs=_post_id,
        data=lambda w: {"body": "Try the other way round."},
        content_type=JSON,
    ),
    Route(
        "api:answer",
        method="PATCH",
        expect_in_community=acts(EDITS),
        kwargs=_answer_id,
        data=lambda w: {"body": "Better: the other way round."},
        content_type=JSON,
    ),
    Route(
        "api:answer",
        method="DELETE",
        expect_in_community=acts(EDITS, ok=204),
        kwargs=_answer_id,
        data=lambda w: {"reason": "Wrong question."},
        content_type=JSON,
    ),
    # --- Comments
    Route("api:post-comments", expect_in_community=api(reads), kwargs=_post_id),
    Route(
        "api:post-comments",
        method="POST",
        expect_in_community=acts(replies, ok=201),
        kwargs=_post_id,
        data=lambda w: {"body": "Good point."},
        content_type=JSON,
    ),
    Route(
        "api:comment",
        method="PATCH",
        expect_in_community=acts(EDITS),
        kwargs=_comment_id,
        data=lambda w: {"body": "A better point."},
        content_type=JSON,
    ),
    Route(
        "api:comment",
        method="DELETE",
        expect_in_community=acts(EDITS, ok=204),
        kwargs=_comment_id,
        data=lambda w: {"reason": "Off topic."},
        content_type=JSON,
    ),
    # --- Reactions: whoever reads may react
    Route(
        "api:reactions",
        method="POST",
        expect_in_community=api(reads),
        data=_about_a_post({"kind": "helpful"}),
        content_type=JSON,
    ),
    # --- Revisions
    Route("api:post-revisions", expect_in_community=api(reads), kwargs=_post_id),
    Route("api:answer-revisions", expect_in_community=api(reads), kwargs=_answer_id),
    Route("api:comment-revisions", expect_in_community=api(reads), kwargs=_comment_id),
    # --- Reports and moderation
    Route(
        "api:reports",
        method="POST",
        expect_in_community=api(reads, ok=201),
        data=_about_a_post({"reason": "This is spam."}),
        content_type=JSON,
    ),
    Route("api:community-reports", expect_in_community=api(MODERATES), kwargs=_slug),
    Route(
        "api:report-decision",
        method="POST",
        expect_in_community=api(MODERATES),
        kwargs=_report_id,
        data=lambda w: {"decision": "dismiss"},
        content_type=JSON,
    ),
    # --- Bookmarks and mentions
    Route("api:bookmarks", expect=API_SIGNED_IN),
    Route(
        "api:post-bookmark",
        method="PUT",
        expect_in_community=api(reads),
        kwargs=_post_id,
    ),
    Route(
        "api:post-bookmark",
        method="DELETE",
        expect_in_community=api(reads),
        kwargs=_post_id,
    ),
    Route(
        "api:community-mentionable",
        expect_in_community=api(reads),
        kwargs=_slug,
        data=lambda w: {"q": "a"},
    ),
]
