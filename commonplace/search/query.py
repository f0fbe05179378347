"""What a person typed in the search box, read into terms.

The syntax is the one people expect from a search box: several words (all
must match), "a phrase", -word to leave out, prefix* to match the start of
words. Words are letters and digits only, so nothing with a meaning to an
engine (`NEAR`, `AND`, `:`, `(`, `^`, quotes) ever reaches one raw; each
backend writes the terms in its own syntax from this structure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from commonplace.core.errors import InvalidInput, Message

MAX_QUERY_LENGTH = 500
# Bounds the work of one search; titles used as queries are cut to this.
MAX_TERMS = 16
# A prefix shorter than this would match most of the index.
MIN_PREFIX_LENGTH = 2
WORD = re.compile(r"[^\W_]+")
CHUNK = re.compile(r'(-?)"([^"]*)"(\*?)|(\S+)')

# Words too common to say anything about a text. Dropped from the terms (a
# phrase keeps them), the same on every backend: PostgreSQL's English
# dictionary would drop them and SQLite's would not.
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because
    been before being below between both but by can could did do does doing down
    during each few for from further had has have having he her here hers herself
    him himself his how i if in into is it its itself just me more most my myself
    no nor not of off on once only or other our ours ourselves out over own same
    she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself
    yourselves""".split()  # noqa: SIM905 - a word list reads best as text
)


class SearchError(InvalidInput):
    """A query that cannot be searched, with what to change."""


@dataclass(frozen=True)
class Term:
    """One word or phrase of a query: `words` longer than one is a phrase."""

    words: tuple[str, ...]
    prefix: bool = False
    excluded: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class ParsedQuery:
    """The terms of a query, and the notes a person should read about it.

    `any_term` asks for documents with any of the included terms, best
    first (for "similar questions", where a title is the query); otherwise
    every included term must match.
    """

    text: str
    terms: tuple[Term, ...]
    any_term: bool = False
    notes: tuple[Message, ...] = field(default=())

    @property
    def included(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if not term.excluded)

    @property
    def excluded(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.excluded)

    def highlighted(self) -> tuple[tuple[str, bool], ...]:
        """The words a snippet marks, each with whether it is a prefix."""
        marked: list[tuple[str, bool]] = []
        for term in self.included:
            marked.extend((word, False) for word in term.words[:-1])
            marked.append((term.words[-1], term.prefix))
        return tuple(marked)


def fold(word: str) -> str:
    """A word in lower case without accents, as the engines compare them."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def parse(
    text: str, *, any_term: bool = False, prefix_last: bool = False
) -> ParsedQuery:
    """The query in `text`, or SearchError saying why it cannot be searched.

    `prefix_last` treats the last word as unfinished (suggestions as one
    types: "kube" finds "kubernetes").
    """
    notes: list[Message] = []
    # A space after the last word: it is finished, whatever `prefix_last`.
    prefix_last = prefix_last and not text[-1:].isspace()
    text = text.replace("\x00", " ").strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        notes.append(
            _("Only the first %(count)d characters of your search were used.")
            % {"count": MAX_QUERY_LENGTH}
        )
    if not text:
        raise SearchError(_("Type a word to search for."))
    if text.count('"') % 2:
        notes.append(_("A quote was not closed, so it was left out."))
        text = text[::-1].replace('"', "", 1)[::-1]
    terms = _terms(text, prefix_last=prefix_last)
    if not terms:
        raise SearchError(
            _("Type a word or a number: signs and symbols alone cannot be searched.")
        )
    terms = _without_stop_words(terms)
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        notes.append(
            _("Only the first %(count)d words of your search were used.")
            % {"count": MAX_TERMS}
        )
    return ParsedQuery(
        text=text, terms=tuple(terms), any_term=any_term, notes=tuple(notes)
    )


def _terms(text: str, *, prefix_last: bool) -> list[Term]:
    terms = []
    for match in CHUNK.finditer(text):
        minus, quoted, star, bare = match.groups()
        if bare is not None:
            minus = "-" if bare.startswith("-") and len(bare) > 1 else ""
            star = "*" if bare.endswith("*") else ""
            quoted = bare
        words = tuple(fold(word) for word in WORD.findall(quoted))
        if words:
            terms.append(_term(words, excluded=bool(minus), prefix=bool(star)))
    if prefix_last and terms and not terms[-1].excluded:
        last = terms[-1]
        terms[-1] = _term(last.words, excluded=False, prefix=True)
    return terms


def _term(words: tuple[str, ...], *, excluded: bool, prefix: bool) -> Term:
    # An excluded prefix would leave out too much to be what was meant.
    usable = prefix and not excluded and len(words[-1]) >= MIN_PREFIX_LENGTH
    return Term(words=words, prefix=usable, excluded=excluded)


def _without_stop_words(terms: list[Term]) -> list[Term]:
    """Drop single common words; refuse a query that had nothing else."""
    kept = [
        term
        for term in terms
        if term.is_phrase or term.prefix or term.words[0] not in STOP_WORDS
    ]
    if not any(not term.excluded for term in kept):
        if any(not term.excluded for term in terms):
            raise SearchError(
                _(
                    "Those words are too common to search for. Add a word that "
                    "says what you are looking for."
                )
            )
        raise SearchError(
            _("Add a word to look for: a search cannot only leave words out.")
        )
    return kept
