"""People in the search: by name, what they do, and what they know about.

"Topics they answer" counts only answers in public communities, so that
finding someone by a topic never tells that they answer in a private or
secret one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commonplace import permissions
from commonplace.communities.models import Visibility
from commonplace.knowledge.models import Answer
from commonplace.people.models import User
from commonplace.search.registry import Document, Filters, SearchableKind, register
from commonplace.search.text import joined
from commonplace.topics.models import Topic

ANSWERED_TOPICS = 20


def _answered_topics(ids: Sequence[int]) -> dict[int, list[str]]:
    answers = Answer.objects.filter(
        author_id__in=list(ids),
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        post__deleted_at__isnull=True,
        post__hidden_at__isnull=True,
        post__community__visibility=Visibility.PUBLIC,
    )
    pairs = (
        Topic.objects.filter(posts__answers__in=answers)
        .values_list("posts__answers__author_id", "name")
        .distinct()
    )
    topics: dict[int, list[str]] = defaultdict(list)
    for author_id, name in pairs:
        if len(topics[author_id]) < ANSWERED_TOPICS:
            topics[author_id].append(name)
    return topics


def _documents(ids: Sequence[int]) -> Iterator[Document]:
    people = (
        User.objects.filter(pk__in=list(ids), is_active=True)
        .select_related("team")
        .prefetch_related("skills")
    )
    answered = _answered_topics(ids)
    for person in people:
        about = [
            person.handle,
            person.job_title,
            person.team.name if person.team else "",
            person.location,
            *(skill.name for skill in person.skills.all()),
            person.bio,
        ]
        yield Document(
            object_id=person.pk,
            title=person.display_name,
            body=joined(part for part in about if part),
            replies=joined(answered[person.pk]),
            created_at=person.date_joined,
        )


def _visible(viewer: permissions.Viewer, filters: Filters) -> QuerySet[User]:
    return User.objects.filter(permissions.visible_people_filter(viewer))


register(
    SearchableKind(
        name="person",
        label=_("People"),
        model=User,
        documents=_documents,
        indexable=lambda: User.objects.filter(is_active=True),
        visible=_visible,
        rows=lambda ids: User.objects.filter(pk__in=list(ids)).select_related("team"),
        url=lambda person: reverse("people:person", kwargs={"pk": person.pk}),
        fuzzy_title=True,
    )
)
