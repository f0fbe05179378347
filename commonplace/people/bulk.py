"""The bulk path of people: many unclaimed people at once, for importers.

An unclaimed person has no e-mail and no usable password: they exist with
their contributions until an administrator invites or merges them into a
real account. Each gets a handle as `User.save` would give one, checked
against the database batch by batch rather than held in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q

from commonplace.core import bulk
from commonplace.people.handles import base_handle, first_free
from commonplace.people.models import MAX_BIO_LENGTH, MAX_NAME_LENGTH, User

# One marker for everyone: "!" makes a password unusable, whatever follows.
UNUSABLE_PASSWORD = f"{UNUSABLE_PASSWORD_PREFIX}imported"
LOOKUP_CHUNK = 200


@dataclass(slots=True)
class PersonRow:
    id: int
    display_name: str
    location: str
    bio: str
    date_joined: datetime


def _taken(bases: set[str]) -> set[str]:
    """Handles already used that start with any of `bases`."""
    taken: set[str] = set()
    ordered = sorted(bases)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        condition = reduce(or_, (Q(handle__startswith=base) for base in chunk))
        taken |= set(User.objects.filter(condition).values_list("handle", flat=True))
    return taken


def prepare_people(rows: Sequence[PersonRow]) -> bulk.Prepared:
    """Unclaimed people, with free handles and names cut to fit."""
    names = [row.display_name.strip()[:MAX_NAME_LENGTH] or "?" for row in rows]
    bases = [base_handle(name) for name in names]
    taken = _taken(set(bases))
    values = []
    for row, name, base in zip(rows, names, bases, strict=True):
        handle = first_free(base, taken)
        taken.add(handle)
        values.append(
            (
                row.id,
                None,
                name,
                handle,
                row.location[:100],
                row.bio[:MAX_BIO_LENGTH],
                row.date_joined,
                UNUSABLE_PASSWORD,
                True,
            )
        )
    fields = [
        "id",
        "email",
        "display_name",
        "handle",
        "location",
        "bio",
        "date_joined",
        "password",
        "is_active",
    ]
    return bulk.prepare(User, fields, values)
