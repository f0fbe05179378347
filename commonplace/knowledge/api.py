"""Conversations in the API: posts, answers, comments, reactions,
revisions, reports, the moderation queue and image uploads.

Every operation needs a signed-in person and goes through the same
services and selectors as the pages. A post, answer or comment in a
community the caller may not read answers 404, exactly like one that does
not exist; one they read but may not act on answers 403. A removed item
keeps its place (`removed`, `removal_reason`) with its text blank, except
to the community's moderators.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from ninja import File, Query, Router, UploadedFile
from ninja.responses import Status

from commonplace.api.auth import acting_person
from commonplace.api.errors import ErrorOut, with_errors
from commonplace.communities import selectors as community_selectors
from commonplace.communities.models import Community
from commonplace.core.pagination import Page
from commonplace.knowledge import selectors, services
from commonplace.knowledge.models import (
    Answer,
    Bookmark,
    Comment,
    Post,
    ReactionKind,
    Report,
    Revision,
    Upload,
)
from commonplace.knowledge.schemas import (
    AcceptIn,
    AnswerIn,
    AnswerOut,
    AnswerPageOut,
    BookmarkPageOut,
    BookmarkStateOut,
    CommentIn,
    CommentOut,
    CommentPageOut,
    CursorQuery,
    DecisionIn,
    MentionableOut,
    MentionQuery,
    PostIn,
    PostOut,
    PostPageOut,
    PostPatch,
    PostQuery,
    ReactionIn,
    ReactionOut,
    ReasonIn,
    ReportIn,
    ReportOut,
    ReportPageOut,
    RevisionPageOut,
    TargetType,
    TextPatch,
    UploadOut,
    blank_revision,
    shows_text,
)
from commonplace.people.models import User
from commonplace.people.schemas import PageQuery

router = Router(tags=["conversations"])

Contribution = Post | Answer | Comment


def _community(viewer: User, slug: str) -> Community:
    return community_selectors.access_community(viewer, slug, details=False)


def _target(viewer: User, target_type: TargetType, target_id: int) -> Contribution:
    """The post, answer or comment named by type and id, if readable."""
    if target_type == "post":
        return selectors.access_post(viewer, target_id)
    if target_type == "answer":
        return selectors.access_answer(viewer, target_id)
    return selectors.access_comment(viewer, target_id)


def _mark_my_reactions(
    viewer: User, post: Post, answers: list[Answer], comments: list[Comment]
) -> None:
    """Note on each item which reactions the caller gave it (one query)."""
    mine = selectors.my_reactions(viewer, post, answers, comments)
    items: list[Contribution] = [post, *answers, *comments]
    for item in items:
        item.my_reactions = [  # type: ignore[union-attr]
            kind for kind in ReactionKind.values if mine.has(item, kind)
        ]


def _post_out(viewer: User, post_id: int) -> Post:
    """The post as GET shows it, with the caller's reactions."""
    post = selectors.access_post(viewer, post_id)
    _mark_my_reactions(viewer, post, [], [])
    return post


def _in_thread(post: Post, items: list[Any]) -> list[Any]:
    """Items already known to belong to `post` share its loaded community,
    so the caller's standing there is looked up once for all of them."""
    for item in items:
        item.post = post
    return items


# --- A community's posts and uploads --------------------------------------------------


@router.get(
    "/communities/{slug}/posts",
    response=with_errors(200, PostPageOut),
    url_name="community-posts",
)
def list_posts(request: HttpRequest, slug: str, query: Query[PostQuery]) -> Page[Post]:
    """The community's posts, newest first; removed ones are left out.
    `unanswered` keeps questions without an accepted answer."""
    viewer = acting_person(request)
    return selectors.community_posts(
        viewer,
        _community(viewer, slug),
        kind=query.kind.value if query.kind else "",
        unanswered=query.unanswered,
        cursor=query.cursor,
        size=query.size,
    )


@router.post(
    "/communities/{slug}/posts",
    response=with_errors(201, PostOut),
    url_name="community-posts",
)
def create_post(request: HttpRequest, slug: str, payload: PostIn) -> Status[Post]:
    """Start a thread: members and above (guests only reply). Anything not
    in the schema (author_id, community_id, accepted_answer...) is ignored."""
    viewer = acting_person(request)
    post = services.create_post(
        community=_community(viewer, slug),
        author=viewer,
        kind=payload.kind.value,
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        topics=payload.topics,
    )
    return Status(201, _post_out(viewer, post.pk))


