"""The notifications page, the header badge, reading and preferences.

Opening a notification is a form (POST) that marks it read and goes to
what it is about: no GET changes state. The badge answers an htmx poll
with its count only, and answers a visitor whose session ended with
nothing (204), so the poll never swaps a sign-in page into the header.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from commonplace import permissions
from commonplace.core.errors import InvalidInput
from commonplace.notifications import selectors, services
from commonplace.notifications.forms import PreferencesForm
from commonplace.web.viewing import add_service_errors, is_htmx, page_cursor, signed_in


@require_safe
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    viewer = signed_in(request)
    unread_only = request.GET.get("show") == "unread"
    page = selectors.notification_page(
        viewer, cursor=page_cursor(request), unread_only=unread_only
    )
    context = {"page": page, "unread_only": unread_only}
    template = "notifications/notification_list.html"
    if is_htmx(request) and page_cursor(request):
        template += "#notification-page"
    return render(request, template, context)


@require_safe
def badge(request: HttpRequest) -> HttpResponse:
    """The unread count alone, for the header's poll."""
    if not permissions.is_signed_in(request.user):
        return HttpResponse(status=204)
    context = {"unread_notifications": selectors.unread_count(request.user)}
    return render(request, "notifications/_badge.html", context)


def _safe_target(request: HttpRequest, url: str) -> str:
    """Targets are paths of this site; anything else goes to the list."""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return "/notifications/"


@require_POST
@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go to what it is about."""
    viewer = signed_in(request)
    selectors.access_notification(viewer, pk)
    services.mark_read(person=viewer, notification_id=pk)
    shown = selectors.shown_notification(viewer, pk)
    return redirect(_safe_target(request, shown.url))


@require_POST
@login_required
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    selectors.access_notification(viewer, pk)
    services.mark_read(person=viewer, notification_id=pk)
    if is_htmx(request):
        shown = selectors.shown_notification(viewer, pk)
        # The unread count in the header changes too (out of band).
        return render(
            request, "notifications/_marked_read.html", {"notification": shown}
        )
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(person=signed_in(request))
    messages.success(request, _("Marked %(count)d as read.") % {"count": count})
    return redirect("notifications:list")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Which kinds of notification to receive in the app."""
    viewer = signed_in(request)
    choices = selectors.preferences_of(viewer)
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST, choices=choices)
        status = 400
        if form.is_valid():
            try:
                services.set_preferences(person=viewer, in_app=form.in_app())
            except InvalidInput as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your choices are saved."))
                return redirect("notifications:preferences")
    else:
        form = PreferencesForm(choices=choices)
    context = {"form": form}
    return render(request, "notifications/preferences.html", context, status=status)
