"""`field__any_of=[...]`: membership in many values through one parameter.

`field__in` writes a placeholder per value; with thousands of values
(the bulk paths look rows up a batch at a time) building, binding and
planning that statement costs more than running it. `any_of` sends the
values as one array on PostgreSQL (`= ANY(%s::type[])`) and as one JSON
list on SQLite (`IN (SELECT value FROM json_each(%s))`); both use the
column's index.

Django still checks each value of a list or tuple on its own before the
lookup sees it, which for the ranker's thousands of candidates costs more
than the query; `Ids(...)` holds whole numbers already checked (by
`int`), which `any_of` sends as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db.models import Field, ForeignObject, Lookup


class Ids:
    """Integer keys for `field__any_of`, checked once, as a whole."""

    __slots__ = ("values",)

    def __init__(self, values: Iterable[int]) -> None:
        self.values = [int(value) for value in values]


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list]:
        if isinstance(value, Ids):
            values = value.values
        else:
            field = self.lhs.output_field
            values = [field.get_db_prep_value(item, connection) for item in value]
        if connection.vendor == "postgresql":
            return "%s", [values]
        return "%s", [json.dumps(values)]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        params = [*lhs_params, *rhs_params]
        if connection.vendor == "postgresql":
            cast = self.lhs.output_field.cast_db_type(connection)
            return f"{lhs} = ANY({rhs}::{cast}[])", params
        # Both sides are compiled SQL; the values are one parameter.
        return f"{lhs} IN (SELECT value FROM json_each({rhs}))", params  # noqa: S608


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)
