"""The home feed and the unanswered questions in the API."""

from __future__ import annotations

from enum import StrEnum

from django.http import HttpRequest
from ninja import Field, Query, Router

from commonplace.api.auth import acting_person
from commonplace.api.errors import with_errors
from commonplace.core.pagination import Page
from commonplace.feeds import selectors
from commonplace.knowledge.models import Post
from commonplace.knowledge.schemas import PostPageOut
from commonplace.people.schemas import PageQuery

router = Router(tags=["feeds"])


class FeedOrder(StrEnum):
    LATEST = selectors.LATEST
    TOP = selectors.TOP


class FeedQuery(PageQuery):
    order: FeedOrder = Field(
        FeedOrder.LATEST,
        description="latest: newest first; top: this week's posts by score.",
    )


@router.get("/feed", response=with_errors(200, PostPageOut), url_name="feed")
def feed(request: HttpRequest, query: Query[FeedQuery]) -> Page[Post]:
    """Posts from the communities one joined or follows and the people and
    topics one follows, in the communities one may read."""
    return selectors.home_feed(
        acting_person(request),
        order=query.order.value,
        cursor=query.cursor,
        size=query.size,
    )


@router.get(
    "/unanswered", response=with_errors(200, PostPageOut), url_name="unanswered"
)
def unanswered(request: HttpRequest, query: Query[PageQuery]) -> Page[Post]:
    """Questions with no accepted answer and no answer found helpful, in the
    topics one states or has answered, across the communities one reads."""
    viewer = acting_person(request)
    return selectors.unanswered_for(
        viewer, selectors.known_topics(viewer), cursor=query.cursor, size=query.size
    )
