"""Recording changes in the append-only audit log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import models

from commonplace.core.models import AuditEntry

if TYPE_CHECKING:
    from commonplace.people.models import User


def record_change(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    scope: models.Model | None = None,
) -> AuditEntry:
    """Append one entry; call inside the transaction that makes the change.

    `scope` names the object whose audit trail shows the entry, such as the
    community a membership belongs to.
    """
    return AuditEntry.objects.create(
        scope=scope_of(scope) if scope is not None else "",
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:200],
        before=dict(before or {}),
        after=dict(after or {}),
    )


def scope_of(instance: models.Model) -> str:
    return f"{instance._meta.label_lower}:{instance.pk}"
