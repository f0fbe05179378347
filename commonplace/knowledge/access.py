"""Every route of the knowledge app, and what each viewer gets.

Pages and API operations are declared in two lists of their own
(`access_pages`, `access_api`), joined here for the privacy matrix.
"""

from commonplace.knowledge.access_api import API_ROUTES
from commonplace.knowledge.access_pages import PAGE_ROUTES

ROUTES = [*PAGE_ROUTES, *API_ROUTES]
