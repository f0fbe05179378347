"""Writing many rows fast: the floor under every bulk path.

The generator and importers write millions of rows; Django's `bulk_create`
builds a model instance per row and, on PostgreSQL, asks for every id back.
Here rows are plain tuples in a fixed column order, ids are allocated up
front, and the rows go in with COPY on PostgreSQL and `executemany` on
SQLite. Callers are the `bulk` modules of the apps, which keep their
invariants (counters, revisions) themselves: nothing here knows a model's
rules, so nothing here is a service.

Ids come two ways. `allocate` takes them from the table's own sequence
(PostgreSQL) or after its largest id inside the writing transaction
(SQLite, whose writers queue for one lock), so an import may run beside a
live site. `next_id` reads the largest id once and leaves counting to the
caller (the generator, which plans in another process): only for writes
nothing else makes at the same time, followed by `reset_sequences`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

Row = tuple[Any, ...]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def next_id(model: type[models.Model]) -> int:
    """The first id after every row in the table (call inside the writing
    transaction)."""
    largest = model._default_manager.aggregate(largest=Max("pk"))["largest"]
    return int(largest or 0) + 1


def allocate(model: type[models.Model], count: int) -> list[int]:
    """`count` new ids for `model`'s table, safe beside other writers.

    Call inside the transaction that inserts the rows (on SQLite the
    transaction's write lock is what keeps them free).
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    if not is_postgres():
        first = next_id(model)
        return list(range(first, first + count))
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _defaults(
    model: type[models.Model], fields: Sequence[str]
) -> list[tuple[str, Any]]:
    """(column, value) of the required columns a caller leaves out: their
    model default, as the ORM would have written it."""
    return [
        (str(field.column), field.get_default())
        for field in model._meta.concrete_fields
        if field.name not in fields
        and field.attname not in fields
        and not field.null
        and not field.primary_key
        and (field.has_default() or field.empty_strings_allowed)
    ]


def _sqlite_datetime(value: datetime | None) -> str | None:
    """What Django's SQLite backend stores for a datetime: naive UTC text."""
    if value is None:
        return None
    if value.tzinfo is UTC:
        # "YYYY-MM-DD HH:MM:SS[.ffffff]+00:00" without its offset: the same
        # text as str() of the naive value, without making that value.
        return value.isoformat(" ")[:-6]
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return str(value)


def _for_sqlite(
    model: type[models.Model], columns: list[str], rows: Iterable[Row]
) -> list[Row]:
    """The rows with their datetime columns as SQLite text."""
    kinds = {field.column: field for field in model._meta.concrete_fields}
    moments = [
        index
        for index, column in enumerate(columns)
        if isinstance(kinds[column], models.DateTimeField)
    ]
    if not moments:
        return list(rows)
    converted = []
    for row in rows:
        values = list(row)
        for index in moments:
            values[index] = _sqlite_datetime(values[index])
        converted.append(tuple(values))
    return converted


@dataclass(frozen=True)
class Prepared:
    """Rows ready for one table: columns named, defaults added, values in
    the form the database takes. Plain data, so a batch can be prepared in
    one process and written in another."""

    table: str
    columns: tuple[str, ...]
    rows: list[Row]


def prepare(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]
) -> Prepared:
    """`rows` (tuples in the order of `fields`) ready to write into `model`.

    Ids, when wanted, are among the fields: allocate them with `next_id`
    and call `reset_sequences` after the last write.
    """
    defaults = _defaults(model, fields)
    names = [str(model._meta.get_field(name).column) for name in fields]  # type: ignore[union-attr]
    names += [column for column, _value in defaults]
    if defaults:
        extra = tuple(value for _column, value in defaults)
        rows = (tuple(row) + extra for row in rows)
    ready = list(rows) if is_postgres() else _for_sqlite(model, names, rows)
    return Prepared(model._meta.db_table, tuple(names), ready)


def write(prepared: Prepared) -> int:
    """Insert prepared rows: COPY on PostgreSQL, executemany on SQLite."""
    if not prepared.rows:
        return 0
    quote = connection.ops.quote_name
    table = quote(prepared.table)
    columns = ", ".join(quote(column) for column in prepared.columns)
    with connection.cursor() as cursor:
        if is_postgres():
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in prepared.rows:
                    copy.write_row(row)
            return len(prepared.rows)
        marks = ", ".join(["%s"] * len(prepared.columns))
        # Table and column names come from the model, quoted; values are
        # parameters.
        statement = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        cursor.executemany(statement, prepared.rows)
        return len(prepared.rows)


# SQLite's page cache while loading: large enough to keep the indexes being
# written in memory (the default of 2 MB makes every insert read pages).
LOADING_CACHE_MIB = 512


def prepare_for_loading(cache_mib: int = LOADING_CACHE_MIB) -> None:
    """Tune this connection for writing many rows.

    SQLite gets a large page cache (`cache_mib`: a loader that must stay
    within a memory budget asks for less). PostgreSQL does not wait for each
    commit to reach the disk: a loader commits whole units (a community, a
    file's batch) and is run again after a crash, so losing the last
    commits costs a re-run, never a half-written unit. Nor does it scan in
    parallel: a loader's many small lookups by index are what it runs, and
    on a table that grew fast the planner otherwise scans it whole.
    """
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("SET synchronous_commit TO off")
            cursor.execute("SET max_parallel_workers_per_gather TO 0")
        else:
            cursor.execute(f"PRAGMA cache_size = -{cache_mib * 1024}")


def analyse(*tables: type[models.Model]) -> None:
    """Refresh PostgreSQL's statistics of tables a loader is filling (of
    every table when none is named).

    Its planner otherwise still believes a table that grew by a hundred
    thousand rows is tiny and scans it whole for every lookup by index.
    (SQLite's planner prefers indexes without statistics.)
    """
    if not is_postgres():
        return
    names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {names}".strip())


class Scratch:
    """A temporary table of text keys, gone with the transaction: for
    counting many things by key in the database rather than in memory.

    Use inside `transaction.atomic()`; `add` takes rows of one key each.
    """

    def __init__(self, name: str) -> None:
        self._bare = name
        self.name = connection.ops.quote_name(name)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")
            cursor.execute(f"CREATE TEMPORARY TABLE {self.name} (key varchar(64))")

    def add(self, keys: Iterable[str]) -> None:
        with connection.cursor() as cursor:
            if is_postgres():
                with cursor.cursor.copy(f"COPY {self.name} (key) FROM STDIN") as copy:
                    for key in keys:
                        copy.write_row((key,))
                return
            cursor.executemany(
                f"INSERT INTO {self.name} (key) VALUES (%s)",  # noqa: S608
                [(key,) for key in keys],
            )

    def index(self) -> None:
        """Index the keys, once all are in: lookups by key stay quick."""
        index = connection.ops.quote_name(f"{self._bare}_key")
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE INDEX {index} ON {self.name} (key)")

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")


def reset_sequences(*tables: type[models.Model]) -> None:
    """After inserting explicit ids, let PostgreSQL's sequences continue
    after them (SQLite's rowids follow the largest id by themselves)."""
    if not is_postgres():
        return
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(tables)):
            cursor.execute(statement)
