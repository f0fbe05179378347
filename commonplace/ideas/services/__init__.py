"""Writes of the idea trip, one module per sub-concept."""

from commonplace.ideas.services.ideas import (
    IdeaDraft,
    clean_draft,
    edit_idea,
    follow_idea,
    propose_idea,
    support_idea,
    unfollow_idea,
    withdraw_support,
)
from commonplace.ideas.services.moves import DecisionDraft, move_idea, review_moment
from commonplace.ideas.services.stages import (
    DEFAULT_STAGES,
    add_stage,
    delete_stage,
    ensure_stages,
    move_stage,
    prepare_stages,
    rename_stage,
    set_waiting_days,
)

__all__ = [
    "DEFAULT_STAGES",
    "DecisionDraft",
    "IdeaDraft",
    "add_stage",
    "clean_draft",
    "delete_stage",
    "edit_idea",
    "ensure_stages",
    "follow_idea",
    "move_idea",
    "move_stage",
    "prepare_stages",
    "propose_idea",
    "rename_stage",
    "review_moment",
    "set_waiting_days",
    "support_idea",
    "unfollow_idea",
    "withdraw_support",
]
