"""The two engines behind the one search: SQLite FTS5 and PostgreSQL.

Each writes a parsed query in its own syntax and ranks the matching
documents of one kind in one SQL statement, with the kind's visible rows
joined in (an EXISTS on the live table, checked per match), so the rows
ranked are exactly the rows the viewer may see. The rest of the search
does not know which engine answered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.dateparse import parse_datetime

from commonplace.search.query import ParsedQuery, Term

# A term in this many documents or more is common (see
# `Backend.without_common_terms`); counting stops there.
COMMON_TERM = 10_000
# How much of a body comes back for its snippet.
SNIPPET_SOURCE_LENGTH = 4000


@dataclass(frozen=True)
class Ranked:
    """One matching document: its thing's id, its score (higher is better)
    and the text its snippet is cut from."""

    object_id: int
    score: float
    created_at: datetime
    title: str
    body: str


@dataclass(frozen=True)
class Match:
    """SQL for the FROM clause, the match condition and the score, each with
    its own parameters."""

    sources: str
    condition: str
    score: str
    sources_params: tuple[Any, ...] = ()
    condition_params: tuple[Any, ...] = ()
    score_params: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Position:
    """Where a page ends, in the order of the search."""

    object_id: int
    score: float = 0.0
    created_at: datetime | None = None


class Backend:
    """The SQL both engines share; each says how to match and score."""

    # The table `term_match` conditions are on.
    term_sources = ""
    # What keeps the ordered matches a step of their own, so that the
    # visibility check walks them in order and stops at a full page. None
    # on SQLite: there the check is a lookup per match anyway, and keeping
    # the matches apart (LIMIT -1) made it slower (330 against 200 ms).
    fence = ""

    def match(self, query: ParsedQuery, kind: str, fuzzy: str) -> Match:
        """How to find and score the documents of `kind` matching `query`."""
        raise NotImplementedError

    def term_match(self, term: Term) -> tuple[str, str]:
        """A condition on `search_fts`/`s` matching one term, and its param."""
        raise NotImplementedError

    def without_common_terms(self, query: ParsedQuery) -> ParsedQuery:
        """`query` (any of its terms) without the terms in COMMON_TERM or
        more documents; when every term is that common, all must match.

        Ranking "any of these words" scores every document holding any of
        them: with a word most documents hold, that is most of the index
        (1.4 s for a title at a million posts). Such a word weighs little
        in BM25 anyway; the rare ones decide which questions are alike,
        and without any, those holding every word are the likest.
        """
        matches = [self.term_match(term) for term in query.included]
        counts = [
            f"(SELECT count(*) FROM (SELECT 1 FROM {self.term_sources} "  # noqa: S608
            f"WHERE {condition} LIMIT {COMMON_TERM}) sample)"
            for condition, _ in matches
        ]
        params = [value for _, value in matches]
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(counts), params)
            found = cursor.fetchone()
        rare = tuple(
            term
            for term, count in zip(query.included, found, strict=True)
            if count < COMMON_TERM
        )
        if not rare:
            return replace(query, any_term=False)
        return replace(query, terms=rare + query.excluded)

    def ranked(
        self,
        query: ParsedQuery,
        *,
        kind: str,
        visible: QuerySet[Any],
        newest: bool = False,
        after: Position | None = None,
        size: int = 20,
        fuzzy: str = "",
    ) -> list[Ranked]:
        """The best `size` documents of `kind` matching `query` whose thing is
        in `visible`, after `after`, by score or newest first. `fuzzy` is a
        name to match by similarity too, where the engine can."""
        match = self.match(query, kind, fuzzy)
        try:
            exists_sql, exists_params = (
                visible.filter(pk=RawSQL("ranked.object_id", ()))
                .values("pk")
                .query.sql_with_params()
            )
        except EmptyResultSet:  # the viewer may see nothing of this kind
            return []
        order, position_sql, position_params = _position(newest, after)
        # The matches are scored and put in order first (`fence` keeps that
        # a step of its own), then walked in that order and checked against
        # the live table until the page is full: the check costs a lookup
        # per match looked at, not per match. As a plain EXISTS beside the
        # match, PostgreSQL hashed every visible post to join them (230 ms
        # at a million posts); the CASE keeps it a check per row.
        sql = f"""
            SELECT page.object_id, page.score, page.created_at, doc.title,
                substr(doc.body, 1, {SNIPPET_SOURCE_LENGTH})
            FROM (
                SELECT * FROM (
                    SELECT * FROM (
                        SELECT d.id AS document_id, d.object_id AS object_id,
                            {match.score} AS score, d.created_at AS created_at
                        FROM {match.sources}
                        WHERE {match.condition} AND d.kind = %s
                    ) found
                    WHERE {position_sql}
                    ORDER BY {order} {self.fence}
                ) ranked
                WHERE CASE WHEN EXISTS ({exists_sql}) THEN 1 ELSE 0 END = 1
                ORDER BY {order}
                LIMIT %s
            ) page
            JOIN search_searchdocument doc ON doc.id = page.document_id
            ORDER BY {_BY_COLUMN_NUMBER[order]}
        """  # noqa: S608 - every value is a parameter; the SQL is this module's
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    *match.score_params,
                    *match.sources_params,
                    *match.condition_params,
                    kind,
                    *position_params,
                    *exists_params,
                    size,
                ],
            )
            return [_ranked(row) for row in cursor.fetchall()]


NEWEST, BEST = "created_at DESC, object_id DESC", "score DESC, object_id ASC"
# The same orders by the columns of the final SELECT (id, score, time).
_BY_COLUMN_NUMBER = {NEWEST: "3 DESC, 1 DESC", BEST: "2 DESC, 1 ASC"}


def _position(newest: bool, after: Position | None) -> tuple[str, str, list[Any]]:
    if newest:
        order = NEWEST
        if after is None or after.created_at is None:
            return order, "1 = 1", []
        moment = connection.ops.adapt_datetimefield_value(after.created_at)
        condition = "(created_at < %s OR (created_at = %s AND object_id < %s))"
        return order, condition, [moment, moment, after.object_id]
    order = BEST
    if after is None:
        return order, "1 = 1", []
    condition = "(score < %s OR (score = %s AND object_id > %s))"
    return order, condition, [after.score, after.score, after.object_id]


def _ranked(row: tuple[Any, ...]) -> Ranked:
    object_id, score, created_at, title, body = row
    if isinstance(created_at, str):
        created_at = parse_datetime(created_at)
    return Ranked(int(object_id), float(score), created_at, title, body)


class SQLiteBackend(Backend):
    """FTS5 with BM25: title weighs 10, body 3, replies 1."""

    term_sources = "search_fts"

    def term_match(self, term: Term) -> tuple[str, str]:
        return "search_fts MATCH %s", _fts5_term(term)

    def match(self, query: ParsedQuery, kind: str, fuzzy: str) -> Match:
        return Match(
            # CROSS JOIN keeps the match as the outer loop: SQLite would
            # otherwise walk every document and test the match on each.
            sources=(
                "search_fts CROSS JOIN search_searchdocument d "
                "ON d.id = search_fts.rowid"
            ),
            condition="search_fts MATCH %s",
            condition_params=(fts5_expression(query),),
            score="-bm25(search_fts, 10.0, 3.0, 1.0)",
        )


def fts5_expression(query: ParsedQuery) -> str:
    """The query in FTS5's syntax: every word a quoted string."""
    joiner = " OR " if query.any_term else " AND "
    expression = "(" + joiner.join(_fts5_term(term) for term in query.included) + ")"
    if query.excluded:
        left_out = " OR ".join(_fts5_term(term) for term in query.excluded)
        expression = f"{expression} NOT ({left_out})"
    return expression


