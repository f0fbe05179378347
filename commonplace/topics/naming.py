"""How a typed topic name becomes its key and slug."""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import slugify

MAX_NAME_LENGTH = 50
# Characters that carry meaning inside technical names: C++, C#, Node.js.
MEANINGFUL_SYMBOLS = "+#."
SEPARATORS = re.compile(r"[\s_\-/]+")
SYMBOL_WORDS = {"+": "plus", "#": "sharp", ".": " "}
# Paths under /topics/ that a topic's own page must never shadow.
RESERVED_SLUGS = frozenset({"suggest"})


def display_name(raw: str) -> str:
    """The name as written, with spacing tidied and no closing full stop."""
    text = unicodedata.normalize("NFKC", raw)
    # Control characters (NUL, escapes) have no place in a name.
    text = "".join(
        char for char in text if unicodedata.category(char) != "Cc" or char.isspace()
    )
    return " ".join(text.strip().rstrip(".").split())


def topic_key(raw: str) -> str:
    """The normalised form two spellings of one topic share.

    Case, spacing, hyphens and underscores do not matter; punctuation is
    dropped except the symbols that make C++ differ from C.
    """
    text = unicodedata.normalize("NFKC", raw).casefold()
    text = SEPARATORS.sub(" ", text)
    kept = "".join(
        char
        for char in text
        if char.isalnum() or char == " " or char in MEANINGFUL_SYMBOLS
    )
    # A trailing full stop ends a sentence; a leading one is .NET's.
    return " ".join(kept.split()).rstrip(".")


def is_meaningful(key: str) -> bool:
    """Whether a key names something: "+++" or "#" alone is only punctuation."""
    return any(char.isalnum() for char in key)


def topic_slug(key: str) -> str:
    """A readable URL part: "c++" -> "cplusplus", ".net" -> "dotnet"."""
    spelled = ("dot" + key[1:]) if key.startswith(".") else key
    spelled = "".join(SYMBOL_WORDS.get(char, char) for char in spelled)
    return slugify(spelled, allow_unicode=True) or "topic"
