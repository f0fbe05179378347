"""Writes of expertise: kept from contributions, and asking people for
help with questions; one module per sub-concept, all exported here."""

from commonplace.expertise.services.contributions import (
    ACCEPTED_WEIGHT,
    ANSWER_WEIGHT,
    HELPFUL_WEIGHT,
    WRITING_WEIGHT,
    people_knowing,
    rebuild,
    refresh,
    refresh_thread,
    schedule_refresh,
    schedule_refreshes,
    schedule_thread_refresh,
)
from commonplace.expertise.services.routing import (
    MAX_AT_ONCE,
    ask_community,
    decline,
    question_of,
    request_help,
    route,
    rule_of,
    schedule_routing,
    set_preferences,
    set_rule,
)

__all__ = [
    "ACCEPTED_WEIGHT",
    "ANSWER_WEIGHT",
    "HELPFUL_WEIGHT",
    "MAX_AT_ONCE",
    "WRITING_WEIGHT",
    "ask_community",
    "decline",
    "people_knowing",
    "question_of",
    "rebuild",
    "refresh",
    "refresh_thread",
    "request_help",
    "route",
    "rule_of",
    "schedule_refresh",
    "schedule_refreshes",
    "schedule_routing",
    "schedule_thread_refresh",
    "set_preferences",
    "set_rule",
]
