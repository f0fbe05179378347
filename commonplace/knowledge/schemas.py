"""The shapes of posts, answers, comments, reactions, revisions, reports
and uploads in the API.

What depends on the caller (`can`, `my_reactions`, whether a removed text
is shown) is decided by the policy; the schemas only read it out. A
removed post, answer or comment keeps its place with `removed` and
`removal_reason`; its text is blank except to the community's moderators.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja import Field, Schema

from commonplace import permissions
from commonplace.communities.schemas import CommunityRefOut, PersonRefOut
from commonplace.knowledge.models import (
    MAX_TOPICS,
    Answer,
    Comment,
    Post,
    PostKind,
    ReactionKind,
    Report,
    Revision,
)
from commonplace.people.models import User
from commonplace.people.schemas import PageQuery, TopicSummaryOut

Contribution = Post | Answer | Comment
TargetType = Literal["post", "answer", "comment"]
# A Literal, not Report.Status: its enum would be named "Status" in the
# OpenAPI document, the name of the join requests' statuses already.
ReportStatus = Literal["open", "hidden", "dismissed", "restored"]
EXCERPT_LENGTH = 280


def _viewer(context: dict[str, Any]) -> User | AnonymousUser:
    return context["request"].user


def shows_text(viewer: User | AnonymousUser, item: Contribution) -> bool:
    """A removed text is shown only to those who moderate its community."""
    return not item.is_removed or permissions.can(
        viewer, "community.moderate", permissions.community_of(item)
    )


def _shows_text(item: Contribution, context: dict[str, Any]) -> bool:
    return shows_text(_viewer(context), item)


def _removal_reason(item: Contribution) -> str:
    if item.deleted_at is not None:
        return item.deletion_reason
    if item.hidden_at is not None:
        return _("Hidden by the community's moderators.")
    return ""


class ReactionCountsOut(Schema):
    """How many people found it helpful (with votes brought in by
    importers), insightful, or said thanks."""

    helpful: int
    insightful: int
    thanks: int


def _counts(item: Contribution) -> dict[str, int]:
    return {
        "helpful": item.helpful_total,
        "insightful": item.insightful_count,
        "thanks": item.thanks_count,
    }


class _ContributionOut(Schema):
    """What posts, answers and comments share."""

    id: int
    author: PersonRefOut | None
    body_source: str = Field(..., description="The Markdown, blank when removed.")
    body_html: str = Field(..., description="Sanitised HTML, blank when removed.")
    created_at: datetime
    edited_at: datetime | None
    reactions: ReactionCountsOut
    helpful_total: int
    my_reactions: list[ReactionKind] = Field(
        default_factory=list, description="The caller's own reactions to it."
    )
    removed: bool
    removal_reason: str

    @staticmethod
    def resolve_body_source(item: Contribution, context: dict[str, Any]) -> str:
        return item.body_source if _shows_text(item, context) else ""

    @staticmethod
    def resolve_body_html(item: Contribution, context: dict[str, Any]) -> str:
        return item.body_html if _shows_text(item, context) else ""

    @staticmethod
    def resolve_reactions(item: Contribution) -> dict[str, int]:
        return _counts(item)

    @staticmethod
    def resolve_my_reactions(item: Contribution) -> list[str]:
        return list(getattr(item, "my_reactions", []))

    @staticmethod
    def resolve_removed(item: Contribution) -> bool:
        return item.is_removed

    @staticmethod
    def resolve_removal_reason(item: Contribution) -> str:
        return _removal_reason(item)


class ItemAbilitiesOut(Schema):
    """What the caller may do to this answer or comment; from the policy."""

    edit: bool
    delete: bool
    report: bool


def _item_abilities(item: Contribution, context: dict[str, Any]) -> dict[str, bool]:
    viewer = _viewer(context)
    return {
        "edit": permissions.can(viewer, "contribution.edit", item),
        "delete": permissions.can(viewer, "contribution.delete", item),
        "report": permissions.can(viewer, "contribution.report", item),
    }


# --- Comments -------------------------------------------------------------------------


class CommentOut(_ContributionOut):
    """A comment on a post (`answer_id` null) or on one of its answers."""

    post_id: int
    answer_id: int | None
    can: ItemAbilitiesOut

    @staticmethod
    def resolve_can(comment: Comment, context: dict[str, Any]) -> dict[str, bool]:
        return _item_abilities(comment, context)


class CommentPageOut(Schema):
    items: list[CommentOut]
    next_cursor: str | None


class CommentIn(Schema):
    """A comment; with `answer_id`, on that answer of the post."""

    body: str = Field(..., description="Markdown, at most 2000 characters.")
    answer_id: int | None = None


class TextPatch(Schema):
    """A new text for an answer or a comment."""

    body: str = Field(..., description="Markdown.")


# --- Answers --------------------------------------------------------------------------


class AnswerOut(_ContributionOut):
    """An answer."""

    post_id: int
    is_accepted: bool
    can: ItemAbilitiesOut

    @staticmethod
    def resolve_is_accepted(answer: Answer) -> bool:
        return answer.post.accepted_answer_id == answer.pk

    @staticmethod
    def resolve_can(answer: Answer, context: dict[str, Any]) -> dict[str, bool]:
        return _item_abilities(answer, context)


class AnswerInThreadOut(AnswerOut):
    """An answer as the question's list shows it: with its comments,
    oldest first."""

    comments: list[CommentOut]

    @staticmethod
    def resolve_comments(answer: Answer) -> list[Comment]:
        return list(getattr(answer, "comment_list", []))


class AnswerPageOut(Schema):
    items: list[AnswerInThreadOut]
    next_cursor: str | None


class AnswerIn(Schema):
    body: str = Field(..., description="Markdown.")


# --- Posts ----------------------------------------------------------------------------


class PostSummaryOut(Schema):
    """A post as a list shows it."""

    id: int
    community: CommunityRefOut
    kind: PostKind
    title: str
    summary: str
    excerpt: str = Field(..., description="The start of the Markdown text.")
    author: PersonRefOut | None
    topics: list[TopicSummaryOut]
    answer_count: int
    comment_count: int
    reactions: ReactionCountsOut
    helpful_total: int
    accepted_answer_id: int | None
    is_resolved: bool = Field(
        ...,
        description="A question with an accepted answer or one found helpful.",
    )
    view_count: int
    created_at: datetime
    edited_at: datetime | None
    last_activity_at: datetime

    @staticmethod
    def resolve_excerpt(post: Post, context: dict[str, Any]) -> str:
        if not _shows_text(post, context):
            return ""
        return post.body_source[:EXCERPT_LENGTH]

    @staticmethod
    def resolve_topics(post: Post) -> list[Any]:
        return list(post.topics.all())

    @staticmethod
    def resolve_reactions(item: Contribution) -> dict[str, int]:
        return _counts(item)


class PostPageOut(Schema):
    items: list[PostSummaryOut]
    next_cursor: str | None


class PostAbilitiesOut(Schema):
    """What the caller may do to this post; each answer is the policy's."""

    edit: bool
    delete: bool
    report: bool
    reply: bool = Field(..., description="Answer (questions) or comment.")
    accept: bool = Field(..., description="Choose the accepted answer.")
    moderate: bool


