"""Who gets what from "people who can likely help".

For anyone signed in, external members too: what counts toward each
suggestion is narrowed to what they may read inside the ranker. A
community to ask in must be one the viewer reads; any other answers 400,
exactly as an address naming no community does. The page's fragment
answers a visitor whose session ended with nothing (204).
"""

from commonplace.core.access import API_SIGNED_IN, Route
from commonplace.search.access import FRAGMENT, filtered


def _question(world):
    return {"title": "Why does the build fail?", "topics": "kubernetes"}


def _in_community(world):
    return {**_question(world), "community": world.community.slug}


ROUTES = [
    Route("expertise:suggestions", expect=FRAGMENT, method="POST", data=_question),
    Route(
        "expertise:suggestions",
        expect_in_community=filtered(204),
        method="POST",
        data=_in_community,
        label="in one community",
    ),
    Route("api:expertise-suggestions", expect=API_SIGNED_IN, data=_question),
    Route(
        "api:expertise-suggestions",
        expect_in_community=filtered(401),
        data=_in_community,
        label="in one community",
    ),
]
