"""Keyset ("cursor") pagination for every list, on pages and in the API.

A page is fetched by comparing the ordering columns with the last row the
reader saw, so the cost stays flat however deep the reader goes and no
`COUNT(*)` is ever run. The cursor is opaque to readers: base64 of the last
row's ordering values.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from commonplace.core.errors import InvalidInput

ModelT = TypeVar("ModelT", bound=models.Model)
# What a page holds: rows, or what a selector made of them.
ItemT = TypeVar("ItemT")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Page(Generic[ItemT]):
    """One page of rows, and the cursor that fetches the next one."""

    items: list[ItemT]
    next_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


@dataclass(frozen=True)
class _Key:
    field: models.Field[Any, Any]
    descending: bool
    name_: str = ""

    @property
    def name(self) -> str:
        return self.name_ or self.field.name

    def value_of(self, row: models.Model) -> Any:
        return getattr(row, self.name_ or self.field.attname)


def paginate(
    queryset: models.QuerySet[ModelT],
    *,
    ordering: Sequence[str],
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page[ModelT]:
    """Return the page of `queryset` after `cursor`, in `ordering`.

    `ordering` names non-null fields of the model ("-created_at", "-pk") and
    must end with a unique one, or rows sharing a value could be skipped.
    Raises InvalidInput for a cursor that was not made here or a size out of
    range, so bad links answer 400 instead of an error page.
    """
    check_size(size)
    keys = _keys(queryset, ordering)
    rows = queryset.order_by(*ordering)
    if cursor:
        rows = rows.filter(_after(keys, _decode(cursor, keys)))
    return _cut(rows, keys, size)


def _cut(rows: models.QuerySet[ModelT], keys: list[_Key], size: int) -> Page[ModelT]:
    """The first `size` of the ordered `rows`, and the cursor after them."""
    items = list(rows[: size + 1])
    if len(items) <= size:
        return Page(items=items, next_cursor=None)
    items = items[:size]
    return Page(items=items, next_cursor=_encode(keys, items[-1]))


@dataclass(frozen=True)
class Branches:
    """Filters alike but for one value: `make(value)` for each of `values`
    ("posts in community 3", "in community 8", ...), read from `within`
    when given, else from the queryset paged."""

    make: Callable[[int], Q]
    values: Sequence[int]
    within: models.QuerySet[Any] | None = None


# Stands for a branch's value while its SQL is made, once per kind of branch.
_PLACEHOLDER = -7_301_982_364


def paginate_merged(
    queryset: models.QuerySet[ModelT],
    branches: Sequence[Branches],
    *,
    ordering: Sequence[str],
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page[ModelT]:
    """The page of `queryset` rows matching any of `branches`, in `ordering`.

    A feed of "posts in any of these 30 communities or by any of these 12
    people" made as one filter makes the database read and sort every
    matching row to return 20. Here each branch gives only its own first
    page, read in order from its index, and the page is taken from their
    union: the cost follows the number of branches, not the rows behind
    them. The first page of the union is always within the branches'
    first pages, so the result is the same. Each kind of branch is made
    into SQL once, with its value as a parameter: building dozens of
    querysets cost more than running them.
    """
    check_size(size)
    keys = _keys(queryset, ordering)
    after = _after(keys, _decode(cursor, keys)) if cursor else Q()
    tops: list[str] = []
    params: list[Any] = []
    for kind in branches:
        if not kind.values:
            continue
        source = queryset if kind.within is None else kind.within
        top = source.filter(kind.make(_PLACEHOLDER)).filter(after)
        first_ids = top.order_by(*ordering).values("pk")[: size + 1]
        sql, kind_params = first_ids.query.sql_with_params()
        slot = _placeholder_slot(kind_params)
        for value in kind.values:
            tops.append(f"SELECT * FROM ({sql}) AS branch_{len(tops)}")  # noqa: S608
            params += [*kind_params[:slot], value, *kind_params[slot + 1 :]]
    if not tops:
        return Page(items=[], next_cursor=None)
    # Only SQL that Django compiled, and parameters kept apart from it.
    merged = RawSQL(" UNION ALL ".join(tops), params)  # noqa: S611
    return _cut(queryset.filter(after, pk__in=merged).order_by(*ordering), keys, size)


def _placeholder_slot(params: Sequence[Any]) -> int:
    slots = [index for index, value in enumerate(params) if value == _PLACEHOLDER]
    if len(slots) != 1:
        raise ValueError("A branch must use its value exactly once")
    return slots[0]


def check_size(size: int) -> None:
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidInput(
            _("A page holds between 1 and %(max)d items.") % {"max": MAX_PAGE_SIZE},
            fields={
                "size": [
                    _("Choose a number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}
                ]
            },
        )


def _keys(queryset: models.QuerySet[Any], ordering: Sequence[str]) -> list[_Key]:
    """The ordering's columns: model fields, or annotations of the queryset
    (a computed rank), each with the field type that reads its cursor value."""
    model = queryset.model
    annotations = queryset.query.annotations
    keys = []
    for term in ordering:
        name = term.removeprefix("-")
        if name in annotations:
            field = annotations[name].output_field
            keys.append(_Key(field=field, descending=term.startswith("-"), name_=name))
            continue
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist:
            raise ValueError(
                f"{model.__name__} has no field {name!r} to order by"
            ) from None
        if not isinstance(field, models.Field):
            raise ValueError(f"{name!r} is a relation, not a column to order by")
        keys.append(_Key(field=field, descending=term.startswith("-")))
    last = keys[-1].field
    if not (last.primary_key or last.unique):
        raise ValueError("The last ordering field must be unique")
    return keys


def _after(keys: list[_Key], values: list[Any]) -> Q:
    """Rows strictly after `values` in the order of `keys`.

    The first key is also bounded on its own (created_at <= v), which an
    index can seek to: without it, a deep page scans every newer row.
    """
    first, first_value = keys[0], values[0]
    bound = "lte" if first.descending else "gte"
    condition = Q()
    equal_so_far = Q()
    for key, value in zip(keys, values, strict=True):
        lookup = "lt" if key.descending else "gt"
        condition |= equal_so_far & Q(**{f"{key.name}__{lookup}": value})
        equal_so_far &= Q(**{key.name: value})
    return Q(**{f"{first.name}__{bound}": first_value}) & condition


def _encode(keys: list[_Key], row: models.Model) -> str:
    return encode_cursor([_jsonable(key.value_of(row)) for key in keys])


def encode_cursor(values: list[Any]) -> str:
    """An opaque cursor holding `values` (JSON-serialisable), for lists
    ordered by something other than columns (search, by relevance)."""
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def bad_cursor() -> InvalidInput:
    return InvalidInput(
        _("This page link is not valid any more. Start again from the first page."),
        fields={"cursor": [_("Not a cursor given by this list.")]},
    )


def decode_cursor(cursor: str, length: int) -> list[Any]:
    """The `length` values in a cursor from `encode_cursor`, or InvalidInput."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeError):
        raise bad_cursor() from None
    if not isinstance(values, list) or len(values) != length:
        raise bad_cursor()
    return values


def _decode(cursor: str, keys: list[_Key]) -> list[Any]:
    values = decode_cursor(cursor, len(keys))
    try:
        return [
            key.field.to_python(value) for key, value in zip(keys, values, strict=True)
        ]
    except (ValidationError, TypeError, ValueError):
        raise bad_cursor() from None
