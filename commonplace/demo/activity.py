"""A year of conversations, at any size: the demo's and the benchmarks'.

For each community, posts are spread over the time it has existed (up to
`days`), by members weighted by a heavy-tailed activity (a few people
write much, most a little); questions get answers, preferably from the
members whose skills cover the question's topics, and those experts keep
answering the same topics; answers are accepted and found helpful;
comments, reactions, @mentions, views and the recent notifications follow.
At the end everything is indexed for the search, through its bulk path.

Everything is decided by a random generator seeded per community, and each
community is written in one transaction through `knowledge.bulk`, so an
interrupted run leaves whole communities behind and running again finishes
the others (`Activity.run` skips communities that already have posts).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from queue import Empty
from typing import Any

from django.db import connections, transaction
from django.urls import reverse

from commonplace.communities.models import Community
from commonplace.core.bulk import analyse, prepare_for_loading, write
from commonplace.demo.circles import Circle, Dice
from commonplace.demo.threads import Chunk, CommunityWriter, Ids, Paragraphs
from commonplace.expertise import services as expertise
from commonplace.knowledge import bulk
from commonplace.knowledge.models import Post
from commonplace.notifications import bulk as notification_bulk
from commonplace.search import services as search

# `on_index(kind, done, total)`: how far indexing for the search has come.
IndexProgress = Callable[[str, int, int], None]

DAYS = 365
# Batches the generating process may plan ahead of the writer.
PLANNED_AHEAD = 4


def _produce(activity: Activity, pending: list[int], ids: Ids, queue: Any) -> None:
    """In the generating process: plan every pending community, in order."""
    try:
        for chunk in activity.chunks(pending, ids):
            queue.put(chunk)
    except BaseException as error:  # the writer must hear of any failure
        queue.put(GenerationFailed(repr(error)))
        raise
    queue.put(None)


class GenerationFailed(Exception):
    """The generating process stopped on an error."""


class Activity:
    """Writes `posts` posts and all that goes with them into `circles`."""

    def __init__(
        self,
        circles: list[Circle],
        *,
        posts: int,
        seed: int,
        now: datetime,
        days: int = DAYS,
    ) -> None:
        self.circles = circles
        self.seed = seed
        self.now = now
        self.days = days
        # How long the last run took to index for the search (seconds).
        self.indexing_seconds = 0.0
        self.paragraphs = Paragraphs(
            lambda pk: reverse("people:person", kwargs={"pk": pk})
        )
        self._share_out(posts)

    def _share_out(self, posts: int) -> None:
        """Posts per community, growing less than linearly with its size."""
        able = [c for c in self.circles if c.writers and len(c.readers) >= 2]
        weights = [len(c.readers) ** 0.8 for c in able]
        total = sum(weights) or 1.0
        for circle, weight in zip(able, weights, strict=True):
            circle.posts = int(posts * weight / total)
        remainder = posts - sum(c.posts for c in able)
        for circle in sorted(able, key=lambda c: -len(c.readers))[:remainder]:
            circle.posts += 1

    @property
    def total(self) -> int:
        return sum(circle.posts for circle in self.circles)

    def _pending(self) -> list[int]:
        """Indexes of the communities to write: those with posts planned and
        none written yet (a finished community is never written again)."""
        done = set(
            Post.objects.filter(community_id__in=[c.id for c in self.circles])
            .values_list("community_id", flat=True)
            .distinct()
        )
        return [
            index
            for index, circle in enumerate(self.circles)
            if circle.posts and circle.id not in done
        ]

    def chunks(self, pending: list[int], ids: Ids) -> Iterator[Chunk]:
        """The rows of the pending communities, batch by batch (no database
        access: this may run in another process)."""
        for index in pending:
            rng = Dice(self.seed * 1_000_003 + index)
            yield from CommunityWriter(self, self.circles[index], rng, ids).chunks()

    def run(
        self,
        advance: Callable[[int], None] | None = None,
        *,
        in_parallel: bool = False,
        on_index: IndexProgress | None = None,
    ) -> int:
        """Write every community not written yet, then index everything for
        the search; return the posts written.

        With `in_parallel`, another process plans the rows while this one
        writes them (where the platform can fork).
        """
        pending = self._pending()
        if advance is not None:
            advance(self.total - sum(self.circles[i].posts for i in pending))
        ids = Ids.from_database()
        if in_parallel and "fork" in multiprocessing.get_all_start_methods():
            chunks = self._from_another_process(pending, ids)
        else:
            chunks = self.chunks(pending, ids)
        written = self._write(chunks, advance)
        self.indexing_seconds = finish(on_index)
        return written

    def _from_another_process(self, pending: list[int], ids: Ids) -> Iterator[Chunk]:
        context = multiprocessing.get_context("fork")
        queue = context.Queue(maxsize=PLANNED_AHEAD)
        # The child plans without the database. Outside a transaction the
        # connections close, so the child holds none; inside one (a test)
        # they stay, and the child, which exits without closing anything,
        # never touches them.
        if not connections["default"].in_atomic_block:
            connections.close_all()
        producer = context.Process(
            target=_produce, args=(self, pending, ids, queue), daemon=True
        )
        producer.start()
        try:
            while True:
                try:
                    chunk = queue.get(timeout=1)
                except Empty:
                    if not producer.is_alive():
                        raise GenerationFailed("The generating process died.") from None
                    continue
                if chunk is None:
                    return
                if isinstance(chunk, GenerationFailed):
                    raise chunk
                yield chunk
        finally:
            # The planner holds nothing worth a clean exit, and the process
            # it was forked from may ignore SIGTERM: stop it outright.
            producer.kill()
            producer.join()

    def _write(
        self, chunks: Iterable[Chunk], advance: Callable[[int], None] | None
    ) -> int:
        """Write chunks, one transaction per community."""
        prepare_for_loading()
        written = 0
        current: int | None = None
        atomic: Any = None
        try:
            for chunk in chunks:
                if chunk.community_id != current:
                    current = chunk.community_id
                    atomic = transaction.atomic()
                    atomic.__enter__()
                for prepared in chunk.rows:
                    write(prepared)
                if chunk.last_activity is not None:
                    Community.objects.filter(pk=chunk.community_id).update(
                        last_activity_at=chunk.last_activity
                    )
                    bulk.finish()
                    notification_bulk.finish()
                    atomic.__exit__(None, None, None)
                    atomic, current = None, None
                written += chunk.posts
                if advance is not None:
                    advance(chunk.posts)
        except BaseException as error:
            if atomic is not None:
                atomic.__exit__(type(error), error, error.__traceback__)
            raise
        return written


def finish(on_index: IndexProgress | None = None) -> float:
    """Index everything written and compute everyone's expertise (the bulk
    writers bypass the services that schedule both, so nothing would be
    found otherwise), then refresh the statistics, the new documents
    included; returns the seconds the indexing took, a figure worth
    reporting at a million posts.

    Indexing is idempotent: a run finishing an interrupted one redoes it.
    """
    started = time.monotonic()
    search.reindex(on_batch=on_index)
    indexing = time.monotonic() - started
    expertise.rebuild()
    # Without fresh statistics PostgreSQL planned a community's newest
    # posts as a scan and sort of all its posts (67 ms at a million).
    analyse()
    return indexing
