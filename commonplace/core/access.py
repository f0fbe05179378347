"""The vocabulary of the access matrix that every app's `access.py` uses.

Each app lists its routes with the answer each kind of viewer must get;
`tests/privacy` requests every route as every viewer, against a shared
world of people, communities and things (`tests/privacy/world.py`), and
fails when a URL pattern or API operation is missing from the lists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

ANONYMOUS = "anonymous"
# A member of the organisation who belongs to none of the world's communities.
OUTSIDER = "outsider"
# An external member invited nowhere.
EXTERNAL = "external"
GUEST = "guest"
MEMBER = "member"
MODERATOR = "moderator"
LEADER = "leader"
OWNER = "owner"
ADMINISTRATOR = "administrator"
COMMUNITY_MANAGER = "community_manager"
VIEWERS = (
    ANONYMOUS,
    OUTSIDER,
    EXTERNAL,
    GUEST,
    MEMBER,
    MODERATOR,
    LEADER,
    OWNER,
    ADMINISTRATOR,
    COMMUNITY_MANAGER,
)
COMMUNITY_ROLES = (GUEST, MEMBER, MODERATOR, LEADER, OWNER)
VISIBILITIES = ("public", "private", "secret")

OPEN_TO_ALL = {ANONYMOUS: 200, MEMBER: 200, EXTERNAL: 200, ADMINISTRATOR: 200}
# A page for signed-in people only: anonymous visitors go to sign in.
SIGNED_IN = {ANONYMOUS: 302, MEMBER: 200, EXTERNAL: 200, ADMINISTRATOR: 200}
# The organisation's own pages (directory, teams, topics): not for externals.
MEMBERS_ONLY = {ANONYMOUS: 302, MEMBER: 200, EXTERNAL: 404, ADMINISTRATOR: 200}
# The same rules for API operations, which answer 401 instead of redirecting.
API_SIGNED_IN = {ANONYMOUS: 401, MEMBER: 200, EXTERNAL: 200, ADMINISTRATOR: 200}
API_MEMBERS_ONLY = {ANONYMOUS: 401, MEMBER: 200, EXTERNAL: 404, ADMINISTRATOR: 200}

WorldValue = Callable[[Any], Mapping[str, object]]
# For routes about a community: (visibility, viewer) -> expected status.
CommunityExpectation = Callable[[str, str], int]


@dataclass(frozen=True)
class Route:
    """One URL name (or a namespace, "admin:*"), and what each viewer gets.

    `expect` maps viewer kinds to statuses. Kinds left out answer as MEMBER
    does: outsiders, community roles and community managers are all plain
    members of the organisation to routes that are not about a community.

    A route about a community sets `expect_in_community` instead: it is
    requested once per visibility, with the world's `community` set to the
    community of that visibility, and the function gives the status.

    `kwargs` and `data` are functions of the test world, so a route can
    name an object that exists only in the test. Declare a route several
    times (with a `label`) when the answer depends on the object.
    """

    name: str
    expect: Mapping[str, int] | None = None
    expect_in_community: CommunityExpectation | None = None
    method: str = "GET"
    probe: str | None = None
    kwargs: WorldValue | None = None
    data: WorldValue | None = None
    label: str = ""
    content_type: str = "application/x-www-form-urlencoded"

    @property
    def url_name(self) -> str:
        return self.probe or self.name

    @property
    def visibilities(self) -> tuple[str | None, ...]:
        return VISIBILITIES if self.expect_in_community else (None,)

    def expected(self, viewer: str, visibility: str | None) -> int:
        if self.expect_in_community is not None and visibility is not None:
            return self.expect_in_community(visibility, viewer)
        if self.expect is None:
            raise ValueError(f"{self.name} declares no expectation")
        return self.expect.get(viewer, self.expect[MEMBER])

    def covers(self, url_name: str) -> bool:
        if self.name.endswith(":*"):
            return url_name.startswith(self.name[:-1])
        return url_name == self.name

    def describe(self) -> str:
        return " ".join(part for part in (self.method, self.name, self.label) if part)
