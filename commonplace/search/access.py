"""Who gets what from the search pages and API.

Search is for anyone signed in, external members too: what each finds is
narrowed to what they may see inside the search itself. A community
filter takes only a community the viewer reads; any other answers 400,
exactly as an address naming no community does. The two htmx fragments
answer a visitor whose session ended with nothing (204), as the header's
badge does, so no sign-in page is ever swapped into a page.
"""

from commonplace.communities.access_common import reads
from commonplace.core.access import (
    ANONYMOUS,
    API_SIGNED_IN,
    MEMBER,
    SIGNED_IN,
    CommunityExpectation,
    Route,
)

FRAGMENT = {ANONYMOUS: 204, MEMBER: 200}


def filtered(anonymous: int) -> CommunityExpectation:
    """Searching one community: its readers get results; everyone else
    the same 400 as for a community that does not exist."""

    def expect(visibility: str, viewer: str) -> int:
        if viewer == ANONYMOUS:
            return anonymous
        return 200 if reads(visibility, viewer) else 400

    return expect


def _words(world):
    return {"q": "build"}


def _in_community(world):
    return {"q": "build", "community": world.community.slug}


def _title(world):
    return {"title": "Why does the build fail?"}


ROUTES = [
    Route("search:results", expect=SIGNED_IN, data=_words),
    Route("search:results", expect=SIGNED_IN, label="without words"),
    Route(
        "search:results",
        expect_in_community=filtered(302),
        data=_in_community,
        label="in one community",
    ),
    Route("search:suggest", expect=FRAGMENT, data=lambda world: {"q": "ku"}),
    Route("search:similar", expect=FRAGMENT, data=_title),
    Route("api:search", expect=API_SIGNED_IN, data=_words),
    Route(
        "api:search",
        expect_in_community=filtered(401),
        data=_in_community,
        label="in one community",
    ),
    Route("api:search-suggest", expect=API_SIGNED_IN, data=lambda world: {"q": "ku"}),
    Route("api:search-similar", expect=API_SIGNED_IN, data=_title),
]
