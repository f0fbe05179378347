"""The search page, the header's suggestions and similar questions.

The page keeps what was typed in every answer: a query that cannot be
searched or a filter naming nothing comes back as a 400 page with the form
filled in and the reason beside the field. The two fragments (suggestions
as a name is typed, similar questions as a title is) answer a visitor
whose session ended with nothing (204), so htmx never swaps a sign-in page
into the header or the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from commonplace import permissions
from commonplace.core.errors import InvalidInput
from commonplace.knowledge.models import PostKind
from commonplace.search import registry, selectors
from commonplace.search.forms import SearchForm, searchable_kinds, similar_title
from commonplace.search.query import SearchError
from commonplace.web.viewing import add_service_errors, page_cursor, signed_in

TEMPLATE = "search/search.html"


@require_safe
@login_required
def search_results(request: HttpRequest) -> HttpResponse:
    """One page of results for `q`, in one kind, narrowed by the filters.

    A blank `q` is the empty page with a hint on what to type, not an
    error; the filters chosen stay in the form.
    """
    viewer = signed_in(request)
    context: dict[str, Any] = {
        "results": None,
        "kind": _kind_shown(request),
        "kinds": searchable_kinds(),
    }
    if not request.GET.get("q", "").strip():
        context["form"] = SearchForm(initial=request.GET.dict(), viewer=viewer)
        return render(request, TEMPLATE, context)
    form = SearchForm(request.GET, viewer=viewer)
    context["form"] = form
    try:
        arguments = form.arguments()
        context["kind"] = arguments.kind
        context["results"] = selectors.search(
            viewer,
            arguments.text,
            kind=arguments.kind,
            filters=arguments.filters,
            order=arguments.order,
            cursor=page_cursor(request),
        )
    except InvalidInput as error:
        _put_on_the_form(form, error)
        return render(request, TEMPLATE, context, status=error.status_code)
    return render(request, TEMPLATE, context)


def _put_on_the_form(form: SearchForm, error: InvalidInput) -> None:
    """The form's own errors are already on it; a refusal of the search
    itself goes beside the words (or above the form, for a bad cursor)."""
    if form.errors:
        return
    if isinstance(error, SearchError) and not error.fields:
        form.add_error("q", str(error.message))
        return
    add_service_errors(form, error)


def _kind_shown(request: HttpRequest) -> str:
    """The tab to show before the form is checked: a known kind or posts."""
    wanted = request.GET.get("kind", "")
    return wanted if wanted in {kind.name for kind in registry.kinds()} else "post"


@require_safe
def suggestions(request: HttpRequest) -> HttpResponse:
    """People, communities and topics whose names match what is typed: in
    the header as one types, and beside the results of a search for posts
    (`panel`, which also says when nothing matched)."""
    if not permissions.is_signed_in(request.user):
        return HttpResponse(status=204)
    hits = selectors.suggest(request.user, request.GET.get("q", ""))
    groups: dict[str, list[selectors.Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.kind, []).append(hit)
    context = {
        "suggestions": [
            (name, registry.kind(name).label, found) for name, found in groups.items()
        ],
        "count": len(hits),
        "panel": bool(request.GET.get("panel")),
    }
    return render(request, f"{TEMPLATE}#suggestions", context)


@require_safe
def similar(request: HttpRequest) -> HttpResponse:
    """Questions already asked like the one whose `title` is being typed;
    nothing while the title is short or the post is not a question."""
    if not permissions.is_signed_in(request.user):
        return HttpResponse(status=204)
    title = similar_title(request.GET.get("title", ""))
    kind = request.GET.get("kind", PostKind.QUESTION)
    hits = []
    if title and kind == PostKind.QUESTION:
        hits = selectors.similar_questions(request.user, title)
    return render(request, f"{TEMPLATE}#similar", {"similar": hits})
