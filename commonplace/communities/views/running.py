"""Running a community: requests, invitations, roles, removals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_POST,
    require_safe,
)

from commonplace import permissions
from commonplace.communities import selectors, services
from commonplace.communities.forms import (
    DecisionForm,
    InvitationForm,
    RoleForm,
)
from commonplace.communities.models import (
    Community,
    Membership,
    Role,
)
from commonplace.communities.views.common import ROLE_LABELS
from commonplace.communities.views.membership import _to_community_or_mine
from commonplace.communities.views.pages import _managed_community
from commonplace.core.errors import Conflict, InvalidInput, NotFound
from commonplace.core.pagination import Page
from commonplace.people.models import User
from commonplace.web.viewing import add_service_errors, page_cursor, signed_in

# --- Running a community ------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    """A member on the manage page, with what the viewer may do to them."""

    membership: Membership
    roles: list[tuple[str, Any]]
    removable: bool
    is_viewer: bool


def _member_rows(
    viewer: User, community: Community, page: Page[Membership]
) -> list[MemberRow]:
    mine = permissions.community_standing(viewer, community).role
    rows = []
    for membership in page.items:
        current = membership.role
        roles = [
            (role, label)
            for role, label in Role.choices
            if role == current or permissions.can_grant(mine, current, role)
        ]
        is_viewer = membership.person_id == viewer.pk
        rows.append(
            MemberRow(
                membership=membership,
                roles=roles if len(roles) > 1 else [],
                removable=not is_viewer
                and permissions.can_grant(mine, current, Role.GUEST),
                is_viewer=is_viewer,
            )
        )
    return rows


def _grantable_roles(viewer: User, community: Community) -> list[str]:
    mine = permissions.community_standing(viewer, community).role
    return [role for role in Role.values if permissions.can_grant(mine, None, role)]


def _invitation_form(
    viewer: User, community: Community, data: Any = None
) -> InvitationForm:
    return InvitationForm(
        data,
        roles=_grantable_roles(viewer, community),
        allows_externals=community.allows_externals,
    )


def _manage_page(
    request: HttpRequest,
    viewer: User,
    community: Community,
    *,
    status: int = 200,
    invite_form: InvitationForm | None = None,
    error: str | None = None,
) -> HttpResponse:
    member_page = selectors.community_members(
        viewer, community, cursor=page_cursor(request)
    )
    context = {
        "community": community,
        "requests": selectors.pending_join_requests(
            viewer, community, cursor=page_cursor(request, "requests")
        ),
        "invitations": selectors.community_invitations(
            viewer, community, cursor=page_cursor(request, "invitations")
        ),
        "member_page": member_page,
        "rows": _member_rows(viewer, community, member_page),
        "invite_form": invite_form or _invitation_form(viewer, community),
        "may_see_audit": permissions.can(viewer, "community.see_audit", community),
        "error": error,
    }
    return render(request, "communities/manage.html", context, status=status)


def _after_management(viewer: User, community: Community) -> HttpResponse:
    """Back to the manage page, unless the viewer no longer runs it."""
    try:
        _managed_community(viewer, community.slug)
    except NotFound:
        return _to_community_or_mine(viewer, community)
    return redirect("communities:manage", slug=community.slug)


@require_safe
@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Requests, invitations and roles: for owners and leaders."""
    viewer = signed_in(request)
    return _manage_page(request, viewer, _managed_community(viewer, slug))


@require_POST
@login_required
def decide_request(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    viewer = signed_in(request)
    community = selectors.access_community(viewer, slug)
    join_request = selectors.access_join_request(viewer, community, request_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        error = _("Choose to approve or to decline the request.")
        return _manage_page(request, viewer, community, status=400, error=error)
    try:
        services.decide_join_request(
            join_request=join_request,
            decided_by=viewer,
            approve=form.cleaned_data["approve"],
        )
    except (InvalidInput, Conflict) as error:
        return _manage_page(
            request,
            viewer,
            community,
            status=error.status_code,
            error=str(error.message),
        )
    name = join_request.person.display_name
    if form.cleaned_data["approve"]:
        messages.success(request, _("%(name)s is now a member.") % {"name": name})
    else:
        messages.success(
            request, _("The request from %(name)s was declined.") % {"name": name}
        )
    return redirect("communities:manage", slug=community.slug)


@require_POST
@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = signed_in(request)
    community = _managed_community(viewer, slug)
    form = _invitation_form(viewer, community, request.POST)
    if form.is_valid():
        try:
            invitation = services.invite_to_community(
                community=community, invited_by=viewer, **form.invitation()
            )
        except InvalidInput as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("communities:manage", slug=community.slug)
    return _manage_page(request, viewer, community, status=400, invite_form=form)


@require_POST
@login_required
def change_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    viewer = signed_in(request)
    community = _managed_community(viewer, slug)
    membership = selectors.access_membership(viewer, community, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        error = " ".join(str(problem) for problem in form.errors["role"])
        return _manage_page(request, viewer, community, status=400, error=error)
    try:
        services.change_role(
            membership=membership, changed_by=viewer, role=form.cleaned_data["role"]
        )
    except InvalidInput as error:
        return _manage_page(
            request, viewer, community, status=400, error=str(error.message)
        )
    messages.success(
        request,
        _("%(name)s is now: %(role)s.")
        % {
            "name": membership.person.display_name,
            "role": ROLE_LABELS[form.cleaned_data["role"]],
        },
    )
    return _after_management(viewer, community)


@require_POST
@login_required
def remove_member(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    viewer = signed_in(request)
    community = _managed_community(viewer, slug)
    membership = selectors.access_membership(viewer, community, membership_id)
    try:
        services.remove_member(membership=membership, removed_by=viewer)
    except InvalidInput as error:
        return _manage_page(
            request, viewer, community, status=400, error=str(error.message)
        )
    messages.success(
        request,
        _("%(name)s is no longer a member.") % {"name": membership.person.display_name},
    )
    return _after_management(viewer, community)
