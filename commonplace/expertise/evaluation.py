"""How well the ranker finds who answers, replayed on real history.

The protocol is docs/quality.md's (from ../shared/design/quality.md §2):
questions with an accepted answer by someone other than the asker, in
time order; the first 80 % to learn from, the last 20 % to test on;
candidates are everyone with at least 3 (or 1) accepted answers among the
learning questions; every candidate is ranked and the gold is the
accepted answerer. Ties are ranked as their expected rank under a random
order, so no method gains from how candidates happen to be listed.

This module is the part that needs no database: reading the dump's
questions, the split, the slices and windows the test is replayed in, the
two fixed baselines, the figures and the bootstrap. The command (`eval
routing`) imports each window and asks the product's ranker
(`commonplace.expertise.ranker`, through `replay`).
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

from commonplace.integrations.stackexchange.dump import ROOTS, Dump
from commonplace.search.query import STOP_WORDS
from commonplace.search.text import plain

LEARN_SHARE = 0.8
POOLS = (3, 1)
METRICS = ("P@1", "NDCG@3", "NDCG@10", "R@5", "R@10", "R@100", "MRR")
METHODS = ("popularity", "bm25", "commonplace")
RETRIEVED = 100  # questions the bm25 baseline credits
K1, B = 1.2, 0.75
TOP = 3  # the slots the load spread counts
BUSIEST = 10
RESAMPLES = 1000
SLICES = 10  # the test questions are replayed in at most this many parts
# Files the learning window is cut from; the others are not needed.
WINDOW_FILES = ("Posts.xml", "Users.xml", "Comments.xml", "Votes.xml", "Tags.xml")
WORD = re.compile(r"\w+")

Scores = Mapping[str, float]  # candidate (dump user id) -> score
Method = Callable[["Question"], Scores]


class ProtocolError(Exception):
    """The dump cannot be evaluated; the message says why, for a person."""


@dataclass(frozen=True)
class Question:
    pk: str
    created_at: datetime
    asker: str | None
    answerer: str  # the accepted answer's author: the gold
    title: str
    body: str  # plain text
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Split:
    learn: list[Question]
    test: list[Question]

    @property
    def moment(self) -> datetime:
        """When the test begins: nothing from then on is learnt from."""
        return self.test[0].created_at

    def candidates(self, pool: int) -> list[str]:
        accepted = Counter(question.answerer for question in self.learn)
        return sorted(person for person, count in accepted.items() if count >= pool)


def questions(directory: Path) -> list[Question]:
    """The dump's questions whose accepted answer was written by someone
    other than the asker, oldest first."""
    dump = Dump.open(directory)
    asked: dict[str, dict[str, str]] = {}
    authors: dict[str, str] = {}
    for row in dump.rows("Posts.xml"):
        if row.get("PostTypeId") == "1" and row.get("AcceptedAnswerId"):
            asked[row["Id"]] = row
        elif row.get("PostTypeId") == "2" and row.get("OwnerUserId"):
            authors[row["Id"]] = row["OwnerUserId"]
    found = []
    for pk, row in asked.items():
        answerer = authors.get(row["AcceptedAnswerId"])
        if answerer is None or answerer == row.get("OwnerUserId"):
            continue
        found.append(
            Question(
                pk=pk,
                created_at=_moment(row["CreationDate"]),
                asker=row.get("OwnerUserId"),
                answerer=answerer,
                title=row.get("Title", ""),
                body=plain(row.get("Body", "")),
                tags=tuple(re.findall(r"<([^>]+)>", row.get("Tags", ""))),
            )
        )
    found.sort(key=lambda question: (question.created_at, int(question.pk)))
    return found


def split(found: Sequence[Question], *, validation: bool = False) -> Split:
    """The first 80 % to learn from, the rest to test on; for validation,
    the same cut again inside the learning part, so constants are chosen
    without looking at the test."""
    if not found:
        raise ProtocolError(
            "The dump has no question whose accepted answer was written by "
            "someone other than the asker: there is nothing to learn from."
        )
    if validation:
        found = found[: int(len(found) * LEARN_SHARE)]
    cut = int(len(found) * LEARN_SHARE)
    learn, test = list(found[:cut]), list(found[cut:])
    if not learn or not test or not Split(learn, test).candidates(POOLS[-1]):
        raise ProtocolError(
            f"{len(found)} questions with an accepted answer are too few to "
            "split into learning and test questions with anyone to rank."
        )
    return Split(learn, test)


def slices(test: Sequence[Question]) -> list[list[Question]]:
    """The test questions in at most SLICES consecutive parts of (nearly)
    equal size: each part is ranked from what was written before its first
    question, so what the ranker knows is never older than a tenth of the
    test period, and a dump is imported at most SLICES times."""
    count = min(SLICES, len(test))
    bounds = [len(test) * part // count for part in range(count + 1)]
    return [list(test[start:end]) for start, end in itertools.pairwise(bounds)]


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- The learning window, as a dump of its own ---------------------------------


def write_window(directory: Path, moment: datetime, into: Path) -> None:
    """A copy of the dump holding only what was written before `moment`,
    for the importer: nothing of the test questions or their future
    reaches the database the ranker reads. An accepted answer written
    after `moment` is not there, so its question is not accepted there."""
    dump = Dump.open(directory)
    into.mkdir(parents=True, exist_ok=True)
    kept = {
        row["Id"]
        for row in dump.rows("Posts.xml")
        if _moment(row["CreationDate"]) < moment
    }
    for name in WINDOW_FILES:
        if dump.has(name):
            _write_rows(
                into / name, ROOTS[name], _window_rows(dump, name, moment, kept)
            )


def _window_rows(
    dump: Dump, name: str, moment: datetime, kept: set[str]
) -> Iterator[dict[str, str]]:
    # Votes carry their day only: the test's first day is left out whole.
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    before = day if name == "Votes.xml" else moment
    for row in dump.rows(name):
        created = row.get("CreationDate")
        if created and _moment(created) >= before:
            continue
        if name in ("Comments.xml", "Votes.xml") and row.get("PostId") not in kept:
            continue
        if name == "Posts.xml" and row.get("AcceptedAnswerId") not in kept:
            row.pop("AcceptedAnswerId", None)
        yield row


def _write_rows(path: Path, root: str, rows: Iterable[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="utf-8"?>\n<{root}>\n')
        for row in rows:
            pairs = " ".join(f"{key}={quoteattr(value)}" for key, value in row.items())
            out.write(f"  <row {pairs} />\n")
        out.write(f"</{root}>\n")


# --- The two fixed baselines ---------------------------------------------------


class Tokens:
    """Lower-case words, English stop words out, Snowball's English stemmer."""

    def __init__(self) -> None:
        # A development dependency, like the other evaluation's baseline.
        import Stemmer

        self._stem = Stemmer.Stemmer("english").stemWords

    def __call__(self, text: str) -> list[str]:
        words = [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS]
        return list(self._stem(words))


