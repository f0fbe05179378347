"""The bulk path of conversations: many threads at once, for the generator
and importers.

Rows arrive complete, with the counters the services would keep (answer
and comment counts, reaction counts, the accepted answer, whether the
question is resolved, the score) and with their HTML already made by
`knowledge.markdown.render`. Texts that were never edited have no
revisions (`Revision`); an importer that knows earlier versions writes
them with `prepare_revisions`.

Call inside a transaction, while nothing else writes to these tables
(`core.bulk`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from operator import attrgetter
from typing import Any

from django.db import connection
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from commonplace.core import bulk
from commonplace.knowledge.models import (
    Answer,
    Comment,
    Mention,
    Post,
    PostLink,
    Reaction,
    Revision,
)
from commonplace.knowledge.services.common import standing


@dataclass(slots=True)
class PostRow:
    id: int
    community_id: int
    author_id: int | None
    kind: str
    title: str
    summary: str
    body_source: str
    body_html: str
    created_at: datetime
    last_activity_at: datetime
    answer_count: int = 0
    comment_count: int = 0
    helpful_count: int = 0
    insightful_count: int = 0
    thanks_count: int = 0
    imported_helpful_count: int = 0
    accepted_answer_id: int | None = None
    accepted_by_id: int | None = None
    accepted_at: datetime | None = None
    is_resolved: bool = False
    view_count: int = 0
    trending_score: int = 0
    edited_at: datetime | None = None


@dataclass(slots=True)
class TextRow:
    """What answers and comments have in common."""

    id: int
    post_id: int
    author_id: int | None
    body_source: str
    body_html: str
    created_at: datetime
    helpful_count: int = 0
    insightful_count: int = 0
    thanks_count: int = 0
    imported_helpful_count: int = 0
    edited_at: datetime | None = None


@dataclass(slots=True)
class AnswerRow(TextRow):
    pass


@dataclass(slots=True)
class CommentRow(TextRow):
    # Set when the comment is on an answer of the post.
    answer_id: int | None = None


@dataclass(slots=True)
class ReactionRow:
    person_id: int
    kind: str
    post_id: int | None
    answer_id: int | None
    comment_id: int | None
    created_at: datetime


@dataclass(slots=True)
class MentionRow:
    person_id: int
    post_id: int | None
    answer_id: int | None
    comment_id: int | None
    created_at: datetime


def _names(row_type: type) -> list[str]:
    return [field.name for field in fields(row_type)]


def _tuples(rows: Sequence[object]) -> Iterable[tuple[object, ...]]:
    """Each row's values in field order (dataclasses.astuple deep-copies,
    which costs more than the insert itself)."""
    if not rows:
        return ()
    values = attrgetter(*_names(type(rows[0])))
    return (values(row) for row in rows)


def prepare_posts(
    rows: Sequence[PostRow], topics: Iterable[tuple[int, int]]
) -> list[bulk.Prepared]:
    """Posts and their (post id, topic id) pairs."""
    return [
        bulk.prepare(Post, _names(PostRow), _tuples(rows)),
        bulk.prepare(Post.topics.through, ["post_id", "topic_id"], topics),
    ]


def prepare_answers(rows: Sequence[AnswerRow]) -> bulk.Prepared:
    return bulk.prepare(Answer, _names(AnswerRow), _tuples(rows))


def prepare_comments(rows: Sequence[CommentRow]) -> bulk.Prepared:
    return bulk.prepare(Comment, _names(CommentRow), _tuples(rows))


def prepare_reactions(rows: Sequence[ReactionRow]) -> bulk.Prepared:
    return bulk.prepare(Reaction, _names(ReactionRow), _tuples(rows))


def prepare_mentions(rows: Sequence[MentionRow]) -> bulk.Prepared:
    return bulk.prepare(Mention, _names(MentionRow), _tuples(rows))


def finish() -> None:
    """After the last insert: sequences continue after the ids written."""
    # Only these are written with ids chosen here; the others take theirs
    # from their sequences.
    bulk.reset_sequences(Post, Answer, Comment)


@dataclass(slots=True)
class LinkRow:
    from_post_id: int
    to_post_id: int
    kind: str
    created_at: datetime


@dataclass(slots=True)
class RevisionRow:
    post_id: int | None
    answer_id: int | None
    editor_id: int | None
    title: str
    summary: str
    body_source: str
    created_at: datetime


def prepare_links(rows: Sequence[LinkRow]) -> bulk.Prepared:
    return bulk.prepare(PostLink, _names(LinkRow), _tuples(rows))


def prepare_revisions(rows: Sequence[RevisionRow]) -> bulk.Prepared:
    return bulk.prepare(Revision, _names(RevisionRow), _tuples(rows))


def _count(model: type[Answer] | type[Comment]) -> Coalesce:
    counted = (
        model.objects.filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted), Value(0))


def _latest(model: type[Answer] | type[Comment]) -> Subquery:
    return Subquery(
        model.objects.filter(post=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )


def refresh_threads(post_ids: Sequence[int]) -> int:
    """Recompute what the services keep on each post from its rows: answer
    and comment counts, when it was last active, whether it is resolved.

    For writers that bring a thread's parts in separate passes (an import
    reads posts, then comments, then votes). Returns the posts changed.
    """
    answers = _count(Answer)
    return Post.objects.filter(pk__any_of=post_ids).update(
        answer_count=answers,
        comment_count=_count(Comment),
        last_activity_at=Greatest(
            "created_at",
            Coalesce(_latest(Answer), "created_at"),
            Coalesce(_latest(Comment), "created_at"),
        ),
        **standing(answers),
    )


def set_accepted(choices: Sequence[tuple[int, int, datetime]]) -> None:
    """Accept answers: (question id, answer id, when), the asker accepting.

    One statement run for every choice (a CASE over a batch costs the
    database time that grows with the square of its size).
    """
    if not choices:
        return
    table = connection.ops.quote_name(Post._meta.db_table)
    statement = (
        f"UPDATE {table} SET accepted_answer_id = %s, "  # noqa: S608 - model names
        "accepted_by_id = author_id, accepted_at = %s WHERE id = %s"
    )
    moment = Post._meta.get_field("accepted_at")
    with connection.cursor() as cursor:
        cursor.executemany(
            statement,
            [
                (answer, moment.get_db_prep_value(when, connection), question)
                for question, answer, when in choices
            ],
        )


def forget_single_versions(post_ids: Sequence[int]) -> None:
    """Remove the revision of texts that have only one (never edited): a
    text's one version is the text itself (see `Revision`)."""
    for field in ("post", "answer"):
        singles = (
            Revision.objects.filter(**{f"{field}__in": _targets(field, post_ids)})
            .values(field)
            .annotate(versions=Count("pk"))
            .filter(versions=1)
            .values(field)
        )
        Revision.objects.filter(**{f"{field}__in": singles}).delete()


def _targets(field: str, post_ids: Sequence[int]) -> Any:
    if field == "post":
        return Post.objects.filter(pk__any_of=post_ids).values("pk")
    return Answer.objects.filter(post__any_of=post_ids).values("pk")
