"""A community's audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import (
    require_safe,
)

from commonplace.communities import selectors
from commonplace.communities.views.common import (
    ACTION_LABELS,
    FIELD_LABELS,
    VALUE_LABELS,
)
from commonplace.core.models import AuditEntry
from commonplace.web.viewing import page_cursor, signed_in

# --- The audit trail ------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    label: Any
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    action: Any
    changes: list[Change]


def _shown(name: str, value: Any) -> Any:
    if value is None:
        return ""
    return VALUE_LABELS.get(name, {}).get(value, value)


def _audit_row(entry: AuditEntry) -> AuditRow:
    names = list(dict.fromkeys([*entry.before, *entry.after]))
    changes = [
        Change(
            label=FIELD_LABELS.get(name, name),
            before=_shown(name, entry.before.get(name)),
            after=_shown(name, entry.after.get(name)),
        )
        for name in names
    ]
    return AuditRow(
        entry=entry,
        action=ACTION_LABELS.get(entry.action, entry.action),
        changes=changes,
    )


@require_safe
@login_required
def audit(request: HttpRequest, slug: str) -> HttpResponse:
    """Who changed what in the community: for its owners and administrators."""
    viewer = signed_in(request)
    community = selectors.access_community(viewer, slug)
    page = selectors.community_audit(viewer, community, cursor=page_cursor(request))
    context = {
        "community": community,
        "page": page,
        "rows": [_audit_row(entry) for entry in page.items],
    }
    return render(request, "communities/audit.html", context)
