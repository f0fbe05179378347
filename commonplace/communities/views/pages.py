"""Starting and editing a community, and its page with the feed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_safe,
)

from commonplace import permissions
from commonplace.communities import selectors, services
from commonplace.communities.forms import (
    AdministratorJoinForm,
    CommunityForm,
    JoinRequestForm,
    MemberFilterForm,
)
from commonplace.communities.models import (
    Community,
    Membership,
)
from commonplace.communities.views.common import FEED_UNANSWERED, ROLE_LABELS
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.core.pagination import Page
from commonplace.core.uploads import PayloadTooLarge
from commonplace.knowledge import selectors as knowledge_selectors
from commonplace.people import selectors as people_selectors
from commonplace.people.models import User
from commonplace.web.viewing import add_service_errors, is_htmx, page_cursor, signed_in

# --- Starting and editing --------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def new(request: HttpRequest) -> HttpResponse:
    """Start a community: members of the organisation only."""
    viewer = signed_in(request)
    if not people_selectors.can_browse_directory(viewer):
        raise NotFound
    status = 200
    if request.method == "POST":
        form = CommunityForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                community = services.start_community(
                    started_by=viewer,
                    topics=form.topic_names(),
                    cover_image=form.cleaned_data["cover_image"],
                    **form.details(),
                )
            except (InvalidInput, PayloadTooLarge) as error:
                add_service_errors(form, error)
                status = error.status_code
            else:
                messages.success(
                    request, _("Your community is ready. Invite people to it.")
                )
                return redirect("communities:detail", slug=community.slug)
    else:
        form = CommunityForm()
    context = {"form": form, "community": None}
    return render(request, "communities/community_form.html", context, status=status)


def _managed_community(viewer: User, slug: str) -> Community:
    """The community, if the viewer runs it; otherwise the same 404 as absent."""
    community = selectors.access_community(viewer, slug)
    permissions.require(viewer, "community.manage", community, hide=True)
    return community


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = signed_in(request)
    community = _managed_community(viewer, slug)
    status = 200
    if request.method == "POST":
        form = CommunityForm(request.POST, request.FILES, editing=True)
        status = 400
        if form.is_valid():
            try:
                services.update_community(
                    community=community,
                    changed_by=viewer,
                    topics=form.topic_names(),
                    cover_image=form.cleaned_data["cover_image"],
                    remove_cover_image=form.cleaned_data["remove_cover_image"],
                    **form.details(),
                )
            except (InvalidInput, PayloadTooLarge) as error:
                add_service_errors(form, error)
                status = error.status_code
            else:
                messages.success(request, _("The community is saved."))
                return redirect("communities:detail", slug=community.slug)
    else:
        form = CommunityForm(initial=CommunityForm.initial_for(community), editing=True)
    context = {"form": form, "community": community}
    return render(request, "communities/community_form.html", context, status=status)


# --- A community's page ------------------------------------------------------------


def _detail_context(viewer: User, community: Community) -> dict[str, Any]:
    """What the viewer may see and do here, decided by the policy."""

    def may(action: str) -> bool:
        return permissions.can(viewer, action, community)

    role = permissions.community_standing(viewer, community).role
    is_member = role is not None
    may_join = may("community.join")
    may_request = may("community.request_to_join")
    may_follow = may("community.follow") and not is_member
    return {
        "community": community,
        "leaders": selectors.leaders_of(community),
        "topics": list(community.topics.all()),
        "role": role,
        "role_label": ROLE_LABELS.get(role or ""),
        "is_member": is_member,
        "reads": may("community.read"),
        "may_join": may_join,
        "may_request": may_request,
        "pending_request": (
            selectors.my_join_request(viewer, community) if may_request else None
        ),
        "may_follow": may_follow,
        "is_following": may_follow
        and selectors.is_following_community(viewer, community),
        # Where an administrator may join like anyone, the plain way is offered.
        "may_enter": may("community.join_as_administrator") and not may_join,
        "may_manage": may("community.manage"),
        "may_see_audit": may("community.see_audit"),
        "may_post": may("community.start_thread"),
        "may_moderate": may("community.moderate"),
        "can_browse": people_selectors.can_browse_directory(viewer),
        "request_form": JoinRequestForm(),
        "enter_form": AdministratorJoinForm(),
        "error": None,
    }


def _detail_page(
    request: HttpRequest,
    viewer: User,
    community: Community,
    *,
    status: int = 200,
    **overrides: Any,
) -> HttpResponse:
    context = _detail_context(viewer, community)
    context |= _feed_context(request, viewer, community, reads=context["reads"])
    context |= overrides
    return render(request, "communities/community_detail.html", context, status=status)


def _feed_context(
    request: HttpRequest, viewer: User, community: Community, *, reads: bool
) -> dict[str, Any]:
    """The community's posts, newest first or only the open questions."""
    if not reads:
        return {"feed": None}
    tab = FEED_UNANSWERED if request.GET.get("show") == FEED_UNANSWERED else ""
    feed = knowledge_selectors.community_posts(
        viewer,
        community,
        unanswered=bool(tab),
        cursor=page_cursor(request) if request.method in ("GET", "HEAD") else None,
    )
    return {"feed": feed, "feed_tab": tab}


@require_safe
@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = signed_in(request)
    community = selectors.access_community(viewer, slug)
    if is_htmx(request) and page_cursor(request):
        # "Load more": only the next posts, swapped in below the last one.
        permissions.require(viewer, "community.read", community, hide=True)
        context = {"community": community}
        context |= _feed_context(request, viewer, community, reads=True)
        return render(request, "communities/community_detail.html#feed-page", context)
    return _detail_page(request, viewer, community)


@require_safe
@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """The members, leaders first: for those who may read the community."""
    viewer = signed_in(request)
    community = selectors.access_readable_community(viewer, slug)
    form = MemberFilterForm(request.GET)
    page: Page[Membership] = Page(items=[], next_cursor=None)
    if form.is_valid():
        page = selectors.community_members(
            viewer,
            community,
            name=form.cleaned_data["q"],
            role=form.cleaned_data["role"],
            cursor=page_cursor(request),
        )
    context = {"community": community, "form": form, "page": page}
    return render(request, "communities/members.html", context)
