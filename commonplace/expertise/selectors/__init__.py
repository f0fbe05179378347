"""Reads of expertise, already narrowed to what the viewer may see: who
knows about what (`finding`), and asking for help (`asking`)."""

from commonplace.expertise.selectors.asking import (
    Offer,
    RoutingFigures,
    asked_about,
    figures,
    offers,
    people_to_ask,
    received,
    received_one,
    request_of,
    rule_for,
    sent,
)
from commonplace.expertise.selectors.finding import (
    About,
    KnownTopic,
    known_topics,
    people_who_know,
    strongest_topics,
)

__all__ = [
    "About",
    "KnownTopic",
    "Offer",
    "RoutingFigures",
    "asked_about",
    "figures",
    "known_topics",
    "offers",
    "people_to_ask",
    "people_who_know",
    "received",
    "received_one",
    "request_of",
    "rule_for",
    "sent",
    "strongest_topics",
]
