"""Communities in the search: by name, purpose, goal and topics.

Found only by people who may know the community exists: a secret
community's name never appears to anyone outside it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.search.registry import Document, Filters, SearchableKind, register
from commonplace.search.text import joined


def _documents(ids: Sequence[int]) -> Iterator[Document]:
    for community in Community.objects.filter(pk__in=list(ids)).prefetch_related(
        "topics"
    ):
        yield Document(
            object_id=community.pk,
            title=community.name,
            body=joined(part for part in (community.purpose, community.goal) if part),
            replies=joined(topic.name for topic in community.topics.all()),
            created_at=community.created_at,
        )


def _visible(viewer: permissions.Viewer, filters: Filters) -> QuerySet[Community]:
    return Community.objects.filter(permissions.visible_communities_filter(viewer))


register(
    SearchableKind(
        name="community",
        label=_("Communities"),
        model=Community,
        documents=_documents,
        indexable=Community.objects.all,
        visible=_visible,
        rows=lambda ids: Community.objects.filter(pk__in=list(ids)),
        url=lambda community: reverse(
            "communities:detail", kwargs={"slug": community.slug}
        ),
    )
)
