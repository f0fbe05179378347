"""Page views and "top this week": counted without a write per view.

Each web process counts views in memory and, every 30 seconds or 500
views, hands the batch to a task that adds it to the posts in one
transaction. The buffer belongs to its process and nothing else reads it,
so several processes each flush their own; a process that dies loses at
most its unflushed views, which a view count can afford.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from commonplace.core.models import AppliedBatch
from commonplace.knowledge import tasks
from commonplace.knowledge.models import Post
from commonplace.knowledge.services.common import TRENDING_DAYS, trending_score

FLUSH_EVERY_SECONDS = 30.0
FLUSH_AT_VIEWS = 500


class ViewBuffer:
    """Views counted in this process since the last flush."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[int] = Counter()
        self._since = time.monotonic()

    def add(self, post_id: int) -> dict[int, int] | None:
        """Count a view; return the batch to flush when one is due."""
        with self._lock:
            self._counts[post_id] += 1
            now = time.monotonic()
            due = (
                self._counts.total() >= FLUSH_AT_VIEWS
                or now - self._since >= FLUSH_EVERY_SECONDS
            )
            if not due:
                return None
            batch = dict(self._counts)
            self._counts.clear()
            self._since = now
            return batch


_buffer = ViewBuffer()


def record_view(post_id: int) -> None:
    """Count one page view of a post; cheap, and never a write by itself."""
    batch = _buffer.add(post_id)
    if batch is not None:
        with transaction.atomic():
            tasks.add_views.enqueue(
                batch=uuid.uuid4().hex,
                counts={str(post): views for post, views in batch.items()},
            )


@transaction.atomic
def add_views(*, batch: str, counts: Mapping[str, int]) -> bool:
    """Add a batch of views to posts, once per batch key; True if applied.

    Posts with the same number of new views share one UPDATE, so a batch
    costs a few statements whatever its size.
    """
    try:
        with transaction.atomic():
            AppliedBatch.objects.create(key=f"views:{batch}")
    except IntegrityError:
        return False
    by_views: defaultdict[int, list[int]] = defaultdict(list)
    for post_id, views in counts.items():
        if views > 0:
            by_views[views].append(int(post_id))
    for views, post_ids in by_views.items():
        Post.objects.filter(pk__in=post_ids).update(view_count=F("view_count") + views)
        Post.objects.filter(pk__in=post_ids).update(trending_score=trending_score())
    return True


def expire_trending() -> int:
    """Drop posts older than a week out of "top this week"; return how many."""
    since = timezone.now() - timedelta(days=TRENDING_DAYS)
    return Post.objects.filter(trending_score__gt=0, created_at__lt=since).update(
        trending_score=0
    )