class PostOut(PostSummaryOut, _ContributionOut):
    """One post, with its text, its accepted answer and what the caller may do."""

    accepted_by: PersonRefOut | None
    accepted_at: datetime | None
    can: PostAbilitiesOut

    @staticmethod
    def resolve_title(post: Post, context: dict[str, Any]) -> str:
        return post.title if _shows_text(post, context) else ""

    @staticmethod
    def resolve_summary(post: Post, context: dict[str, Any]) -> str:
        return post.summary if _shows_text(post, context) else ""

    @staticmethod
    def resolve_can(post: Post, context: dict[str, Any]) -> dict[str, bool]:
        viewer = _viewer(context)
        return {
            **_item_abilities(post, context),
            "reply": permissions.can(viewer, "community.reply", post.community),
            "accept": post.kind == PostKind.QUESTION
            and permissions.can(viewer, "answer.accept", post),
            "moderate": permissions.can(viewer, "community.moderate", post.community),
        }


class CursorQuery(Schema):
    """Which page of a list whose pages have a fixed size."""

    cursor: str | None = None


class PostQuery(PageQuery):
    """The community's posts: newest first, every filter optional."""

    kind: PostKind | None = None
    unanswered: bool = Field(
        False, description="Only questions without an accepted answer."
    )


class PostIn(Schema):
    """A new post. Anything else sent (author_id, community_id,
    accepted_answer, counts...) is ignored."""

    kind: PostKind
    title: str = Field(
        "", description="Required except for notes; at most 300 characters."
    )
    summary: str = Field("", description="Articles only; at most 500 characters.")
    body: str = Field(..., description="Markdown (CommonMark, tables, code).")
    topics: list[str] = Field(
        default_factory=list,
        description=f"Up to {MAX_TOPICS} topic names; unknown ones are created.",
    )


