"""Expertise in the API, one router: finding who can help or knows
(`finding`), and asking them (`asking`)."""

from ninja import Router

from commonplace.expertise.api import asking, finding

router = Router(tags=["expertise"])
router.add_router("", finding.router)
router.add_router("", asking.router)
