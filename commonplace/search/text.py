"""Plain text for the index, from the sanitised HTML the services store."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

TAG = re.compile(r"<[^>]*>")
# Enough of a long thread's replies to be found by; the rest adds little.
MAX_REPLIES_LENGTH = 20_000


def plain(body_html: str) -> str:
    """The words of sanitised HTML (never user HTML: nh3 made it), one space
    where each tag was, so words on either side stay apart."""
    return " ".join(html.unescape(TAG.sub(" ", body_html)).split())


def joined(texts: Iterable[str], limit: int = MAX_REPLIES_LENGTH) -> str:
    """`texts` one after another, cut at `limit` characters."""
    kept: list[str] = []
    length = 0
    for text in texts:
        if length >= limit:
            break
        kept.append(text[: limit - length])
        length += len(kept[-1]) + 1
    return "\n".join(kept)
