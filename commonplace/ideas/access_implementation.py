"""Who gets what from the implementation, impact and funnel pages."""

from commonplace.core.access import Route

ROUTES: list[Route] = []
