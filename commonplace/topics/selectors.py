"""Reading topics, narrowed to what the viewer may see."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from commonplace import permissions
from commonplace.core.errors import NotFound
from commonplace.core.pagination import Page, paginate
from commonplace.people.models import Follow
from commonplace.topics.models import Topic
from commonplace.topics.naming import topic_key

SUGGESTION_LIMIT = 8
BY_NAME = ("key", "id")


def current_topics() -> QuerySet[Topic]:
    """Topics in use: synonyms merged into another are left out."""
    return Topic.objects.filter(merged_into__isnull=True)


def with_details(topics: QuerySet[Topic]) -> QuerySet[Topic]:
    """`topics` with what a topic list shows: people count and synonyms.

    `people_count` counts active people only: a deactivated person's skills
    must not make a topic look busier than it is.
    """
    return topics.annotate(
        people_count=Count(
            "people_stating", filter=Q(people_stating__is_active=True), distinct=True
        )
    ).prefetch_related(
        Prefetch("synonyms", queryset=Topic.objects.order_by("key", "id"))
    )


def suggested_topics(viewer: permissions.Viewer, *, limit: int = 8) -> list[Topic]:
    """Topics the viewer might follow: their own skills first, then the ones
    most people state; never one already followed."""
    if not permissions.is_signed_in(viewer) or not permissions.can(
        viewer, "browse_directory"
    ):
        return []
    followed = Follow.objects.filter(follower=viewer, topic__isnull=False).values(
        "topic"
    )
    mine = viewer.skills.values("pk")
    topics = (
        current_topics()
        .exclude(pk__in=followed)
        .annotate(
            own=Case(
                When(pk__in=mine, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            stated=Count("people_stating", distinct=True),
        )
    )
    return list(topics.order_by("-own", "-stated", "key", "id")[:limit])


def access_topic(slug: str) -> Topic:
    """The topic at `slug`; a merged synonym answers with its survivor."""
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise NotFound
    while topic.merged_into_id is not None:
        topic = Topic.objects.get(pk=topic.merged_into_id)
    return topic


def access_visible_topic(viewer: permissions.Viewer, slug: str) -> Topic:
    """The topic at `slug` (a synonym gives its survivor) with its details.

    NotFound for people outside the organisation, exactly as for a topic
    that does not exist: topics are the organisation's own vocabulary.
    """
    permissions.require(viewer, "browse_directory", hide=True)
    found = access_topic(slug)
    return with_details(Topic.objects.filter(pk=found.pk)).get()


def topic_index(
    viewer: permissions.Viewer,
    *,
    prefix: str = "",
    cursor: str | None = None,
    size: int = 20,
) -> Page[Topic]:
    """A page of the topics in use, by name, each with its people count.

    `prefix` narrows to names starting with it, in any spelling.
    """
    permissions.require(viewer, "browse_directory", hide=True)
    topics = current_topics()
    key = topic_key(prefix)
    if key:
        topics = topics.filter(key__startswith=key)
    return paginate(with_details(topics), ordering=BY_NAME, cursor=cursor, size=size)


def suggest_topics(text: str, *, limit: int = SUGGESTION_LIMIT) -> list[Topic]:
    """Topics whose normalised name starts with what was typed, for autocompletion."""
    key = topic_key(text)
    if not key:
        return []
    return list(current_topics().filter(key__startswith=key).order_by("key")[:limit])


def topic_suggestions(
    viewer: permissions.Viewer, text: str, *, limit: int = SUGGESTION_LIMIT
) -> list[Topic]:
    """`suggest_topics` for a viewer who may browse the organisation's topics."""
    permissions.require(viewer, "browse_directory", hide=True)
    return suggest_topics(text, limit=limit)