def _fts5_term(term: Term) -> str:
    phrase = " ".join(word.replace('"', '""') for word in term.words)
    return f'"{phrase}"' + ("*" if term.prefix else "")


class PostgreSQLBackend(Backend):
    """Full-text search on the weighted `tsvector`, scored like BM25: each
    included term's `ts_rank` (title over body over replies, as on SQLite)
    weighed by how rare the term is. `ts_rank_cd` alone has no notion of
    rarity, so a common word in a title beat a rare one in a body: on the
    relevance evaluation it found fewer duplicates than plain BM25. Names
    also match by trigram similarity."""

    term_sources = "search_searchdocument s"
    fence = "OFFSET 0"

    def term_match(self, term: Term) -> tuple[str, str]:
        sql, value = _tsquery_term(term)
        return f"s.vector @@ {sql}", value

    def match(self, query: ParsedQuery, kind: str, fuzzy: str) -> Match:
        expression, params = tsquery_expression(query)
        terms = [_tsquery_term(term) for term in query.included]
        columns = ", ".join(f"{sql} AS q{i}" for i, (sql, _) in enumerate(terms))
        frequencies = ", ".join(
            f"{_sampled_count(f'AND s.vector @@ tsq.q{i}')} AS df{i}"
            for i in range(len(terms))
        )
        sources = (
            f"search_searchdocument d CROSS JOIN (SELECT {expression} AS q, "
            f"{columns}) tsq CROSS JOIN LATERAL (SELECT {frequencies}, "
            f"GREATEST({_ESTIMATED_TOTAL}, {_sampled_count()}) AS n "
            # OFFSET 0 keeps the counts a subquery run once: inlined, each
            # count ran again wherever the score names it.
            "OFFSET 0) stats"
        )
        sources_params = (
            *params,
            *(value for _, value in terms),
            *([kind] * len(terms)),
            kind,
            kind,
        )
        # As double precision: a `real` read into Python and sent back in a
        # cursor would not compare equal to itself.
        score = " + ".join(
            f"{_idf(i)} * ts_rank({WEIGHTS}, d.vector, tsq.q{i}, 1)::float8"
            for i in range(len(terms))
        )
        if not fuzzy:
            return Match(sources, "d.vector @@ tsq.q", score, sources_params)
        return Match(
            sources,
            # `%%` is the trigram operator `%`, escaped for the parameters.
            "(d.vector @@ tsq.q OR d.title %% %s)",
            f"GREATEST({score}, similarity(d.title, %s)::float8)",
            sources_params=sources_params,
            condition_params=(fuzzy,),
            score_params=(fuzzy,),
        )


