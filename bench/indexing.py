"""Cached organisations' search index, brought up to date once, and timed.

Organisations cached before the search existed hold no documents, and one
whose indexing was interrupted holds fewer than its posts: `main`, run
inside Commonplace on the cached database itself (`python -m commonplace
shell -c`), indexes it through the search's bulk path with a progress bar,
then refreshes the statistics, and records how long that took. Reindexing
is idempotent, so an interrupted run is simply run again. The generator
indexes what it makes; its figure is recorded here too (`record`).
"""

from __future__ import annotations

import itertools
import json
import time

from bench.figures_log import BENCH_VAR, FiguresLog

_LOG = FiguresLog(BENCH_VAR / "indexing.json")
recorded = _LOG.recorded
record = _LOG.record


def _missing() -> tuple[int, int]:
    """Live posts, and their documents in the index."""
    from commonplace.search import registry
    from commonplace.search.models import SearchDocument

    posts = registry.kind("post").indexable().count()
    return posts, SearchDocument.objects.filter(kind="post").count()


def _reindex() -> dict[str, dict[str, float]]:
    """Every kind, with a bar per kind on the command line; each kind's
    documents and seconds (from the end of the kind before)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    from commonplace.search import services

    columns = (
        TextColumn("Indexing: {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    finished = {"": time.monotonic()}
    with Progress(*columns) as progress:
        bars: dict[str, TaskID] = {}

        def on_batch(kind: str, done: int, total: int) -> None:
            if kind not in bars:
                bars[kind] = progress.add_task(kind, total=total)
            progress.update(bars[kind], completed=done)
            finished[kind] = time.monotonic()

        written = services.reindex(on_batch=on_batch)
    spans = itertools.pairwise(finished.values())
    return {
        kind: {"documents": written[kind], "seconds": end - start}
        for kind, (start, end) in zip(list(finished)[1:], spans, strict=True)
    }


def main(kind: str, posts: int) -> None:
    """Index this cached organisation if its posts are not all indexed."""
    from commonplace.core.bulk import analyse

    live, documents = _missing()
    if documents >= live:
        print(f"Search index up to date: {documents:,} of {live:,} posts.")
        return
    print(f"Indexing for the search: {documents:,} of {live:,} posts indexed.")
    started = time.monotonic()
    kinds = _reindex()
    indexed = time.monotonic()
    analyse()  # PostgreSQL only: SQLite's planner is left without statistics
    figures = {
        "posts": live,
        "kinds": kinds,
        "seconds": indexed - started,
        "analyse_seconds": time.monotonic() - indexed,
        "by": "bench (cached organisation)",
    }
    record(kind, posts, figures)
    print(json.dumps(figures))
