from commonplace.core.access import (
    ADMINISTRATOR,
    ANONYMOUS,
    EXTERNAL,
    MEMBER,
    Route,
)

ROUTES = [
    # Django's admin: staff only; everyone else is sent to its sign-in page.
    Route(
        "admin:*",
        probe="admin:index",
        expect={ANONYMOUS: 302, MEMBER: 302, EXTERNAL: 302, ADMINISTRATOR: 200},
    ),
]
