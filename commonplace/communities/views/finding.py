"""Finding communities: the directory, one's own, cover images."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import (
    require_safe,
)

from commonplace.communities import selectors
from commonplace.communities.forms import (
    DirectoryFilterForm,
)
from commonplace.communities.models import (
    Community,
    Membership,
)
from commonplace.communities.views.common import COVER_CACHE_CONTROL, LEADERS_ON_A_CARD
from commonplace.core.errors import NotFound
from commonplace.core.pagination import Page
from commonplace.people import selectors as people_selectors
from commonplace.web.viewing import page_cursor, signed_in

# --- Finding communities -------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """A community in a list, with the few leaders its card names."""

    community: Community
    leaders: list[Membership] = field(default_factory=list)


def _cards(communities: list[Community]) -> list[Card]:
    return [Card(c, selectors.leaders_of(c)[:LEADERS_ON_A_CARD]) for c in communities]


@require_safe
@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """The organisation's communities; the viewer's own and invitations first."""
    viewer = signed_in(request)
    if not people_selectors.can_browse_directory(viewer):
        raise NotFound
    form = DirectoryFilterForm(request.GET)
    unknown_topic = ""
    page: Page[Community] = Page(items=[], next_cursor=None)
    if form.is_valid():
        topic_text = form.cleaned_data["topic"].strip()
        topic = people_selectors.find_topic(topic_text)
        unknown_topic = topic_text if topic_text and topic is None else ""
        filters = selectors.CommunityFilters(
            text=form.cleaned_data["q"],
            kind=form.cleaned_data["kind"],
            topic=topic,
            sort=form.cleaned_data["sort"] or "size",
        )
        # A topic nobody uses matches no community, rather than every one.
        if not unknown_topic:
            page = selectors.community_directory(
                viewer, filters, cursor=page_cursor(request)
            )
    context = {
        "form": form,
        "page": page,
        "cards": _cards(page.items),
        "unknown_topic": unknown_topic,
        "mine": selectors.my_communities(viewer),
        "invitations": selectors.my_invitations(viewer),
    }
    return render(request, "communities/directory.html", context)


@require_safe
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The communities one belongs to: external members' way in, too."""
    viewer = signed_in(request)
    context = {
        "mine": selectors.my_communities(viewer),
        "invitations": selectors.my_invitations(viewer),
        "can_browse": people_selectors.can_browse_directory(viewer),
    }
    return render(request, "communities/mine.html", context)


@require_safe
@login_required
def cover(request: HttpRequest, slug: str) -> FileResponse:
    """The cover image, to those who may see the community."""
    community = selectors.access_community(signed_in(request), slug)
    if not community.cover_image:
        raise NotFound
    try:
        image = community.cover_image.open("rb")
    except OSError:
        raise NotFound from None
    response = FileResponse(image, content_type="image/webp")
    response["Cache-Control"] = COVER_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response
