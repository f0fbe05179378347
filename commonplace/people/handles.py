"""Handles: the short name a person is @mentioned by ("@ana.lima").

Display names are not unique and change; a handle is unique, lower-case and
stays, so a mention written today still names the same person tomorrow.
One is made from the display name when a person is first saved.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

MAX_HANDLE_LENGTH = 40
# Room left for a number when the plain handle is taken ("ana.lima12").
BASE_LENGTH = 32
FALLBACK = "person"
HANDLE = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,38}[a-z0-9])?")
# A mention in text: "@" not preceded by a word character or one of
# @ . + - /, so neither an e-mail address ("ops-@example.org") nor a bare
# web address ("https://medium.com/@ana") holds one; a trailing dot ends
# the sentence.
MENTION = re.compile(r"(?<![\w@./+-])@([a-z0-9](?:[a-z0-9._-]{0,38}[a-z0-9])?)", re.I)

# Letters that Unicode does not decompose into a base letter and an accent.
ASCII_SPELLINGS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss"}
    | {"œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}
    | {"þ": "th", "Þ": "TH", "ħ": "h", "Ħ": "H", "\u0131": "i", "ẞ": "SS"}
    | {"'": "", "\u2019": ""}
)


def base_handle(name: str) -> str:
    """ "Ana María Lima" -> "ana.maria.lima": letters and digits joined by dots."""
    decomposed = unicodedata.normalize("NFKD", name.translate(ASCII_SPELLINGS))
    ascii_name = decomposed.lower().encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name)
    handle = ".".join(words)[:BASE_LENGTH].strip(".")
    return handle or FALLBACK


def first_free(base: str, taken: Callable[[str], bool] | Iterable[str]) -> str:
    """`base`, or `base2`, `base3`... whichever is not taken.

    A set is looked into as it is (bulk writers pass one that grows with
    every person; copying it on each call made them quadratic)."""
    if callable(taken):
        is_taken = taken
    elif isinstance(taken, set | frozenset):
        is_taken = taken.__contains__
    else:
        is_taken = set(taken).__contains__
    candidate, number = base, 1
    while is_taken(candidate):
        number += 1
        candidate = f"{base}{number}"
    return candidate
