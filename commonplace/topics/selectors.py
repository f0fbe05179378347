"""Reading topics."""

from __future__ import annotations

from django.db.models import QuerySet

from commonplace.core.errors import NotFound
from commonplace.topics.models import Topic
from commonplace.topics.naming import topic_key

SUGGESTION_LIMIT = 8


def current_topics() -> QuerySet[Topic]:
    """Topics in use: synonyms merged into another are left out."""
    return Topic.objects.filter(merged_into__isnull=True)


def access_topic(slug: str) -> Topic:
    """The topic at `slug`; a merged synonym answers with its survivor."""
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise NotFound
    while topic.merged_into_id is not None:
        topic = Topic.objects.get(pk=topic.merged_into_id)
    return topic


def suggest_topics(text: str, *, limit: int = SUGGESTION_LIMIT) -> list[Topic]:
    """Topics whose normalised name starts with what was typed, for autocompletion."""
    key = topic_key(text)
    if not key:
        return []
    return list(current_topics().filter(key__startswith=key).order_by("key")[:limit])
