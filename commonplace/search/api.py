"""Search in the API: results, suggestions as a name is typed, and
questions like one being asked.

The filters are checked by the page's form, so a bad value answers 400
with the same message beside the same field name; a query that cannot be
searched (empty, only symbols, only common words) answers 400 too.
Everything found is what the caller may see.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from commonplace.api.auth import acting_person
from commonplace.api.errors import with_errors
from commonplace.search import selectors
from commonplace.search.forms import SearchForm, similar_title
from commonplace.search.schemas import (
    SearchHitListOut,
    SearchPageOut,
    SearchQuery,
    SimilarQuery,
    SuggestQuery,
)

router = Router(tags=["search"])


@router.get("", response=with_errors(200, SearchPageOut), url_name="search")
def search(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    """One page of posts, people, communities or topics matching `q`, best
    match (or newest) first; the filters narrow posts only. `notes` say
    what was changed in the query (cut to 500 characters, an unclosed
    quote left out)."""
    viewer = acting_person(request)
    arguments = SearchForm(query.form_data(), viewer=viewer).arguments()
    results = selectors.search(
        viewer,
        arguments.text,
        kind=arguments.kind,
        filters=arguments.filters,
        order=arguments.order,
        cursor=query.cursor,
        size=query.size,
    )
    return {
        "items": results.page.items,
        "next_cursor": results.page.next_cursor,
        "notes": [str(note) for note in results.notes],
    }


@router.get(
    "/suggest", response=with_errors(200, SearchHitListOut), url_name="search-suggest"
)
def suggest(request: HttpRequest, query: Query[SuggestQuery]) -> dict[str, Any]:
    """People, communities and topics whose names match what is typed, a
    few of each; empty while nothing can be searched yet."""
    return {"items": selectors.suggest(acting_person(request), query.q)}


@router.get(
    "/similar", response=with_errors(200, SearchHitListOut), url_name="search-similar"
)
def similar(request: HttpRequest, query: Query[SimilarQuery]) -> dict[str, Any]:
    """Up to five questions like one whose title is being typed, best first;
    empty for a blank or short title (under 8 characters)."""
    title = similar_title(query.title)
    viewer = acting_person(request)
    return {"items": selectors.similar_questions(viewer, title) if title else []}
