"""Ideas and decision records in the search.

An idea is found by its problem first (its title and problem weigh most),
so someone describing the same pain finds it before proposing it again.
A decision record is found by what was decided and why. Both are visible
exactly as their community's content is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonplace import permissions
from commonplace.ideas.models import DecisionRecord, Idea
from commonplace.ideas.selectors import readable_decisions, readable_ideas
from commonplace.search.registry import Document, Filters, SearchableKind, register
from commonplace.search.text import joined, plain


def _idea_documents(ids: Sequence[int]) -> Iterator[Document]:
    for idea in Idea.objects.filter(pk__in=list(ids)):
        yield Document(
            object_id=idea.pk,
            title=idea.title,
            body=joined([plain(idea.problem_html), plain(idea.proposal_html)]),
            replies=plain(idea.impact_html),
            created_at=idea.created_at,
        )


def _decision_documents(ids: Sequence[int]) -> Iterator[Document]:
    records = DecisionRecord.objects.filter(pk__in=list(ids)).select_related("idea")
    for record in records:
        yield Document(
            object_id=record.pk,
            title=_("Decision on “%(title)s”") % {"title": record.idea.title},
            body=joined([plain(record.decision_html), plain(record.reasons_html)]),
            replies=plain(record.alternatives_html),
            created_at=record.created_at,
        )


def _dated(rows: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
    if filters.community_id:
        rows = rows.filter(community_id=filters.community_id)
    if filters.after:
        rows = rows.filter(created_at__date__gte=filters.after)
    if filters.before:
        rows = rows.filter(created_at__date__lte=filters.before)
    return rows


def _visible_ideas(viewer: permissions.Viewer, filters: Filters) -> QuerySet[Idea]:
    ideas = _dated(readable_ideas(viewer), filters)
    if filters.topic_id:
        ideas = ideas.filter(topics=filters.topic_id)
    if filters.author_id:
        ideas = ideas.filter(author_id=filters.author_id)
    return ideas


register(
    SearchableKind(
        name="idea",
        label=gettext_lazy("Ideas"),
        model=Idea,
        documents=_idea_documents,
        indexable=Idea.objects.all,
        visible=_visible_ideas,
        rows=lambda ids: Idea.objects.filter(pk__in=list(ids)).select_related(
            "author", "community", "stage"
        ),
        url=lambda idea: reverse("ideas:idea", kwargs={"pk": idea.pk}),
        filters=frozenset({"community", "topic", "author", "after", "before"}),
    )
)
register(
    SearchableKind(
        name="decision",
        label=gettext_lazy("Decisions"),
        model=DecisionRecord,
        documents=_decision_documents,
        indexable=DecisionRecord.objects.all,
        visible=lambda viewer, filters: _dated(readable_decisions(viewer), filters),
        rows=lambda ids: DecisionRecord.objects.filter(pk__in=list(ids)).select_related(
            "idea", "community"
        ),
        url=lambda record: reverse("ideas:decision", kwargs={"pk": record.pk}),
        filters=frozenset({"community", "after", "before"}),
    )
)
