"""The vocabulary of the access matrix that every app's `access.py` uses.

Each app lists its routes with the answer each kind of viewer must get;
`tests/privacy` requests every route as every viewer, against a shared
world of people and things (`tests/privacy/world.py`), and fails when a URL
pattern or API operation is missing from the lists. Later capabilities add
viewer kinds (community roles) here and objects to the world.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

ANONYMOUS = "anonymous"
MEMBER = "member"
EXTERNAL = "external"
ADMINISTRATOR = "administrator"
VIEWERS = (ANONYMOUS, MEMBER, EXTERNAL, ADMINISTRATOR)

OPEN_TO_ALL = {ANONYMOUS: 200, MEMBER: 200, EXTERNAL: 200, ADMINISTRATOR: 200}
# A page for signed-in people only: anonymous visitors go to sign in.
SIGNED_IN = {ANONYMOUS: 302, MEMBER: 200, EXTERNAL: 200, ADMINISTRATOR: 200}
# The organisation's own pages (directory, teams, topics): not for externals.
MEMBERS_ONLY = {ANONYMOUS: 302, MEMBER: 200, EXTERNAL: 404, ADMINISTRATOR: 200}
# The same rules for API operations, which answer 401 instead of redirecting.
API_SIGNED_IN = {ANONYMOUS: 401, MEMBER: 200, EXTERNAL: 200, ADMINISTRATOR: 200}
API_MEMBERS_ONLY = {ANONYMOUS: 401, MEMBER: 200, EXTERNAL: 404, ADMINISTRATOR: 200}

WorldValue = Callable[[Any], Mapping[str, object]]


@dataclass(frozen=True)
class Route:
    """One URL name (or a namespace, "admin:*"), and what each viewer gets.

    `kwargs` and `data` are functions of the test world, so a route can
    name an object ("the colleague's page") that exists only in the test.
    Declare a route several times when the answer depends on the object.
    """

    name: str
    expect: Mapping[str, int]
    method: str = "GET"
    probe: str | None = None
    kwargs: WorldValue | None = None
    data: WorldValue | None = None
    label: str = ""
    content_type: str = "application/x-www-form-urlencoded"

    @property
    def url_name(self) -> str:
        return self.probe or self.name

    def covers(self, url_name: str) -> bool:
        if self.name.endswith(":*"):
            return url_name.startswith(self.name[:-1])
        return url_name == self.name

    def describe(self) -> str:
        return " ".join(part for part in (self.method, self.name, self.label) if part)
