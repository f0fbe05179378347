"""Topics in the API: the list, one topic, and the people who state it.

For the organisation's members only: external members get 404, exactly as
for a topic that does not exist.
"""

from django.http import HttpRequest
from ninja import Router

from commonplace.core.pagination import DEFAULT_PAGE_SIZE, Page
from commonplace.people import selectors as people_selectors
from commonplace.people.models import User
from commonplace.topics import selectors
from commonplace.topics.models import Topic
from commonplace.topics.schemas import TopicListOut, TopicOut, TopicPeopleOut

router = Router(tags=["topics"])


@router.get("", response=TopicListOut, url_name="topic-list")
def list_topics(
    request: HttpRequest,
    q: str = "",
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page[Topic]:
    """Topics in use, by name; `q` keeps those whose name starts with it."""
    return selectors.topic_index(request.user, prefix=q, cursor=cursor, size=size)


@router.get("/{slug}", response=TopicOut, url_name="topic-detail")
def get_topic(request: HttpRequest, slug: str) -> Topic:
    """One topic; a merged synonym's slug answers with the surviving topic."""
    return selectors.access_visible_topic(request.user, slug)


@router.get("/{slug}/people", response=TopicPeopleOut, url_name="topic-people")
def topic_people(
    request: HttpRequest,
    slug: str,
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page[User]:
    """The people who state the topic among their skills, by name."""
    topic = selectors.access_visible_topic(request.user, slug)
    return people_selectors.people_stating(
        request.user, topic, cursor=cursor, size=size
    )
