"""The one policy: the only place that answers "may this person do this?".

Every service asks `require(actor, action, target)` before it writes, and
every selector narrows its rows with the visibility rules kept here, so a
rule changes in one place and every page, API operation, task and export
follows. Actions are plain names; an action without a rule is a programming
error, never a silent "yes".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from django.contrib.auth.models import AnonymousUser

from commonplace.core.errors import NotAllowed

if TYPE_CHECKING:
    from commonplace.people.models import User

Viewer: TypeAlias = "User | AnonymousUser"
Rule: TypeAlias = Callable[[Any, Any], bool]

_RULES: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    """Register the function that decides `action`; one rule per action."""

    def register(decide: Rule) -> Rule:
        if action in _RULES:
            raise ValueError(f"The action {action!r} already has a rule")
        _RULES[action] = decide
        return decide

    return register


def is_signed_in(viewer: Viewer) -> bool:
    """An active, authenticated person: deactivation ends access at once."""
    return bool(viewer.is_authenticated and viewer.is_active)


def can(viewer: Viewer, action: str, target: object = None) -> bool:
    """Whether `viewer` may do `action` to `target`."""
    try:
        decide = _RULES[action]
    except KeyError:
        raise LookupError(f"No permission rule for the action {action!r}") from None
    return decide(viewer, target)


def require(viewer: Viewer, action: str, target: object = None) -> None:
    """Raise NotAllowed unless `viewer` may do `action` to `target`."""
    if not can(viewer, action, target):
        raise NotAllowed


@rule("administer")
def _administer(viewer: Viewer, target: object) -> bool:
    return is_signed_in(viewer) and bool(viewer.is_staff)
