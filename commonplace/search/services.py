"""Keeping the search index in step with what people write.

Writers do not index: a service that changes searchable text calls
`schedule_indexing` in its transaction, and the task reads the thing as it
is when it runs (so running it twice, or after a later edit, is harmless).
The generator and importers call `index` on whole batches; `reindex`
rebuilds every kind, resumably, for the `reindex` command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from commonplace.core.bulk import analyse
from commonplace.search import registry
from commonplace.search.models import SearchDocument

BATCH_SIZE = 500
Progress = Callable[[int], None]


def schedule_indexing(*, kind: str, ids: Iterable[int]) -> None:
    """Index these things of `kind` after the current transaction commits."""
    from commonplace.search.tasks import index_documents

    wanted = sorted(set(ids))
    if wanted:
        registry.kind(kind)  # a typo fails here, not later in a worker
        index_documents.enqueue(kind=kind, ids=wanted)


@transaction.atomic
def index(*, kind: str, ids: Sequence[int]) -> int:
    """Write the documents of these ids, removing those that should no
    longer be found; returns how many documents were written."""
    searchable = registry.kind(kind)
    now = timezone.now()
    documents = [
        SearchDocument(
            kind=kind,
            object_id=document.object_id,
            title=document.title,
            body=document.body,
            replies=document.replies,
            created_at=document.created_at or now,
            indexed_at=now,
        )
        for document in searchable.documents(ids)
    ]
    kept = {document.object_id for document in documents}
    gone = [pk for pk in ids if pk not in kept]
    if gone:
        SearchDocument.objects.filter(kind=kind, object_id__in=gone).delete()
    SearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["title", "body", "replies", "indexed_at"],
    )
    return len(documents)


def reindex(
    kinds: Sequence[str] | None = None,
    *,
    on_batch: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Index every thing of these kinds (all by default), batch by batch in
    id order, each batch its own transaction: an interrupted run leaves a
    correct index and a rerun redoes it. Documents of things that no longer
    exist are dropped. `on_batch(kind, done, total)` reports progress.

    PostgreSQL's statistics of the index are refreshed at the end: its
    estimate of how many documents there are is what the scores' rarity of
    a term is measured against, and a stale one (left by a table that
    since grew or shrank) would rank the same index differently."""
    written = {}
    for name in kinds or [kind.name for kind in registry.kinds()]:
        ids = list(
            registry.kind(name).indexable().order_by("pk").values_list("pk", flat=True)
        )
        _drop_orphans(name, set(ids))
        written[name] = 0
        for start in range(0, len(ids), BATCH_SIZE):
            written[name] += index(kind=name, ids=ids[start : start + BATCH_SIZE])
            if on_batch:
                on_batch(name, min(start + BATCH_SIZE, len(ids)), len(ids))
    analyse(SearchDocument)
    return written


def _drop_orphans(kind: str, indexable: set[int]) -> None:
    indexed = SearchDocument.objects.filter(kind=kind).values_list(
        "object_id", flat=True
    )
    orphans = [pk for pk in indexed.iterator() if pk not in indexable]
    for start in range(0, len(orphans), BATCH_SIZE):
        SearchDocument.objects.filter(
            kind=kind, object_id__in=orphans[start : start + BATCH_SIZE]
        ).delete()


def forget(*, kind: str, ids: Sequence[int]) -> None:
    """Remove these things' documents now: for erasure, where no copy of the
    text may stay until a task runs."""
    SearchDocument.objects.filter(kind=kind, object_id__in=list(ids)).delete()
