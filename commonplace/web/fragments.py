"""Rendered fragments kept in the process, by the exact content they show.

A list page spends most of its time rendering the same cards again. A card
whose key holds everything it shows (ids, texts, counts, the language and
the time zone) can be reused until one of those changes, and then it
simply gets a new key: nothing is ever invalidated, so every process may
keep its own copy and they never disagree. Only fragments that depend on
nothing about the viewer beyond language and time zone belong here; the
lists around them still decide, in their queries, what the viewer sees.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.utils import timezone, translation
from django.utils.safestring import SafeString


class Fragments:
    """At most `size` rendered fragments, the least recently used dropped."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._kept: OrderedDict[Hashable, SafeString] = OrderedDict()

    def get_or_render(
        self, key: Hashable, render: Callable[[], SafeString]
    ) -> SafeString:
        """The fragment for `key` in the active language and time zone."""
        full_key = (
            key,
            translation.get_language(),
            timezone.get_current_timezone_name(),
        )
        with self._lock:
            kept = self._kept.get(full_key)
            if kept is not None:
                self._kept.move_to_end(full_key)
                return kept
        rendered = render()
        with self._lock:
            self._kept[full_key] = rendered
            if len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return rendered

    def __len__(self) -> int:
        return len(self._kept)
