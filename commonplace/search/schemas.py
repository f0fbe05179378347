"""The shapes of search in the API.

Filters arrive as text and are checked by the page's own form
(`search.forms.SearchForm`), so the page and the API accept and refuse
exactly the same values, with the same messages.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from django.utils.html import strip_tags
from ninja import Field, Schema

from commonplace.communities.schemas import CommunityRefOut, PersonRefOut
from commonplace.knowledge.models import Post
from commonplace.people.schemas import PageQuery
from commonplace.search.selectors import Hit


class SearchQuery(PageQuery):
    """What to search for, where, and in which order."""

    q: str = Field(
        "",
        description='The words: all must match. "a phrase", '
        "-word to leave out, word* for words starting with it.",
    )
    kind: str = Field("post", description="post, person, community or topic.")
    community: str = Field("", description="Posts: a community's slug.")
    topic: str = Field("", description="Posts: a topic's slug or name.")
    author: str = Field("", description="Posts: the author's handle.")
    after: str = Field("", description="Posts: written on or after (YYYY-MM-DD).")
    before: str = Field("", description="Posts: written on or before (YYYY-MM-DD).")
    status: str = Field("", description="Posts: answered, unanswered or accepted.")
    post_kind: str = Field(
        "", description="Posts: discussion, question, note or article."
    )
    order: str = Field("relevance", description="relevance or newest.")

    def form_data(self) -> dict[str, Any]:
        return self.dict(exclude={"cursor", "size"})


class SuggestQuery(Schema):
    q: str = Field("", description="A name as typed: the last word may be unfinished.")


class SimilarQuery(Schema):
    title: str = Field("", description="A question's title as typed.")


class SearchHitOut(Schema):
    """One result. `title_html` and `snippet_html` are escaped HTML with the
    searched words in <mark>; `title` is the same text, plain. The post
    fields are null for other kinds."""

    kind: str
    id: int
    title: str
    title_html: str
    snippet_html: str
    url: str
    community: CommunityRefOut | None = None
    author: PersonRefOut | None = None
    post_kind: str | None = None
    created_at: datetime | None = None
    answer_count: int | None = None
    has_accepted_answer: bool | None = None

    @staticmethod
    def resolve_id(hit: Hit) -> int:
        return int(hit.item.pk)

    @staticmethod
    def resolve_title(hit: Hit) -> str:
        return html.unescape(strip_tags(hit.title))

    @staticmethod
    def resolve_title_html(hit: Hit) -> str:
        return str(hit.title)

    @staticmethod
    def resolve_snippet_html(hit: Hit) -> str:
        return str(hit.snippet)

    @staticmethod
    def resolve_community(hit: Hit) -> Any:
        return hit.item.community if isinstance(hit.item, Post) else None

    @staticmethod
    def resolve_author(hit: Hit) -> Any:
        return hit.item.author if isinstance(hit.item, Post) else None

    @staticmethod
    def resolve_post_kind(hit: Hit) -> str | None:
        return hit.item.kind if isinstance(hit.item, Post) else None

    @staticmethod
    def resolve_created_at(hit: Hit) -> datetime | None:
        return hit.item.created_at if isinstance(hit.item, Post) else None

    @staticmethod
    def resolve_answer_count(hit: Hit) -> int | None:
        return hit.item.answer_count if isinstance(hit.item, Post) else None

    @staticmethod
    def resolve_has_accepted_answer(hit: Hit) -> bool | None:
        if not isinstance(hit.item, Post):
            return None
        return hit.item.accepted_answer_id is not None


class SearchPageOut(Schema):
    items: list[SearchHitOut]
    next_cursor: str | None
    notes: list[str] = Field(
        ..., description="What to tell the person about their query."
    )


class SearchHitListOut(Schema):
    items: list[SearchHitOut]
