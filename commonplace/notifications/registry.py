"""The registry of notification kinds and of the things they point at.

A notification row holds only references (a target type and id, an actor,
a kind). What it says, where it links and whether the reader may still see
it are decided when it is read, by the kind and the target registered
here, so a person who lost access to a community stops seeing its
notifications at once. Apps register in their `notifying.py` module; a new
capability adds kinds without changing the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise

if TYPE_CHECKING:
    from commonplace.notifications.models import Notification
    from commonplace.permissions import Viewer

MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Target:
    """A type of thing a notification points at.

    `visible(viewer)` returns the rows of that type the viewer may still
    see, with the policy applied (and the relations `describe` and `url`
    read already joined), so filtering and loading cost one query per type.
    """

    name: str
    visible: Callable[[Viewer], QuerySet[Any]]
    url: Callable[[Any], str]


@dataclass(frozen=True)
class Kind:
    """One kind of notification.

    `describe(notification, target)` gives the sentence the reader sees;
    `targets` are the target types it may point at. A `grouped` kind
    gathers every event on the same target (and detail) into one unread
    notification: "Ana and 4 others found this helpful". `label` names it
    on the preferences page.
    """

    name: str
    label: str | Promise
    targets: tuple[str, ...]
    describe: Callable[[Notification, Any], str]
    grouped: bool = False
    default_in_app: bool = True


_KINDS: dict[str, Kind] = {}
_TARGETS: dict[str, Target] = {}


def register_target(target: Target) -> Target:
    if target.name in _TARGETS:
        raise ValueError(f"The notification target {target.name!r} already exists")
    _TARGETS[target.name] = target
    return target


def register_kind(kind: Kind) -> Kind:
    if kind.name in _KINDS:
        raise ValueError(f"The notification kind {kind.name!r} already exists")
    _KINDS[kind.name] = kind
    return kind


def kind(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No notification kind {name!r} is registered") from None


def kinds() -> list[Kind]:
    """Every registered kind, in the order they were registered."""
    return list(_KINDS.values())


def target(name: str) -> Target:
    try:
        return _TARGETS[name]
    except KeyError:
        raise LookupError(f"No notification target {name!r} is registered") from None


def targets() -> list[Target]:
    return list(_TARGETS.values())


def target_name(item: Model) -> str:
    """The target type of a row: its model's name in lower case."""
    return type(item).__name__.lower()