@router.post(
    "/communities/{slug}/uploads",
    response={**with_errors(201, UploadOut), 413: ErrorOut},
    url_name="community-uploads",
)
def upload_image(
    request: HttpRequest, slug: str, file: File[UploadedFile | None] = None
) -> Status[Upload]:
    """Upload an image (multipart, field `file`, required; at most 10 MB)
    for use in Markdown as `![description](url)`. It is re-encoded; anything
    that is not a JPEG, PNG, GIF or WebP image is refused with 400, a larger
    file with 413. Only those who may read the community can fetch it."""
    viewer = acting_person(request)
    # A missing file is checked like an empty one, after the community's
    # policy: a hidden community answers 404 whatever is sent.
    upload = services.upload_image(
        community=_community(viewer, slug),
        uploaded_by=viewer,
        upload=file or SimpleUploadedFile("missing", b""),
    )
    return Status(201, upload)


# --- One post -------------------------------------------------------------------------


@router.get("/posts/{post_id}", response=with_errors(200, PostOut), url_name="post")
def get_post(request: HttpRequest, post_id: int) -> Post:
    """One post with its text, counts, accepted answer and what the caller
    may do. A removed post keeps `removed` and `removal_reason`; its text is
    blank except to the community's moderators."""
    return _post_out(acting_person(request), post_id)


@router.patch("/posts/{post_id}", response=with_errors(200, PostOut), url_name="post")
def edit_post(request: HttpRequest, post_id: int, payload: PostPatch) -> Post:
    """Change a post: its author while a member, or a moderator. Fields
    left out (or null) stay; `topics` replaces the whole list. The version
    before is kept in its revisions."""
    viewer = acting_person(request)
    post = selectors.access_post(viewer, post_id)
    services.edit_post(
        post=post,
        edited_by=viewer,
        body=post.body_source if payload.body is None else payload.body,
        title=payload.title,
        summary=payload.summary,
        topics=payload.topics,
    )
    return _post_out(viewer, post.pk)


def _delete(viewer: User, item: Contribution, query: ReasonIn, body: Any) -> None:
    reason = body.reason if body is not None and body.reason else query.reason
    services.delete_contribution(item=item, deleted_by=viewer, reason=reason)


@router.delete("/posts/{post_id}", response=with_errors(204, None), url_name="post")
def delete_post(
    request: HttpRequest,
    post_id: int,
    query: Query[ReasonIn],
    payload: ReasonIn | None = None,
) -> Status[None]:
    """Remove a post, keeping a marker with the reason (in the body or the
    query; required): its author or a moderator."""
    viewer = acting_person(request)
    _delete(viewer, selectors.access_post(viewer, post_id), query, payload)
    return Status(204, None)


@router.post(
    "/posts/{post_id}/accept",
    response=with_errors(200, PostOut),
    url_name="post-accept",
)
def accept_answer(request: HttpRequest, post_id: int, payload: AcceptIn) -> Post:
    """Accept an answer to this question: the asker or a leader. Accepting
    another replaces it; an answer to another question is 400."""
    viewer = acting_person(request)
    post = selectors.access_post(viewer, post_id)
    answer = selectors.access_answer(viewer, payload.answer_id)
    services.accept_answer(question=post, answer=answer, accepted_by=viewer)
    return _post_out(viewer, post.pk)


@router.delete(
    "/posts/{post_id}/accept",
    response=with_errors(200, PostOut),
    url_name="post-accept",
)
def unaccept_answer(request: HttpRequest, post_id: int) -> Post:
    """Take the acceptance back: the asker or a leader."""
    viewer = acting_person(request)
    post = selectors.access_post(viewer, post_id)
    services.unaccept_answer(question=post, changed_by=viewer)
    return _post_out(viewer, post.pk)


# --- Answers --------------------------------------------------------------------------


@router.get(
    "/posts/{post_id}/answers",
    response=with_errors(200, AnswerPageOut),
    url_name="post-answers",
)
def list_answers(
    request: HttpRequest, post_id: int, query: Query[CursorQuery]
) -> Page[Answer]:
    """A question's answers: the accepted one first, then the most helpful,
    then the oldest; each with its comments, 30 to a page."""
    viewer = acting_person(request)
    post = selectors.access_post(viewer, post_id)
    page = selectors.question_answers(viewer, post, cursor=query.cursor)
    answers = _in_thread(post, page.items)
    comments = _in_thread(
        post, [comment for answer in answers for comment in answer.comment_list]
    )
    _mark_my_reactions(viewer, post, answers, comments)
    return page


@router.post(
    "/posts/{post_id}/answers",
    response=with_errors(201, AnswerOut),
    url_name="post-answers",
)
def post_answer(
    request: HttpRequest, post_id: int, payload: AnswerIn
) -> Status[Answer]:
    """Answer a question; guests may. A removed question takes no answers
    (409); a post that is not a question takes comments instead (400)."""
    viewer = acting_person(request)
    post = selectors.access_post(viewer, post_id)
    answer = services.post_answer(question=post, author=viewer, body=payload.body)
    return Status(201, answer)


