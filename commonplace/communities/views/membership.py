"""Joining, leaving, asking to join, following, entering as administrator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_POST,
)

from commonplace.communities import selectors, services
from commonplace.communities.forms import (
    AdministratorJoinForm,
    JoinRequestForm,
)
from commonplace.communities.models import (
    Community,
)
from commonplace.communities.views.pages import _detail_context, _detail_page
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.people import services as people_services
from commonplace.people.models import User
from commonplace.web.viewing import add_service_errors, is_htmx, signed_in

# --- Joining, leaving, following -------------------------------------------------


def _to_community_or_mine(viewer: User, community: Community) -> HttpResponse:
    """Back to the community while the viewer still sees it; else their list."""
    try:
        selectors.access_community(viewer, community.slug)
    except NotFound:
        return redirect("communities:mine")
    return redirect("communities:detail", slug=community.slug)


@require_POST
@login_required
def join(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = signed_in(request)
    community = selectors.access_community(viewer, slug)
    services.join_community(community=community, person=viewer)
    messages.success(request, _("You are a member of this community."))
    return redirect("communities:detail", slug=community.slug)


@require_POST
@login_required
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = signed_in(request)
    community = selectors.access_community(viewer, slug)
    try:
        services.leave_community(community=community, person=viewer)
    except InvalidInput as error:
        return _detail_page(
            request,
            viewer,
            community,
            status=error.status_code,
            error=str(error.message),
        )
    messages.success(request, _("You left the community."))
    return _to_community_or_mine(viewer, community)


@require_POST
@login_required
def request_to_join(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = signed_in(request)
    community = selectors.access_community(viewer, slug)
    form = JoinRequestForm(request.POST)
    try:
        services.request_to_join(
            community=community,
            person=viewer,
            message=request.POST.get("message", ""),
        )
    except InvalidInput as error:
        add_service_errors(form, error)
        return _detail_page(request, viewer, community, status=400, request_form=form)
    messages.success(
        request, _("Your request was sent. The community's leaders will decide.")
    )
    return redirect("communities:detail", slug=community.slug)


def _follow_answer(
    request: HttpRequest, viewer: User, community: Community
) -> HttpResponse:
    if is_htmx(request):
        return render(
            request,
            "communities/community_detail.html#follow",
            _detail_context(viewer, community),
        )
    return redirect("communities:detail", slug=community.slug)


@require_POST
@login_required
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = signed_in(request)
    community = selectors.access_community(viewer, slug)
    people_services.follow_community(follower=viewer, community=community)
    return _follow_answer(request, viewer, community)


@require_POST
@login_required
def unfollow(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = signed_in(request)
    community = selectors.access_community(viewer, slug)
    people_services.unfollow_community(follower=viewer, community=community)
    return _follow_answer(request, viewer, community)


@require_POST
@login_required
def enter_as_administrator(request: HttpRequest, slug: str) -> HttpResponse:
    """An administrator enters, with a reason kept in the audit trail."""
    viewer = signed_in(request)
    community = selectors.access_community(viewer, slug)
    form = AdministratorJoinForm(request.POST)
    try:
        services.join_as_administrator(
            community=community,
            administrator=viewer,
            reason=request.POST.get("reason", ""),
        )
    except InvalidInput as error:
        add_service_errors(form, error)
        return _detail_page(request, viewer, community, status=400, enter_form=form)
    messages.success(
        request,
        _("You entered as an administrator. Your reason is in the audit trail."),
    )
    return redirect("communities:detail", slug=community.slug)
