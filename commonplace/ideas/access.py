"""Who gets what from the idea trip's pages and API: the lists are in
`access_pages.py`, `access_evaluation.py`,
`access_implementation.py` and `access_api.py`, gathered here for the matrix."""

from commonplace.ideas.access_api import ROUTES as API_ROUTES
from commonplace.ideas.access_evaluation import ROUTES as EVALUATION_ROUTES
from commonplace.ideas.access_implementation import ROUTES as IMPLEMENTATION_ROUTES
from commonplace.ideas.access_pages import ROUTES as PAGE_ROUTES

ROUTES = [*PAGE_ROUTES, *EVALUATION_ROUTES, *IMPLEMENTATION_ROUTES, *API_ROUTES]