@router.patch(
    "/answers/{answer_id}", response=with_errors(200, AnswerOut), url_name="answer"
)
def edit_answer(request: HttpRequest, answer_id: int, payload: TextPatch) -> Answer:
    """Change an answer: its author while a member, or a moderator."""
    viewer = acting_person(request)
    answer = selectors.access_answer(viewer, answer_id)
    services.edit_answer(answer=answer, edited_by=viewer, body=payload.body)
    _mark_my_reactions(viewer, answer.post, [answer], [])
    return answer


@router.delete(
    "/answers/{answer_id}", response=with_errors(204, None), url_name="answer"
)
def delete_answer(
    request: HttpRequest,
    answer_id: int,
    query: Query[ReasonIn],
    payload: ReasonIn | None = None,
) -> Status[None]:
    """Remove an answer with a reason (body or query): author or moderator."""
    viewer = acting_person(request)
    _delete(viewer, selectors.access_answer(viewer, answer_id), query, payload)
    return Status(204, None)


# --- Comments -------------------------------------------------------------------------


@router.get(
    "/posts/{post_id}/comments",
    response=with_errors(200, CommentPageOut),
    url_name="post-comments",
)
def list_comments(request: HttpRequest, post_id: int) -> Page[Comment]:
    """Comments on the post itself (those on answers come with the
    answers), oldest first, all on one page."""
    viewer = acting_person(request)
    post = selectors.access_post(viewer, post_id)
    comments = _in_thread(post, selectors.post_comments(post))
    _mark_my_reactions(viewer, post, [], comments)
    return Page(items=comments, next_cursor=None)


@router.post(
    "/posts/{post_id}/comments",
    response=with_errors(201, CommentOut),
    url_name="post-comments",
)
def add_comment(
    request: HttpRequest, post_id: int, payload: CommentIn
) -> Status[Comment]:
    """Comment on the post, or with `answer_id` on one of its answers;
    comments do not nest. Something removed takes no comments (409)."""
    viewer = acting_person(request)
    post = selectors.access_post(viewer, post_id)
    answer = (
        None
        if payload.answer_id is None
        else selectors.access_answer(viewer, payload.answer_id)
    )
    comment = services.add_comment(
        post=post, author=viewer, body=payload.body, answer=answer
    )
    return Status(201, comment)


@router.patch(
    "/comments/{comment_id}", response=with_errors(200, CommentOut), url_name="comment"
)
def edit_comment(request: HttpRequest, comment_id: int, payload: TextPatch) -> Comment:
    """Change a comment: its author while a member, or a moderator."""
    viewer = acting_person(request)
    comment = selectors.access_comment(viewer, comment_id)
    services.edit_comment(comment=comment, edited_by=viewer, body=payload.body)
    _mark_my_reactions(viewer, comment.post, [], [comment])
    return comment


@router.delete(
    "/comments/{comment_id}", response=with_errors(204, None), url_name="comment"
)
def delete_comment(
    request: HttpRequest,
    comment_id: int,
    query: Query[ReasonIn],
    payload: ReasonIn | None = None,
) -> Status[None]:
    """Remove a comment with a reason (body or query): author or moderator."""
    viewer = acting_person(request)
    _delete(viewer, selectors.access_comment(viewer, comment_id), query, payload)
    return Status(204, None)


# --- Reactions ------------------------------------------------------------------------


@router.post("/reactions", response=with_errors(200, ReactionOut), url_name="reactions")
def toggle_reaction(request: HttpRequest, payload: ReactionIn) -> dict[str, Any]:
    """Helpful, insightful or thanks on a post, answer or comment: one of
    each per person; sending the same again takes it back (`added` false)."""
    viewer = acting_person(request)
    item = _target(viewer, payload.target_type, payload.target_id)
    added = services.toggle_reaction(item=item, person=viewer, kind=payload.kind.value)
    item.refresh_from_db(
        fields=[
            "helpful_count",
            "imported_helpful_count",
            "insightful_count",
            "thanks_count",
        ]
    )
    return {
        "added": added,
        "counts": {
            "helpful": item.helpful_total,
            "insightful": item.insightful_count,
            "thanks": item.thanks_count,
        },
    }


# --- Revisions ------------------------------------------------------------------------


def _revisions(viewer: User, item: Contribution, cursor: str | None) -> Page[Revision]:
    page = selectors.revisions_of(viewer, item, cursor=cursor)
    if shows_text(viewer, item):
        return page
    return Page(
        items=[blank_revision(revision) for revision in page.items],
        next_cursor=page.next_cursor,
    )


