"""The home page (the feed, or the welcome for visitors) and the
unanswered questions in the topics a person knows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from commonplace import permissions
from commonplace.feeds import selectors
from commonplace.web.viewing import is_htmx, page_cursor, signed_in


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Signed in: what one follows. Otherwise: what Commonplace is."""
    if not permissions.is_signed_in(request.user):
        return render(request, "web/home.html")
    viewer = signed_in(request)
    order = request.GET.get("order") or selectors.LATEST
    feed = selectors.home_feed(viewer, order=order, cursor=page_cursor(request))
    context = {"feed": feed, "order": order}
    if is_htmx(request) and page_cursor(request):
        return render(request, "feeds/home.html#feed-page", context)
    if not feed.items and not page_cursor(request):
        context["suggestions"] = selectors.feed_suggestions(viewer)
    return render(request, "feeds/home.html", context)


@require_safe
@login_required
def unanswered(request: HttpRequest) -> HttpResponse:
    """Open questions, across communities, in the topics one knows."""
    viewer = signed_in(request)
    topics = selectors.known_topics(viewer)
    page = selectors.unanswered_for(viewer, topics, cursor=page_cursor(request))
    context = {"page": page, "topics": topics}
    if is_htmx(request) and page_cursor(request):
        return render(request, "feeds/unanswered.html#question-page", context)
    return render(request, "feeds/unanswered.html", context)
