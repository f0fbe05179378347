from commonplace.core.access import Route

ROUTES: list[Route] = []
