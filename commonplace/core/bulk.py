"""Writing many rows fast: the floor under every bulk path.

The generator and importers write millions of rows; Django's `bulk_create`
builds a model instance per row and, on PostgreSQL, asks for every id back.
Here rows are plain tuples in a fixed column order, ids are allocated up
front, and the rows go in with COPY on PostgreSQL and `executemany` on
SQLite. Callers are the `bulk` modules of the apps, which keep their
invariants (counters, revisions) themselves: nothing here knows a model's
rules, so nothing here is a service.

Allocating ids reads the table's largest id: run bulk writes while nothing
else writes to the same tables (a generation or an import, not a live site).
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
        return str(value.replace(tzinfo=None))
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


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Row]
) -> int:
    """Prepare and write at once; return how many rows."""
    return write(prepare(model, fields, rows))


# SQLite's page cache while loading: large enough to keep the indexes being
# written in memory (the default of 2 MB makes every insert read pages).
LOADING_CACHE_KIB = 512 * 1024


def prepare_for_loading() -> None:
    """Tune this connection for writing many rows.

    SQLite gets a large page cache. PostgreSQL does not wait for each
    commit to reach the disk: a loader commits whole units (a community, a
    file's batch) and is run again after a crash, so losing the last
    commits costs a re-run, never a half-written unit.
    """
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("SET synchronous_commit TO off")
        else:
            cursor.execute(f"PRAGMA cache_size = -{LOADING_CACHE_KIB}")


def reset_sequences(*tables: type[models.Model]) -> None:
    """After inserting explicit ids, let PostgreSQL's sequences continue
    after them (SQLite's rowids follow the largest id by themselves)."""
    if not is_postgres():
        return
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(tables)):
            cursor.execute(statement)
