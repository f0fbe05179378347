"""Suggestions of people to @mention while writing in a community."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from commonplace.communities import selectors as community_selectors
from commonplace.knowledge import selectors
from commonplace.web.viewing import signed_in

MAX_QUERY_LENGTH = 50


@require_safe
@login_required
def mention_suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    """People whose name or handle starts with `q`, as listbox options,
    each saying whether they can see this community."""
    viewer = signed_in(request)
    community = community_selectors.access_readable_community(viewer, slug)
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    people = selectors.mentionable_people(viewer, community, text)
    context = {"people": people, "community": community}
    return render(request, "knowledge/_mention_suggestions.html", context)