# Title (A) 1, body (B) 0.3, replies (C) 0.1: SQLite's 10/3/1; D is unused.
WEIGHTS = "'{0, 0.1, 0.3, 1}'::float4[]"
# Document frequencies are counted up to this many: beyond it a term is
# simply common, and counting further would cost more than it tells (a
# common word's count is a scan until this many are found).
FREQUENCY_SAMPLE = 1_000


def _sampled_count(condition: str = "") -> str:
    """How many documents of the kind (a parameter) meet `condition`, up to
    FREQUENCY_SAMPLE."""
    sql = "(SELECT count(*)::float8 FROM (SELECT 1 FROM search_searchdocument s "
    return sql + f"WHERE s.kind = %s {condition} LIMIT {FREQUENCY_SAMPLE}) sample)"


# How many documents of the kind (a parameter) the statistics say there
# are: the table's estimated rows times the kind's share of them. NULL
# before the table was first analysed, when the sampled count stands in.
# (The table's rows alone counted every kind: people, topics and
# communities made posts' rare words look rarer than they are.)
_ESTIMATED_TOTAL = (
    "(SELECT c.reltuples::float8 * s.most_common_freqs[array_position("
    "s.most_common_vals::text::text[], %s::text)] FROM pg_class c "
    "JOIN pg_stats s ON s.schemaname = current_schema() "
    "AND s.tablename = c.relname AND s.attname = 'kind' "
    "WHERE c.oid = 'search_searchdocument'::regclass)"
)


def _idf(i: int) -> str:
    """BM25's inverse document frequency of term `i`; the total is at least
    the term's own count (an unanalysed table estimates -1 rows)."""
    total = f"GREATEST(stats.n, stats.df{i})"
    return f"ln(1 + ({total} - stats.df{i} + 0.5) / (stats.df{i} + 0.5))"


CONFIG = "'english'::regconfig"


def tsquery_expression(query: ParsedQuery) -> tuple[str, list[Any]]:
    """The query as a `tsquery` expression: every word a parameter, put
    together with the tsquery operators, so no text is parsed as syntax."""
    joiner = " || " if query.any_term else " && "
    parts = [_tsquery_term(term) for term in query.included]
    expression = "(" + joiner.join(sql for sql, _ in parts) + ")"
    params = [value for _, value in parts]
    for sql, value in (_tsquery_term(term) for term in query.excluded):
        expression = f"({expression} && !!{sql})"
        params.append(value)
    return expression, params


def _tsquery_term(term: Term) -> tuple[str, str]:
    if term.prefix:
        return f"to_tsquery({CONFIG}, %s)", " <-> ".join(term.words) + ":*"
    if term.is_phrase:
        return f"phraseto_tsquery({CONFIG}, %s)", " ".join(term.words)
    return f"plainto_tsquery({CONFIG}, %s)", term.words[0]


def backend() -> Backend:
    """The engine of the database in use."""
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    return SQLiteBackend()
