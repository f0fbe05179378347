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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
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
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidInput(
            _("A page holds between 1 and %(max)d items.") % {"max": MAX_PAGE_SIZE},
            fields={
                "size": [
                    _("Choose a number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}
                ]
            },
        )
    keys = _keys(queryset, ordering)
    rows = queryset.order_by(*ordering)
    if cursor:
        rows = rows.filter(_after(keys, _decode(cursor, keys)))
    items = list(rows[: size + 1])
    if len(items) <= size:
        return Page(items=items, next_cursor=None)
    items = items[:size]
    return Page(items=items, next_cursor=_encode(keys, items[-1]))


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
    """Rows strictly after `values` in the order of `keys`."""
    condition = Q()
    equal_so_far = Q()
    for key, value in zip(keys, values, strict=True):
        lookup = "lt" if key.descending else "gt"
        condition |= equal_so_far & Q(**{f"{key.name}__{lookup}": value})
        equal_so_far &= Q(**{key.name: value})
    return condition


def _encode(keys: list[_Key], row: models.Model) -> str:
    values = [_jsonable(key.value_of(row)) for key in keys]
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def _decode(cursor: str, keys: list[_Key]) -> list[Any]:
    bad_cursor = InvalidInput(
        _("This page link is not valid any more. Start again from the first page."),
        fields={"cursor": [_("Not a cursor given by this list.")]},
    )
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeError):
        raise bad_cursor from None
    if not isinstance(values, list) or len(values) != len(keys):
        raise bad_cursor
    try:
        return [
            key.field.to_python(value) for key, value in zip(keys, values, strict=True)
        ]
    except (ValidationError, TypeError, ValueError):
        raise bad_cursor from None
