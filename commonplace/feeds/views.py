"""The home page (the feed, or the welcome for visitors) and the
unanswered questions in the topics a person knows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from commonplace import permissions
from commonplace.core.pagination import Page
from commonplace.feeds import selectors
from commonplace.knowledge.models import Post
from commonplace.people.models import User
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
    if not page_cursor(request) and _nothing_to_read(viewer, order, feed):
        context["suggestions"] = selectors.feed_suggestions(viewer)
    return render(request, "feeds/home.html", context)


def _nothing_to_read(viewer: User, order: str, feed: Page[Post]) -> bool:
    """Whether the feed is empty in every order: only then does the page
    suggest where to start (an empty "top" tab points to the latest)."""
    if feed.items:
        return False
    return order == selectors.LATEST or not selectors.home_feed(viewer, size=1).items


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
