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
from django.db.models import Q
from typing_extensions import TypeIs

from commonplace.core.errors import NotAllowed, NotFound

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


def is_signed_in(viewer: Viewer) -> TypeIs[User]:
    """An active, authenticated person: deactivation ends access at once."""
    return bool(viewer.is_authenticated and viewer.is_active)


def can(viewer: Viewer, action: str, target: object = None) -> bool:
    """Whether `viewer` may do `action` to `target`."""
    try:
        decide = _RULES[action]
    except KeyError:
        raise LookupError(f"No permission rule for the action {action!r}") from None
    return decide(viewer, target)


def require(
    viewer: Viewer, action: str, target: object = None, *, hide: bool = False
) -> None:
    """Raise NotAllowed unless `viewer` may do `action` to `target`.

    With `hide`, raise NotFound instead: for pages whose very existence is
    not the viewer's business, a refusal must look like a missing page.
    """
    if not can(viewer, action, target):
        raise NotFound if hide else NotAllowed


@rule("administer")
def _administer(viewer: Viewer, target: object) -> bool:
    return is_signed_in(viewer) and bool(viewer.is_staff)


# --- People ------------------------------------------------------------------


def visible_people_filter(viewer: Viewer) -> Q:
    """The people `viewer` may see, as a filter on the User table.

    Members see every active person. External members see themselves and
    the people who follow them (their communities widen this later); an
    anonymous visitor sees nobody. Deactivated people disappear for all but
    administrators, who manage them in the administration pages.
    """
    if not is_signed_in(viewer):
        return Q(pk__in=[])
    if viewer.is_external:
        from commonplace.people.models import Follow

        followers = Follow.objects.filter(person=viewer).values("follower")
        return Q(pk=viewer.pk) | Q(is_active=True, pk__in=followers)
    return Q(is_active=True)


@rule("view_person")
def _view_person(viewer: Viewer, person: User) -> bool:
    if not is_signed_in(viewer):
        return False
    if viewer.pk == person.pk:
        return True
    if not person.is_active:
        return bool(viewer.is_staff)
    if viewer.is_external:
        return person.following.filter(person=viewer).exists()
    return True


@rule("edit_profile")
def _edit_profile(viewer: Viewer, person: User) -> bool:
    return is_signed_in(viewer) and viewer.pk == person.pk


@rule("follow")
def _follow(viewer: Viewer, target: object) -> bool:
    """Anyone signed in may follow what they can see; never themselves."""
    return is_signed_in(viewer) and target != viewer


@rule("browse_directory")
def _browse_directory(viewer: Viewer, target: object) -> bool:
    """The organisation's directory, teams and topics are for its members."""
    return is_signed_in(viewer) and not viewer.is_external
