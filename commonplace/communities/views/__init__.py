"""Community pages: finding, starting, joining and running communities.

Every page about one community first fetches it through the selectors, so
a community the viewer may not see answers with the same 404 as one that
does not exist. The services decide everything else; a refused change
comes back on the page it was made from, with what was typed kept.
"""

from commonplace.communities.views.audit import audit
from commonplace.communities.views.finding import cover, directory, mine
from commonplace.communities.views.invitations import accept, invitation
from commonplace.communities.views.membership import (
    enter_as_administrator,
    follow,
    join,
    leave,
    request_to_join,
    unfollow,
)
from commonplace.communities.views.pages import detail, edit, members, new
from commonplace.communities.views.running import (
    change_role,
    decide_request,
    invite,
    manage,
    remove_member,
)

__all__ = [
    "accept",
    "audit",
    "change_role",
    "cover",
    "decide_request",
    "detail",
    "directory",
    "edit",
    "enter_as_administrator",
    "follow",
    "invitation",
    "invite",
    "join",
    "leave",
    "manage",
    "members",
    "mine",
    "new",
    "remove_member",
    "request_to_join",
    "unfollow",
]
