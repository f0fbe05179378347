"""Ideas in the API, one router: the trip from proposal to decision
(`trip`), evaluating ideas (`evaluation`), and carrying out decided ones,
their impact and the funnel (`implementation`)."""

from ninja import Router

from commonplace.ideas.api import evaluation, implementation, trip

# The modules' routers have no tags of their own: ninja adds a nested
# router's tags to its parent's, which would list every operation twice.
router = Router(tags=["ideas"])
router.add_router("", trip.router)
router.add_router("", evaluation.router)
router.add_router("", implementation.router)
