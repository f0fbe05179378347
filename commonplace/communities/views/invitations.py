"""Invitation links and accepting invitations."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
)

from commonplace import permissions
from commonplace.communities import selectors, services
from commonplace.communities.forms import (
    NewAccountForm,
)
from commonplace.core.errors import Conflict, InvalidInput
from commonplace.web.viewing import add_service_errors, signed_in

# --- Invitations ---------------------------------------------------------------------


@require_POST
@login_required
def accept(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Accept one of one's own invitations, from the directory."""
    viewer = signed_in(request)
    invitation = selectors.access_my_invitation(viewer, invitation_id)
    services.accept_invitation(invitation=invitation, person=viewer)
    messages.success(request, _("Welcome! You are a member now."))
    return redirect("communities:detail", slug=invitation.community.slug)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Where a mailed invitation link lands; open to anonymous visitors,
    since the link itself proves the address."""
    invitation = selectors.invitation_for_token(token)
    context: dict[str, Any] = {
        "invitation": invitation,
        "community": invitation.community,
    }
    viewer = request.user
    if permissions.is_signed_in(viewer):
        if request.method == "POST":
            services.accept_invitation(invitation=invitation, person=viewer)
            messages.success(request, _("Welcome! You are a member now."))
            return redirect("communities:detail", slug=invitation.community.slug)
        context["for_viewer"] = (viewer.email or "").lower() == invitation.email
        return render(request, "communities/invitation.html", context)
    if selectors.invited_address_has_account(invitation):
        query = urlencode({"next": request.path, "email": invitation.email})
        context["sign_in_url"] = f"{reverse('accounts:login')}?{query}"
        return render(request, "communities/invitation.html", context)
    form = NewAccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                person = services.join_with_new_account(
                    invitation=invitation,
                    display_name=form.cleaned_data["display_name"],
                    password=form.cleaned_data["password"],
                )
            except (InvalidInput, Conflict) as error:
                add_service_errors(form, error)
                status = error.status_code
            else:
                login(request, person)
                messages.success(request, _("Welcome! Your account is ready."))
                return redirect("communities:detail", slug=invitation.community.slug)
    context["form"] = form
    return render(request, "communities/invitation.html", context, status=status)
