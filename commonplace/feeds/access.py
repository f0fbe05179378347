"""Who gets what from the home page, the feed and the unanswered lists.

The home page welcomes visitors and shows the feed to people signed in;
the feed and the unanswered questions are everyone's own, filtered to the
communities they read, so every signed-in person gets 200.
"""

from commonplace.core.access import API_SIGNED_IN, OPEN_TO_ALL, SIGNED_IN, Route

ROUTES = [
    Route("feeds:home", expect=OPEN_TO_ALL),
    Route(
        "feeds:home", expect=OPEN_TO_ALL, data=lambda w: {"order": "top"}, label="top"
    ),
    Route("feeds:unanswered", expect=SIGNED_IN),
    Route("api:feed", expect=API_SIGNED_IN),
    Route("api:unanswered", expect=API_SIGNED_IN),
]
