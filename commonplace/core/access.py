"""The vocabulary of the access matrix that every app's `access.py` uses.

Each app lists its routes with the answer each kind of viewer must get;
`tests/privacy` requests every route as every viewer and fails when a URL
pattern or API operation is missing from the lists. Later capabilities add
viewer kinds (community roles, external guests) here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
MEMBER = "member"
ADMINISTRATOR = "administrator"
VIEWERS = (ANONYMOUS, MEMBER, ADMINISTRATOR)

OPEN_TO_ALL = {ANONYMOUS: 200, MEMBER: 200, ADMINISTRATOR: 200}


@dataclass(frozen=True)
class Route:
    """One URL name (or a namespace, "admin:*"), and what each viewer gets.

    `probe` names the URL actually requested for a namespace entry; `method`
    is the HTTP method the expectations are about.
    """

    name: str
    expect: Mapping[str, int]
    method: str = "GET"
    probe: str | None = None
    kwargs: Mapping[str, object] = field(default_factory=dict)

    @property
    def url_name(self) -> str:
        return self.probe or self.name

    def covers(self, url_name: str) -> bool:
        if self.name.endswith(":*"):
            return url_name.startswith(self.name[:-1])
        return url_name == self.name
