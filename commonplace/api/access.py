from commonplace.core.access import (
    ADMINISTRATOR,
    ANONYMOUS,
    EXTERNAL,
    MEMBER,
    OPEN_TO_ALL,
    Route,
)

ROUTES = [
    Route("api:health", expect=OPEN_TO_ALL),
    Route("api:openapi-json", expect=OPEN_TO_ALL),
    Route("api:openapi-view", expect=OPEN_TO_ALL),
    # django-ninja's root: nothing lives at /api/v1/ itself (JSON 404).
    Route(
        "api:api-root",
        expect={ANONYMOUS: 404, MEMBER: 404, EXTERNAL: 404, ADMINISTRATOR: 404},
    ),
]
