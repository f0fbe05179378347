"""Implementation on the pages: what an idea's page shows of its plan and
its measured impact."""

from __future__ import annotations

from typing import Any

from commonplace import permissions
from commonplace.ideas import selectors
from commonplace.ideas.models import PLANNED_KINDS, Idea


def implementation_context(viewer: permissions.Viewer, idea: Idea) -> dict[str, Any]:
    """The plan with its progress once the idea is decided, and its impact."""
    planned = idea.stage.kind in PLANNED_KINDS
    return {
        "plan": selectors.plan_of(idea) if planned else None,
        "impact": selectors.impact_of(idea),
    }
