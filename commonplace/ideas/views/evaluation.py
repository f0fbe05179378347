"""Evaluation on the pages: what an idea's page shows of its scores."""

from __future__ import annotations

from typing import Any

from commonplace import permissions
from commonplace.ideas import selectors
from commonplace.ideas.models import Idea


def evaluation_context(viewer: permissions.Viewer, idea: Idea) -> dict[str, Any]:
    """The idea's criteria and every evaluator's scores, for its readers."""
    return {
        "criteria": selectors.criteria_of(idea.community),
        "evaluations": selectors.evaluations_of(idea),
    }
