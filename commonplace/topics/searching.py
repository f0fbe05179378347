"""Topics in the search: by name, description and the synonyms merged in.

Topics are the organisation's own vocabulary, found by those who may
browse it (not external members). A merged synonym is not a result of its
own: its name finds the topic it was merged into.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commonplace import permissions
from commonplace.search.registry import Document, Filters, SearchableKind, register
from commonplace.search.text import joined
from commonplace.topics.models import Topic
from commonplace.topics.selectors import current_topics


def _documents(ids: Sequence[int]) -> Iterator[Document]:
    topics = current_topics().filter(pk__in=list(ids)).prefetch_related("synonyms")
    for topic in topics:
        yield Document(
            object_id=topic.pk,
            title=topic.name,
            body=topic.description,
            replies=joined(synonym.name for synonym in topic.synonyms.all()),
            created_at=topic.created_at,
        )


def _visible(viewer: permissions.Viewer, filters: Filters) -> QuerySet[Topic]:
    if not permissions.can(viewer, "browse_directory"):
        return Topic.objects.none()
    return current_topics()


register(
    SearchableKind(
        name="topic",
        label=_("Topics"),
        model=Topic,
        documents=_documents,
        indexable=current_topics,
        visible=_visible,
        rows=lambda ids: Topic.objects.filter(pk__in=list(ids)),
        url=lambda topic: reverse("topics:detail", kwargs={"slug": topic.slug}),
    )
)
