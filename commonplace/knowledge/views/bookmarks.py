"""Bookmarks: keeping a post to come back to, and the list of them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from commonplace.knowledge import selectors, services
from commonplace.web.viewing import is_htmx, page_cursor, signed_in


@require_safe
@login_required
def bookmarks(request: HttpRequest) -> HttpResponse:
    """One's bookmarks, newest first; posts one can no longer read drop out."""
    viewer = signed_in(request)
    page = selectors.bookmarks_of(viewer, cursor=page_cursor(request))
    template = "knowledge/bookmarks.html"
    if is_htmx(request) and page_cursor(request):
        template += "#bookmark-page"
    return render(request, template, {"page": page})


def _answer(request: HttpRequest, pk: int, *, bookmarked: bool) -> HttpResponse:
    if is_htmx(request):
        post = selectors.access_post(signed_in(request), pk)
        context = {"post": post, "bookmarked": bookmarked}
        return render(request, "knowledge/_bookmark.html", context)
    return redirect("knowledge:post", pk=pk)


@require_POST
@login_required
def bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    services.bookmark_post(post=selectors.access_post(viewer, pk), person=viewer)
    return _answer(request, pk, bookmarked=True)


@require_POST
@login_required
def unbookmark(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    services.remove_bookmark(post=selectors.access_post(viewer, pk), person=viewer)
    return _answer(request, pk, bookmarked=False)
