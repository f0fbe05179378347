"""How well "similar questions" finds the questions people linked.

On an imported Stack Exchange community, each link between two live
questions is a judgement someone made: the newer question is a duplicate
of, or related to, the older one. Asking with the newer question's title,
as of its own time, the older one should be among the first suggestions.
The same queries go to an independent BM25 (bm25s) over the same
questions, so a figure can be read against a known baseline
(docs/quality.md).
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.knowledge.models import Post, PostKind, PostLink
from commonplace.search.selectors import similar_questions
from commonplace.search.text import plain

CUTOFF = 10
LINK_KINDS = (PostLink.Kind.DUPLICATE, PostLink.Kind.RELATED)
METHODS = ("commonplace", "bm25s")

# What ranks the questions older than a query question: their ids, best first.
Ranker = Callable[["Question"], list[int]]
OnQuery = Callable[[int, int], None]


@dataclass(frozen=True)
class Question:
    pk: int
    title: str
    created_at: datetime


@dataclass(frozen=True)
class Query:
    """A newer question asking for the older questions it was linked to:
    several links of one kind from one question make one query with
    several relevant questions."""

    question: Question
    link_kind: str
    gold: frozenset[int]


@dataclass(frozen=True)
class Figures:
    """Means over the queries of one link kind."""

    ndcg: float
    recall: float


@dataclass(frozen=True)
class LinkKindResult:
    link_kind: str
    queries: int
    figures: dict[str, Figures]  # by method, in METHODS order


def evaluate(
    viewer: permissions.Viewer, community: Community, *, on_query: OnQuery | None = None
) -> list[LinkKindResult]:
    """Both methods on every query of `community`, per link kind (kinds
    without queries are left out). `on_query(done, total)` reports progress."""
    questions = live_questions(community)
    queries = link_queries(community, {question.pk: question for question in questions})
    rankers: dict[str, Ranker] = {
        "commonplace": commonplace_ranker(viewer),
        "bm25s": Bm25s(_corpus(community)).ranking,
    }
    scored: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for done, query in enumerate(queries, start=1):
        for method, ranker in rankers.items():
            ranked = ranker(query.question)[:CUTOFF]
            scored[query.link_kind, method].append(
                (ndcg(ranked, query.gold), recall(ranked, query.gold))
            )
        if on_query:
            on_query(done, len(queries))
    return [_result(kind, scored) for kind in LINK_KINDS if scored[kind, METHODS[0]]]


def _result(
    kind: str, scored: dict[tuple[str, str], list[tuple[float, float]]]
) -> LinkKindResult:
    figures = {}
    for method in METHODS:
        pairs = scored[kind, method]
        figures[method] = Figures(
            ndcg=sum(pair[0] for pair in pairs) / len(pairs),
            recall=sum(pair[1] for pair in pairs) / len(pairs),
        )
    return LinkKindResult(str(kind), len(scored[kind, METHODS[0]]), figures)


def live_questions(community: Community) -> list[Question]:
    """The questions anyone who may read the community would see."""
    rows = _live(community).order_by("pk").values_list("pk", "title", "created_at")
    return [
        Question(pk, title, created_at) for pk, title, created_at in rows.iterator()
    ]


def _live(community: Community) -> QuerySet[Post]:
    return Post.objects.filter(
        community=community,
        kind=PostKind.QUESTION,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    )


def link_queries(community: Community, questions: dict[int, Question]) -> list[Query]:
    """One query per newer question and link kind, whichever way the link
    points; links touching anything but two live questions of different
    times are left out (neither can be said to come first)."""
    gold: dict[tuple[int, str], set[int]] = defaultdict(set)
    links = PostLink.objects.filter(from_post__community=community).values_list(
        "from_post_id", "to_post_id", "kind"
    )
    for start, end, kind in links.iterator():
        first, second = questions.get(start), questions.get(end)
        if first is None or second is None or first.created_at == second.created_at:
            continue
        newer, older = sorted((first, second), key=lambda q: q.created_at, reverse=True)
        gold[newer.pk, kind].add(older.pk)
    return [
        Query(questions[pk], kind, frozenset(relevant))
        for (pk, kind), relevant in sorted(gold.items())
    ]


def commonplace_ranker(viewer: permissions.Viewer) -> Ranker:
    """Our own suggestions, exactly as the page asks for them."""

    def ranking(question: Question) -> list[int]:
        hits = similar_questions(
            viewer, question.title, before=question.created_at, size=CUTOFF
        )
        return [hit.item.pk for hit in hits]

    return ranking


def _corpus(community: Community) -> Iterable[tuple[int, datetime, str]]:
    rows = (
        _live(community)
        .order_by("pk")
        .values_list("pk", "created_at", "title", "body_html")
    )
    for pk, created_at, title, body_html in rows.iterator():
        yield pk, created_at, f"{title}\n{plain(body_html)}"


class Bm25s:
    """BM25 as bm25s computes it with its defaults, over title and body:
    English stop words out, Snowball's English stemmer, every question
    scored exactly (no candidate cut-off) and only older ones kept."""

    def __init__(self, corpus: Iterable[tuple[int, datetime, str]]) -> None:
        # Imported here: bm25s is a development dependency, needed only by
        # the evaluation, never by the site.
        import bm25s
        import numpy as np
        import Stemmer

        # It logs each index it builds; one line of noise in every run.
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._bm25s = bm25s
        self._stemmer = Stemmer.Stemmer("english")
        pks, times, texts = [], [], []
        for pk, created_at, text in corpus:
            pks.append(pk)
            times.append(created_at.timestamp())
            texts.append(text)
        self._pks = np.array(pks, dtype=np.int64)
        self._times = np.array(times, dtype=np.float64)
        self._index = bm25s.BM25()
        self._index.index(self._tokens(texts), show_progress=False)

    def _tokens(self, texts: list[str]) -> list[list[str]]:
        tokens: list[list[str]] = self._bm25s.tokenize(
            texts,
            stopwords="en",
            stemmer=self._stemmer,
            return_ids=False,
            show_progress=False,
        )
        return tokens

    def ranking(self, question: Question) -> list[int]:
        """The best older questions matching at least one word of the title."""
        import numpy as np

        ids = self._index.get_tokens_ids(self._tokens([question.title])[0])
        if not ids:
            return []
        scores = self._index.get_scores_from_ids(ids)
        candidates = np.flatnonzero(
            (scores > 0) & (self._times < question.created_at.timestamp())
        )
        best = candidates[np.argsort(-scores[candidates], kind="stable")[:CUTOFF]]
        return [int(pk) for pk in self._pks[best]]


def ndcg(ranked: Sequence[int], gold: frozenset[int]) -> float:
    """Binary-relevance nDCG at the cut-off: 1 when every relevant question
    leads the ranking."""
    gains = sum(
        _discount(rank) for rank, pk in enumerate(ranked[:CUTOFF]) if pk in gold
    )
    ideal = sum(_discount(rank) for rank in range(min(len(gold), CUTOFF)))
    return gains / ideal


def recall(ranked: Sequence[int], gold: frozenset[int]) -> float:
    """The share of the relevant questions found within the cut-off."""
    return len(gold.intersection(ranked[:CUTOFF])) / len(gold)


def _discount(rank: int) -> float:
    return 1 / math.log2(rank + 2)