@router.get(
    "/posts/{post_id}/revisions",
    response=with_errors(200, RevisionPageOut),
    url_name="post-revisions",
)
def post_revisions(
    request: HttpRequest, post_id: int, query: Query[CursorQuery]
) -> Page[Revision]:
    """Every version of the post, newest first; the last is the original.
    A removed post's versions are blank except to moderators."""
    viewer = acting_person(request)
    post = selectors.access_post(viewer, post_id)
    return _revisions(viewer, post, query.cursor)


@router.get(
    "/answers/{answer_id}/revisions",
    response=with_errors(200, RevisionPageOut),
    url_name="answer-revisions",
)
def answer_revisions(
    request: HttpRequest, answer_id: int, query: Query[CursorQuery]
) -> Page[Revision]:
    """Every version of the answer, newest first."""
    viewer = acting_person(request)
    answer = selectors.access_answer(viewer, answer_id)
    return _revisions(viewer, answer, query.cursor)


@router.get(
    "/comments/{comment_id}/revisions",
    response=with_errors(200, RevisionPageOut),
    url_name="comment-revisions",
)
def comment_revisions(
    request: HttpRequest, comment_id: int, query: Query[CursorQuery]
) -> Page[Revision]:
    """Every version of the comment, newest first."""
    viewer = acting_person(request)
    comment = selectors.access_comment(viewer, comment_id)
    return _revisions(viewer, comment, query.cursor)


# --- Reports and moderation -----------------------------------------------------------


@router.post("/reports", response=with_errors(201, ReportOut), url_name="reports")
def report(request: HttpRequest, payload: ReportIn) -> Status[Report]:
    """Ask the community's moderators to look at a post, answer or comment."""
    viewer = acting_person(request)
    item = _target(viewer, payload.target_type, payload.target_id)
    created = services.report(item=item, reported_by=viewer, reason=payload.reason)
    return Status(201, created)


@router.get(
    "/communities/{slug}/reports",
    response=with_errors(200, ReportPageOut),
    url_name="community-reports",
)
def moderation_queue(
    request: HttpRequest, slug: str, page: Query[PageQuery]
) -> Page[Report]:
    """Open reports, newest first: the community's moderators only."""
    viewer = acting_person(request)
    community = _community(viewer, slug)
    reports = selectors.moderation_queue(
        viewer, community, cursor=page.cursor, size=page.size
    )
    for item in reports.items:
        item.community = community
    return reports


@router.post(
    "/reports/{report_id}/decision",
    response=with_errors(200, ReportOut),
    url_name="report-decision",
)
def decide_report(request: HttpRequest, report_id: int, payload: DecisionIn) -> Report:
    """Hide what the report is about, restore it, or dismiss the report:
    moderators. Every open report about the same item is settled with it."""
    viewer = acting_person(request)
    found = selectors.access_report(viewer, report_id)
    return services.moderate(report_=found, moderator=viewer, decision=payload.decision)


# --- Bookmarks and mentions -----------------------------------------------------------


@router.get(
    "/me/bookmarks", response=with_errors(200, BookmarkPageOut), url_name="bookmarks"
)
def bookmarks(request: HttpRequest, page: Query[PageQuery]) -> Page[Bookmark]:
    """One's bookmarks, newest first; posts one can no longer read drop out."""
    return selectors.bookmarks_of(
        acting_person(request), cursor=page.cursor, size=page.size
    )


@router.put(
    "/posts/{post_id}/bookmark",
    response=with_errors(200, BookmarkStateOut),
    url_name="post-bookmark",
)
def bookmark(request: HttpRequest, post_id: int) -> dict[str, bool]:
    """Bookmark a post one may read; doing it again keeps one bookmark."""
    viewer = acting_person(request)
    services.bookmark_post(post=selectors.access_post(viewer, post_id), person=viewer)
    return {"bookmarked": True}


@router.delete(
    "/posts/{post_id}/bookmark",
    response=with_errors(200, BookmarkStateOut),
    url_name="post-bookmark",
)
def unbookmark(request: HttpRequest, post_id: int) -> dict[str, bool]:
    viewer = acting_person(request)
    services.remove_bookmark(post=selectors.access_post(viewer, post_id), person=viewer)
    return {"bookmarked": False}


@router.get(
    "/communities/{slug}/mentionable",
    response=with_errors(200, list[MentionableOut]),
    url_name="community-mentionable",
)
def mentionable(
    request: HttpRequest, slug: str, query: Query[MentionQuery]
) -> list[selectors.Mentionable]:
    """People whose name or handle starts with `q`, to @mention while
    writing here (at most 8); `can_read` says whether they would be told."""
    viewer = acting_person(request)
    community = community_selectors.access_readable_community(viewer, slug)
    return selectors.mentionable_people(viewer, community, query.q)
