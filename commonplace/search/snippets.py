"""Snippets: a short window of a result's text with the searched words marked.

Made here, not by the engines, so both backends show the same thing and the
text is escaped by one function before any `<mark>` goes in: no HTML from
what people wrote ever reaches the page through a snippet.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from commonplace.search.query import ParsedQuery, fold

WORD = re.compile(r"[^\W_]+")
SNIPPET_LENGTH = 220
# Context kept before the first marked word.
LEAD = 60
SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ers", "ed", "es", "er", "ly", "s")
MIN_STEM = 3


def stem(word: str) -> str:
    """A crude stem, so "deploying" is marked for "deploy": the engines stem
    properly when matching; this only decides what to mark."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def _matcher(query: ParsedQuery) -> Callable[[str], bool]:
    exact = set()
    prefixes = []
    for word, is_prefix in query.highlighted():
        if is_prefix:
            prefixes.append(word)
        else:
            exact.add(stem(word))
    known: dict[str, bool] = {}

    def matches(word: str) -> bool:
        # A text repeats its words: each is folded and stemmed once.
        if word not in known:
            folded = word.lower() if word.isascii() else fold(word)
            known[word] = stem(folded) in exact or folded.startswith(tuple(prefixes))
        return known[word]

    return matches


def highlight(
    text: str, query: ParsedQuery, *, length: int | None = SNIPPET_LENGTH
) -> SafeString:
    """`text` (cut to a window of about `length` around the first match, or
    whole when `length` is None), escaped, with matching words in <mark>."""
    matches = _matcher(query)
    text = " ".join(text.split())
    spans = [word.span() for word in WORD.finditer(text) if matches(word.group())]
    start, end = 0, len(text)
    if length is not None and len(text) > length:
        start = _window_start(text, spans[0][0]) if spans else 0
        end = min(len(text), start + length)
        end = _word_end(text, end)
    pieces = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def _window_start(text: str, first_match: int) -> int:
    if first_match <= LEAD:
        return 0
    space = text.rfind(" ", 0, first_match - LEAD)
    return space + 1 if space >= 0 else first_match - LEAD


def _word_end(text: str, end: int) -> int:
    """`end`, moved to the end of the word it falls in (unless that word
    runs on, as text without spaces does)."""
    space = text.find(" ", end)
    if space < 0:
        space = len(text)
    return space if space - end <= LEAD else end
