"""The one NinjaAPI object, at /api/v1/; each app contributes a router.

Every operation needs a signed-in person unless it says `auth=None`: a
personal access token (`Authorization: Bearer cp_...`, no CSRF token
needed) or the session cookie (with its CSRF token on writes).
"""

from ninja import NinjaAPI
from ninja.security import django_auth

from commonplace.accounts.api import router as access_tokens_router
from commonplace.api import system
from commonplace.api.auth import BearerToken
from commonplace.api.errors import install_error_handlers
from commonplace.communities.api import router as communities_router
from commonplace.expertise.api import router as expertise_router
from commonplace.feeds.api import router as feeds_router
from commonplace.ideas.api import router as ideas_router
from commonplace.knowledge.api import router as knowledge_router
from commonplace.notifications.api import router as notifications_router
from commonplace.people.api import router as people_router
from commonplace.search.api import router as search_router
from commonplace.topics.api import router as topics_router

api = NinjaAPI(
    title="Commonplace API",
    version="1",
    description=(
        "Everything a person can do in Commonplace, as JSON. Every 4xx answer "
        'has one shape: {"detail": "a sentence", "fields": {"name": ["..."]}}.'
    ),
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
)
install_error_handlers(api)
api.add_router("/", system.router)
api.add_router("/", people_router)
api.add_router("/topics", topics_router)
# At the root: /communities/..., /me/communities, /me/community-invitations.
api.add_router("/", communities_router)
api.add_router("/me/tokens", access_tokens_router)
# At the root: /posts/..., /answers/..., /comments/..., /communities/{slug}/posts.
api.add_router("/", knowledge_router)
api.add_router("/", notifications_router)
# At the root: /feed, /unanswered.
api.add_router("/", feeds_router)
api.add_router("/search", search_router)
api.add_router("/expertise", expertise_router)
# At the root: /communities/{slug}/ideas, /idea-stages, /idea-settings and
# /decisions; /ideas/... and /decisions/....
api.add_router("/", ideas_router)
