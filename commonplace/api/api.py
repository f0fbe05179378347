"""The one NinjaAPI object, at /api/v1/; each app contributes a router.

Every operation needs a signed-in person (the session cookie, with its CSRF
token on writes) unless it says `auth=None`.
"""

from ninja import NinjaAPI
from ninja.security import django_auth

from commonplace.api import system
from commonplace.api.errors import install_error_handlers
from commonplace.people.api import router as people_router
from commonplace.topics.api import router as topics_router

api = NinjaAPI(
    title="Commonplace API",
    version="1",
    description=(
        "Everything a person can do in Commonplace, as JSON. Every 4xx answer "
        'has one shape: {"detail": "a sentence", "fields": {"name": ["..."]}}.'
    ),
    urls_namespace="api",
    auth=django_auth,
)
install_error_handlers(api)
api.add_router("/", system.router)
api.add_router("/", people_router)
api.add_router("/topics", topics_router)
