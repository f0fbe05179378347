"""Posts in the search: title, body, and their answers and comments.

A post is found by its replies too (weighted lowest), so a question whose
answer names the fix is found by the fix. Visibility is the live policy:
readable community, not deleted, not hidden.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commonplace import permissions
from commonplace.knowledge.models import Answer, Comment, Post, PostKind
from commonplace.knowledge.selectors import readable_posts
from commonplace.search.registry import (
    FILTERS,
    Document,
    Filters,
    SearchableKind,
    register,
)
from commonplace.search.text import joined, plain


def _live(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.filter(deleted_at__isnull=True, hidden_at__isnull=True)


def _documents(ids: Sequence[int]) -> Iterator[Document]:
    posts = _live(Post.objects.filter(pk__in=list(ids))).only(
        "pk", "title", "body_html", "created_at"
    )
    replies: dict[int, list[str]] = defaultdict(list)
    for model in (Answer, Comment):
        rows = _live(model.objects.filter(post_id__in=list(ids)))
        for post_id, body_html in rows.order_by("created_at", "pk").values_list(
            "post_id", "body_html"
        ):
            replies[post_id].append(plain(body_html))
    for post in posts:
        yield Document(
            object_id=post.pk,
            title=post.title,
            body=plain(post.body_html),
            replies=joined(replies[post.pk]),
            created_at=post.created_at,
        )


def _visible(viewer: permissions.Viewer, filters: Filters) -> QuerySet[Post]:
    posts = readable_posts(viewer)
    if filters.community_id:
        posts = posts.filter(community_id=filters.community_id)
    if filters.topic_id:
        posts = posts.filter(topics=filters.topic_id)
    if filters.author_id:
        posts = posts.filter(author_id=filters.author_id)
    if filters.after:
        posts = posts.filter(created_at__date__gte=filters.after)
    if filters.before:
        posts = posts.filter(created_at__date__lte=filters.before)
    if filters.post_kind:
        posts = posts.filter(kind=filters.post_kind)
    return _by_status(posts, filters.status)


def _by_status(posts: QuerySet[Post], status: str) -> QuerySet[Post]:
    if status == "answered":
        return posts.filter(answer_count__gt=0)
    if status == "unanswered":
        return posts.filter(kind=PostKind.QUESTION, answer_count=0)
    if status == "accepted":
        return posts.filter(accepted_answer__isnull=False)
    return posts


register(
    SearchableKind(
        name="post",
        label=_("Posts"),
        model=Post,
        documents=_documents,
        indexable=lambda: _live(Post.objects.all()),
        visible=_visible,
        rows=lambda ids: Post.objects.filter(pk__in=list(ids)).select_related(
            "author", "community"
        ),
        url=lambda post: reverse("knowledge:post", kwargs={"pk": post.pk}),
        filters=frozenset(FILTERS),
    )
)
