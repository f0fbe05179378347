from commonplace.core.access import API_MEMBERS_ONLY, MEMBERS_ONLY, Route


def _topic(world):
    return {"slug": world.topic.slug}


ROUTES = [
    Route("topics:index", expect=MEMBERS_ONLY),
    Route("topics:detail", expect=MEMBERS_ONLY, kwargs=_topic),
    Route("topics:suggest", expect=MEMBERS_ONLY, data=lambda w: {"q": "kub"}),
    Route("api:topic-list", expect=API_MEMBERS_ONLY, data=lambda w: {"q": "kub"}),
    Route("api:topic-detail", expect=API_MEMBERS_ONLY, kwargs=_topic),
    Route("api:topic-people", expect=API_MEMBERS_ONLY, kwargs=_topic),
]
