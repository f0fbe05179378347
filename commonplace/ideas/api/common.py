"""What the ideas API's modules share: the community and the stage named
in an operation's address, as the caller may read them, and a person
named by id in a body or a query."""

from __future__ import annotations

from commonplace import permissions
from commonplace.communities import selectors as community_selectors
from commonplace.communities.models import Community
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.ideas import selectors
from commonplace.ideas.models import Stage
from commonplace.people.models import User


def readable_community(viewer: User, slug: str) -> Community:
    """The community, if the caller reads it; otherwise it is not found."""
    community = community_selectors.access_community(viewer, slug, details=False)
    permissions.require(viewer, "community.read", community, hide=True)
    return community


def stage_in_address(community: Community, stage_id: int) -> Stage:
    """One of the community's stages, named in the address: an id of no
    stage here is not found (404), where one sent in a body or a query
    is bad input (400)."""
    try:
        return selectors.access_stage(community, stage_id)
    except InvalidInput:
        raise NotFound from None


def person_with_id(viewer: User, person_id: int, field: str) -> User:
    """The active person with this id, if the caller may see them; anyone
    else is bad input, said under `field`."""
    [person] = selectors.people_with_ids(viewer, [person_id], field=field)
    return person