class PostPatch(Schema):
    """What the author or a moderator may change; leave out what stays.

    `topics` replaces the whole list. Other fields are ignored.
    """

    title: str | None = None
    summary: str | None = None
    body: str | None = None
    topics: list[str] | None = None


class ReasonIn(Schema):
    reason: str = Field("", description="Why it is removed; required.")


class AcceptIn(Schema):
    answer_id: int


# --- Reactions ------------------------------------------------------------------------


class ReactionIn(Schema):
    """React to a post, answer or comment; the same again takes it back."""

    target_type: TargetType
    target_id: int
    kind: ReactionKind


class ReactionOut(Schema):
    added: bool = Field(..., description="False when the reaction was taken back.")
    counts: ReactionCountsOut


# --- Revisions ------------------------------------------------------------------------


class RevisionOut(Schema):
    """One version of a text: the oldest is the original. A text never
    edited has one version, the text itself, with no id."""

    id: int | None
    editor: PersonRefOut | None
    title: str
    summary: str
    body_source: str
    created_at: datetime


class RevisionPageOut(Schema):
    items: list[RevisionOut]
    next_cursor: str | None


def blank_revision(revision: Revision) -> Revision:
    """The revision without its text, for a removed item's history."""
    revision.title = revision.summary = revision.body_source = ""
    return revision


# --- Reports --------------------------------------------------------------------------


class ReportIn(Schema):
    target_type: TargetType
    target_id: int
    reason: str = Field(..., description="What is wrong; at most 500 characters.")


class DecisionIn(Schema):
    decision: Literal["hide", "restore", "dismiss"]


class ReportOut(Schema):
    """A report, and what it is about."""

    id: int
    community: CommunityRefOut
    target_type: TargetType
    target_id: int
    post_id: int = Field(..., description="The thread the reported item is in.")
    target_excerpt: str = Field(..., description="The start of the reported text.")
    reporter: PersonRefOut | None
    reason: str
    status: ReportStatus
    created_at: datetime
    decided_at: datetime | None
    decided_by: PersonRefOut | None

    @staticmethod
    def resolve_target_type(report: Report) -> str:
        return type(report.target).__name__.lower()

    @staticmethod
    def resolve_target_id(report: Report) -> int:
        return report.target.pk

    @staticmethod
    def resolve_post_id(report: Report) -> int:
        target = report.target
        return target.pk if isinstance(target, Post) else target.post_id

    @staticmethod
    def resolve_target_excerpt(report: Report, context: dict[str, Any]) -> str:
        target = report.target
        moderates = permissions.can(
            _viewer(context), "community.moderate", report.community
        )
        if target.is_removed and not moderates:
            return ""
        return target.body_source[:EXCERPT_LENGTH]


class ReportPageOut(Schema):
    items: list[ReportOut]
    next_cursor: str | None


# --- Uploads --------------------------------------------------------------------------


class UploadOut(Schema):
    """An uploaded image; put it in Markdown as `![description](url)`."""

    id: int
    url: str
    width: int
    height: int

    @staticmethod
    def resolve_url(upload: Any) -> str:
        return f"/uploads/{upload.pk}/"


# --- Bookmarks and mentions -----------------------------------------------------------


class BookmarkOut(Schema):
    post: PostSummaryOut
    created_at: datetime


class BookmarkPageOut(Schema):
    items: list[BookmarkOut]
    next_cursor: str | None


class BookmarkStateOut(Schema):
    bookmarked: bool


class MentionableOut(Schema):
    """A person one may @mention; `can_read` false means they cannot see
    the community, so a mention would not reach them."""

    id: int
    display_name: str
    handle: str
    can_read: bool

    @staticmethod
    def resolve_id(choice: Any) -> int:
        return int(choice.person.pk)

    @staticmethod
    def resolve_display_name(choice: Any) -> str:
        return str(choice.person.display_name)

    @staticmethod
    def resolve_handle(choice: Any) -> str:
        return str(choice.person.handle)


class MentionQuery(Schema):
    q: str = Field("", max_length=50, description="The start of a name or handle.")
