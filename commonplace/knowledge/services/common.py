"""What every conversation write shares: clean text, topics, counters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace.communities.models import Community
from commonplace.core.errors import Conflict, InvalidInput
from commonplace.expertise.services import schedule_thread_refresh
from commonplace.knowledge.models import (
    MAX_BODY_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    MAX_TOPICS,
    Answer,
    Comment,
    Post,
    PostKind,
    Revision,
)
from commonplace.people.models import User
from commonplace.search.services import schedule_indexing
from commonplace.topics.services import find_or_create_topics

Contribution = Post | Answer | Comment
TITLED_KINDS = (PostKind.DISCUSSION, PostKind.QUESTION, PostKind.ARTICLE)
# How long a post stays in "top this week", and what its score is made of.
TRENDING_DAYS = 7
HELPFUL_WEIGHT = 5
ANSWER_WEIGHT = 3
VIEWS_PER_POINT = 10


def invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def readable(text: str) -> str:
    """Text with NUL replaced, as CommonMark does: no database text column
    holds it, and it is never meaningful in what people write."""
    return text.replace("\x00", "\ufffd")


def clean_body(text: str, *, limit: int = MAX_BODY_LENGTH) -> str:
    body = readable(text).strip()
    if not body:
        raise invalid("body", _("Write something first."))
    if len(body) > limit:
        raise invalid("body", _("At most %(max)d characters.") % {"max": limit})
    return body


def clean_post_fields(kind: str, title: str, summary: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    if kind not in PostKind.values:
        errors["kind"] = [_("Choose one of the kinds of post.")]
    title = " ".join(readable(title).split())
    if len(title) > MAX_TITLE_LENGTH:
        errors["title"] = [
            _("A title has at most %(max)d characters.") % {"max": MAX_TITLE_LENGTH}
        ]
    elif kind in TITLED_KINDS and not title:
        errors["title"] = [_("Give it a title that says what it is about.")]
    summary = readable(summary).strip()
    if len(summary) > MAX_SUMMARY_LENGTH:
        errors["summary"] = [
            _("At most %(max)d characters.") % {"max": MAX_SUMMARY_LENGTH}
        ]
    if errors:
        raise InvalidInput(_("Some of the values are not valid."), fields=errors)
    return title, summary if kind == PostKind.ARTICLE else ""


def topics_named(names: list[str]) -> list[Any]:
    """Distinct topics for the names; call inside the writing transaction,
    which a refusal rolls back with any topic created on the way."""
    try:
        topics = find_or_create_topics(names)
    except InvalidInput as error:
        raise invalid("topics", str(error.message)) from None
    if len(topics) > MAX_TOPICS:
        message = _("Choose at most %(max)d topics.") % {"max": MAX_TOPICS}
        raise invalid("topics", message)
    return topics


def touch(community_id: int, post_id: int | None = None) -> None:
    now = timezone.now()
    Community.objects.filter(pk=community_id).update(last_activity_at=now)
    if post_id is not None:
        Post.objects.filter(pk=post_id).update(last_activity_at=now)


def target_field(item: Contribution) -> str:
    return type(item).__name__.lower()


def keep_original(item: Contribution) -> None:
    """Before a text's first edit, keep the version its author wrote.

    A text never edited has no revision rows (its one version is itself),
    which spares a write on every post, answer and comment; call this
    before changing the item, then `revise` after.
    """
    if Revision.objects.filter(**{target_field(item): item}).exists():
        return
    Revision.objects.create(
        **{target_field(item): item},
        editor_id=item.author_id,
        title=getattr(item, "title", ""),
        summary=getattr(item, "summary", ""),
        body_source=item.body_source,
        created_at=item.created_at,
    )


def revise(item: Contribution, editor: User) -> None:
    """Keep the version an edit just made."""
    Revision.objects.create(
        **{target_field(item): item},
        editor=editor,
        title=getattr(item, "title", ""),
        summary=getattr(item, "summary", ""),
        body_source=item.body_source,
    )


def require_open(item: Contribution, message: str) -> None:
    if item.is_removed:
        raise Conflict(message)


def trending_score(answers: Expression | None = None) -> Case:
    """The "top this week" score as a database expression of a post's own
    counters: helpful reactions, answers and views, for a week, then 0.

    `answers` stands in for the stored answer count where one statement
    sets both (an UPDATE reads the values from before it)."""
    since = timezone.now() - timedelta(days=TRENDING_DAYS)
    points = (
        Value(1)
        + HELPFUL_WEIGHT * (F("helpful_count") + F("imported_helpful_count"))
        + ANSWER_WEIGHT * (F("answer_count") if answers is None else answers)
        + F("view_count") / VIEWS_PER_POINT
    )
    return Case(When(created_at__gte=since, then=points), default=Value(0))


def reindex_thread(item: Post | Answer | Comment) -> None:
    """Search finds a post by its live replies too, so any change to the
    thread's text or to what is removed in it reindexes the post. The same
    changes to a post or an answer (written, removed, restored; topics
    edited) move the expertise of the thread's people; comments count
    toward no one's expertise."""
    post_id = item.pk if isinstance(item, Post) else item.post_id
    schedule_indexing(kind="post", ids=[post_id])
    if not isinstance(item, Comment):
        schedule_thread_refresh(post_id)


def refresh_standing(post_id: int) -> None:
    """Recompute a post's score and whether it is resolved, from its rows.

    A question is resolved by an accepted answer that still stands, or by
    a live answer someone found helpful; the unanswered lists leave
    resolved ones out.
    """
    refresh_standing_of(Post.objects.filter(pk=post_id))


def refresh_standing_of(posts: QuerySet[Post]) -> int:
    """`refresh_standing` for many posts in one statement."""
    return posts.update(**standing())


def standing(answers: Expression | None = None) -> dict[str, Expression]:
    """The expressions `refresh_standing` sets: whether a post is resolved,
    and its score (see `trending_score` for `answers`)."""
    live = Answer.objects.filter(deleted_at__isnull=True, hidden_at__isnull=True)
    accepted = live.filter(pk=OuterRef("accepted_answer"))
    helped = live.filter(post=OuterRef("pk")).filter(
        Q(helpful_count__gt=0) | Q(imported_helpful_count__gt=0)
    )
    resolved = ExpressionWrapper(
        Q(Exists(accepted)) | Q(Exists(helped)), output_field=BooleanField()
    )
    return {"is_resolved": resolved, "trending_score": trending_score(answers)}
