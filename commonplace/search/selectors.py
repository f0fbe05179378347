"""Searching, narrowed to what the viewer may see.

Every search is one ranked SQL statement per kind with the kind's visible
rows joined in, then one load of the rows shown: so a page is as full as
the matches the viewer may see allow, and nothing else is ranked, counted
or revealed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Model
from django.utils.dateparse import parse_datetime
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.core.errors import Message
from commonplace.core.pagination import (
    Page,
    bad_cursor,
    check_size,
    decode_cursor,
    encode_cursor,
)
from commonplace.search import registry
from commonplace.search.backends import Position, Ranked, backend
from commonplace.search.query import ParsedQuery, SearchError, parse
from commonplace.search.registry import Filters, SearchableKind
from commonplace.search.snippets import highlight

ORDERS = ("relevance", "newest")
SUGGESTED_KINDS = ("person", "community", "topic")
SUGGESTIONS_PER_KIND = 3
SIMILAR_QUESTIONS = 5
# Words the "search for word*" hint is given for: a longer one is no
# unfinished word.
MIN_HINTED_LENGTH, MAX_HINTED_LENGTH = 3, 30


@dataclass(frozen=True)
class Hit:
    """One result: the thing, where it links, and its text with the
    searched words marked (escaped)."""

    kind: str
    item: Any
    url: str
    title: SafeString
    snippet: SafeString
    score: float


@dataclass(frozen=True)
class Results:
    query: ParsedQuery
    page: Page[Hit]
    notes: tuple[Message, ...] = field(default=())


def search(
    viewer: permissions.Viewer,
    text: str,
    *,
    kind: str = "post",
    filters: Filters = Filters(),  # noqa: B008 - frozen, never changed
    order: str = "relevance",
    cursor: str | None = None,
    size: int = 20,
) -> Results:
    """One page of `kind` matching `text`, as the viewer may see them.

    A filter that does not apply to the kind (a community for people)
    finds nothing rather than being ignored. SearchError for a query that
    cannot be searched; InvalidInput for a bad order, size or cursor.
    """
    check_size(size)
    if order not in ORDERS:
        choices = _("Choose one of: %(orders)s.") % {"orders": ", ".join(ORDERS)}
        raise SearchError(choices, fields={"order": [choices]})
    query = parse(text)
    searchable = registry.kind(kind)
    newest = order == "newest"
    after = _position(cursor, newest) if cursor else None
    if not searchable.supports(filters):
        return Results(query, Page([], None), query.notes)
    ranked = backend().ranked(
        query,
        kind=kind,
        visible=searchable.visible(viewer, filters),
        newest=newest,
        after=after,
        size=size + 1,
    )
    hits = _hits(searchable, query, ranked[:size])
    next_cursor = _cursor(ranked[size - 1], newest) if len(ranked) > size else None
    notes = query.notes if hits or cursor else (*query.notes, *_hint(query))
    return Results(query, Page(hits, next_cursor), notes)


def _hint(query: ParsedQuery) -> tuple[Message, ...]:
    """For a search that found nothing: the last word may be unfinished
    (suggestions complete it as one types; a search matches whole words)."""
    last = query.included[-1]
    hinted = MIN_HINTED_LENGTH <= len(last.words[0]) <= MAX_HINTED_LENGTH
    if last.prefix or last.is_phrase or not hinted:
        return ()
    return (
        _("To find words that start with “%(word)s”, search for %(word)s*.")
        % {"word": last.words[0]},
    )


def suggest(
    viewer: permissions.Viewer, text: str, *, per_kind: int = SUGGESTIONS_PER_KIND
) -> list[Hit]:
    """People, communities and topics as a name is typed: the last word is
    taken as unfinished, and names also match by similarity where the
    database can. Empty when nothing can be searched yet."""
    try:
        query = parse(text, prefix_last=True)
    except SearchError:
        return []
    hits: list[Hit] = []
    for name in SUGGESTED_KINDS:
        searchable = registry.kind(name)
        ranked = backend().ranked(
            query,
            kind=name,
            visible=searchable.visible(viewer, Filters()),
            size=per_kind,
            fuzzy=query.text if searchable.fuzzy_title else "",
        )
        hits.extend(_hits(searchable, query, ranked))
    return hits


def similar_questions(
    viewer: permissions.Viewer,
    title: str,
    *,
    before: datetime | None = None,
    size: int = SIMILAR_QUESTIONS,
) -> list[Hit]:
    """Questions like one whose title is being typed, best first: any of
    its words may match. `before` keeps to questions asked before then (the
    relevance evaluation asks as of a question's own time)."""
    found = _similar(viewer, title, before=before, size=size)
    if found is None:
        return []
    query, ranked = found
    return _hits(registry.kind("post"), query, ranked)


def scored_questions(
    viewer: permissions.Viewer,
    text: str,
    *,
    before: datetime | None = None,
    size: int = SIMILAR_QUESTIONS,
) -> list[tuple[int, float]]:
    """The ids and scores of the questions most like `text`, best first,
    as similar questions finds them, without loading the questions: for
    readers that need only which questions and how alike (the expertise
    ranker)."""
    found = _similar(viewer, text, before=before, size=size)
    return [] if found is None else [(hit.object_id, hit.score) for hit in found[1]]


def similar(
    viewer: permissions.Viewer,
    text: str,
    *,
    kind: str,
    filters: Filters = Filters(),  # noqa: B008 - frozen, never changed
    size: int = SIMILAR_QUESTIONS,
) -> list[Hit]:
    """Things of `kind` like one being written (any of its words may
    match), best first, among those the viewer may see: similar ideas
    while an idea is typed."""
    found = _similar(viewer, text, kind=kind, filters=filters, before=None, size=size)
    if found is None:
        return []
    query, ranked = found
    return _hits(registry.kind(kind), query, ranked)


def _similar(
    viewer: permissions.Viewer,
    text: str,
    *,
    before: datetime | None,
    size: int,
    kind: str = "post",
    filters: Filters = Filters(post_kind="question"),  # noqa: B008 - frozen
) -> tuple[ParsedQuery, list[Ranked]] | None:
    """Any of the words of `text` (the first MAX_TERMS, common words out),
    among the things (questions unless told) the viewer may see; None when
    no word is left."""
    try:
        query = parse(text, any_term=True)
    except SearchError:
        return None
    engine = backend()
    query = engine.without_common_terms(query)
    visible = registry.kind(kind).visible(viewer, filters)
    if before is not None:
        visible = visible.filter(created_at__lt=before)
    return query, engine.ranked(query, kind=kind, visible=visible, size=size)


def _hits(
    searchable: SearchableKind, query: ParsedQuery, ranked: list[Ranked]
) -> list[Hit]:
    """The rows of the ranked documents, in rank order; a row gone since
    ranking (deleted a moment ago) is left out."""
    rows: dict[int, Model] = {
        row.pk: row for row in searchable.rows([found.object_id for found in ranked])
    }
    return [
        Hit(
            kind=searchable.name,
            item=rows[found.object_id],
            url=searchable.url(rows[found.object_id]),
            title=highlight(found.title, query, length=None),
            snippet=highlight(found.body, query),
            score=found.score,
        )
        for found in ranked
        if found.object_id in rows
    ]


def _cursor(last: Ranked, newest: bool) -> str:
    if newest:
        return encode_cursor([last.created_at.isoformat(), last.object_id])
    return encode_cursor([last.score, last.object_id])


def _position(cursor: str, newest: bool) -> Position:
    first, object_id = decode_cursor(cursor, 2)
    if not isinstance(object_id, int):
        raise bad_cursor()
    if newest:
        try:
            moment = parse_datetime(first) if isinstance(first, str) else None
        except ValueError:
            moment = None
        if moment is None:
            raise bad_cursor()
        return Position(object_id=object_id, created_at=moment)
    if not isinstance(first, int | float):
        raise bad_cursor()
    return Position(object_id=object_id, score=float(first))
