"""The registry of searchable kinds.

A kind says how its things become documents (three weighted fields), which
of them a viewer may see (as a queryset, joined into every search so that
pages stay full and nothing invisible is counted or ranked), which filters
apply to it and where a result links. Apps register their kinds in their
`searching.py`; the backends know nothing of any kind, so ideas or decision
records plug in without touching them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise

if TYPE_CHECKING:
    from commonplace.permissions import Viewer

# Filters a kind may support; a search with a filter its kind does not
# support finds nothing of that kind rather than ignoring the filter.
FILTERS = ("community", "topic", "author", "after", "before", "status", "post_kind")


@dataclass(frozen=True)
class Document:
    """The text of one thing, as the index holds it."""

    object_id: int
    title: str
    body: str = ""
    replies: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True)
class Filters:
    """What narrows a search, already checked to name real things."""

    community_id: int | None = None
    topic_id: int | None = None
    author_id: int | None = None
    after: date | None = None
    before: date | None = None
    # "answered", "unanswered" or "accepted".
    status: str = ""
    post_kind: str = ""

    def used(self) -> set[str]:
        values = {
            "community": self.community_id,
            "topic": self.topic_id,
            "author": self.author_id,
            "after": self.after,
            "before": self.before,
            "status": self.status,
            "post_kind": self.post_kind,
        }
        return {name for name, value in values.items() if value}


@dataclass(frozen=True)
class SearchableKind:
    """One kind of thing the search box finds.

    - `documents(ids)`: the documents of those ids that should be found;
      an id left out (deleted, hidden, merged) leaves the index.
    - `indexable()`: the ids of everything to index, for a full reindex.
    - `visible(viewer, filters)`: the rows the viewer may see, narrowed by
      the filters, as a queryset the search joins on its primary key.
    - `rows(ids)`: the rows to show, with what a result shows loaded.
    - `fuzzy_title`: names, matched by trigrams on PostgreSQL as typed.
    """

    name: str
    label: str | Promise
    model: type[Model]
    documents: Callable[[Sequence[int]], Iterable[Document]]
    indexable: Callable[[], QuerySet[Any, Any]]
    visible: Callable[[Viewer, Filters], QuerySet[Any]]
    rows: Callable[[Sequence[int]], QuerySet[Any]]
    url: Callable[[Any], str]
    filters: frozenset[str] = frozenset()
    fuzzy_title: bool = False

    def supports(self, filters: Filters) -> bool:
        return filters.used() <= self.filters


_KINDS: dict[str, SearchableKind] = {}


def register(kind: SearchableKind) -> SearchableKind:
    if kind.name in _KINDS:
        raise ValueError(f"The searchable kind {kind.name!r} already exists")
    unknown = kind.filters - set(FILTERS)
    if unknown:
        raise ValueError(f"Unknown filters for {kind.name!r}: {sorted(unknown)}")
    _KINDS[kind.name] = kind
    return kind


def kind(name: str) -> SearchableKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No searchable kind {name!r} is registered") from None


def kinds() -> list[SearchableKind]:
    """Every registered kind, in the order they were registered."""
    return list(_KINDS.values())


def kind_of(model: type[Model]) -> SearchableKind:
    """The kind whose things are rows of `model`."""
    for registered in _KINDS.values():
        if registered.model is model:
            return registered
    raise LookupError(f"No searchable kind for {model.__name__}")
