"""The one NinjaAPI object, at /api/v1/; each app contributes a router."""

from ninja import NinjaAPI

from commonplace.api import system
from commonplace.api.errors import install_error_handlers

api = NinjaAPI(
    title="Commonplace API",
    version="1",
    description=(
        "Everything a person can do in Commonplace, as JSON. Every 4xx answer "
        'has one shape: {"detail": "a sentence", "fields": {"name": ["..."]}}.'
    ),
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", system.router)
