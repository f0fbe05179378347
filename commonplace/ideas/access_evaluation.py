"""Who gets what from the evaluation pages."""

from commonplace.core.access import Route

ROUTES: list[Route] = []