def _text(question: Question) -> str:
    return " ".join((question.title, question.body, " ".join(question.tags)))


def bm25(split_: Split, tokens: Tokens) -> Method:
    """BM25 (k1 1.2, b 0.75) over the learning questions' title, body and
    tags; of the 100 best, a candidate scores the best score among those
    whose accepted answer they wrote."""
    documents = [Counter(tokens(_text(question))) for question in split_.learn]
    lengths = [sum(document.values()) for document in documents]
    average = sum(lengths) / len(lengths)
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, document in enumerate(documents):
        for term, frequency in document.items():
            postings[term].append((index, frequency))
    count = len(documents)
    idf = {
        term: math.log(1 + (count - len(found) + 0.5) / (len(found) + 0.5))
        for term, found in postings.items()
    }

    def method(question: Question) -> Scores:
        scores: dict[int, float] = defaultdict(float)
        for term in set(tokens(_text(question))):
            for index, frequency in postings.get(term, ()):
                norm = K1 * (1 - B + B * lengths[index] / average)
                scores[index] += idf[term] * frequency * (K1 + 1) / (frequency + norm)
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:RETRIEVED]
        credited: dict[str, float] = {}
        for index, score in best:
            person = split_.learn[index].answerer
            credited[person] = max(credited.get(person, 0.0), score)
        return credited

    return method


def popularity(split_: Split) -> Method:
    """Most accepted answers among learning questions sharing a tag."""
    by_tag: dict[str, list[int]] = defaultdict(list)
    for index, question in enumerate(split_.learn):
        for tag in question.tags:
            by_tag[tag].append(index)

    def method(question: Question) -> Scores:
        sharing = {index for tag in question.tags for index in by_tag.get(tag, ())}
        return Counter(split_.learn[index].answerer for index in sharing)

    return method


# --- Figures -------------------------------------------------------------------


def figures(scores: Scores, candidates: Sequence[str], gold: str) -> dict[str, float]:
    """Every metric for one question, the gold's place among tied
    candidates taken as equally likely to be any of their places."""
    mine = scores.get(gold, 0.0)
    above = sum(1 for person in candidates if scores.get(person, 0.0) > mine)
    tied = sum(1 for person in candidates if scores.get(person, 0.0) == mine)
    places = range(above + 1, above + tied + 1)

    def mean(value: Callable[[int], float]) -> float:
        return sum(value(place) for place in places) / tied

    def gain(cut: int) -> Callable[[int], float]:
        return lambda place: 1 / math.log2(place + 1) if place <= cut else 0.0

    return {
        "P@1": mean(lambda place: float(place == 1)),
        "NDCG@3": mean(gain(3)),
        "NDCG@10": mean(gain(10)),
        "R@5": mean(lambda place: float(place <= 5)),
        "R@10": mean(lambda place: float(place <= 10)),
        "R@100": mean(lambda place: float(place <= 100)),
        "MRR": mean(lambda place: 1 / place),
    }


def top(scores: Scores, candidates: Sequence[str], size: int = TOP) -> list[str]:
    """The best `size` candidates, ties in candidate order."""
    return sorted(candidates, key=lambda person: -scores.get(person, 0.0))[:size]


@dataclass(frozen=True)
class Spread:
    """How requests would spread: distinct people in the top 3 across
    test questions, and the share of those slots the 10 busiest take."""

    people: int
    busiest_share: float


def spread(tops: Iterable[Sequence[str]]) -> Spread:
    slots = Counter(person for chosen in tops for person in chosen)
    total = sum(slots.values()) or 1
    busiest = sum(count for _person, count in slots.most_common(BUSIEST))
    return Spread(len(slots), busiest / total)


def bootstrap_ratio(
    ours: Sequence[float], theirs: Sequence[float], *, seed: int = 0
) -> tuple[float, float]:
    """A 95 % interval for mean(ours) / mean(theirs), resampling the test
    questions (the same draw for both) RESAMPLES times."""
    draw = random.Random(seed)  # noqa: S311 - a fixed draw, not a secret
    count = len(ours)
    ratios = []
    for _ in range(RESAMPLES):
        chosen = [draw.randrange(count) for _ in range(count)]
        denominator = sum(theirs[index] for index in chosen)
        if denominator:
            ratios.append(sum(ours[index] for index in chosen) / denominator)
    if not ratios:
        return math.nan, math.nan
    ratios.sort()
    return ratios[int(0.025 * len(ratios))], ratios[int(0.975 * len(ratios)) - 1]
