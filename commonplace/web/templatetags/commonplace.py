"""Template helpers shared by every page."""

from collections.abc import Hashable
from datetime import UTC, datetime, timedelta
from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.template.context import Context
from django.template.loader import get_template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import ngettext

from commonplace.web.fragments import Fragments

register = template.Library()
# One header per person, page and unread count in use, per process.
_HEADERS = Fragments(size=2048)
# Stands for the request's CSRF token in a kept header (its sign-out form).
_CSRF_PLACEHOLDER = "csrf-token-of-this-request"
HEADER_TEMPLATE = "web/_site_header.html"


@register.simple_tag(takes_context=True)
def site_header(context: Context) -> SafeString:
    """The site header (web/_site_header.html), rendered once for each
    person, page and unread count: every page shows it, and its links,
    labels and translations cost more to render than most pages' own
    content. The request's CSRF token goes in afterwards."""
    request = context.get("request")
    if request is None:  # a page rendered outside a request: nothing to key on
        flat = {str(name): value for name, value in context.flatten().items()}
        return SafeString(get_template(HEADER_TEMPLATE).render(flat))
    user = context["user"]
    # Counted for signed-in people only, as the header shows it.
    unread = context.get("unread_notifications") if user.is_authenticated else 0
    values: dict[str, Any] = {
        "request": request,
        "user": user,
        # Given lazily (a SimpleLazyObject proxies str() but not int()).
        "unread_notifications": int(str(unread or 0)),
        "csrf_token": _CSRF_PLACEHOLDER,
    }
    rendered = _HEADERS.get_or_render(
        header_key(**values),
        lambda: SafeString(get_template(HEADER_TEMPLATE).render(values)),
    )
    # The page's own token (the one every form on it carries), else a new one.
    token = str(context.get("csrf_token") or get_token(request))
    return mark_safe(rendered.replace(_CSRF_PLACEHOLDER, token))  # noqa: S308


def header_key(
    *, request: Any, user: Any, unread_notifications: int, **_: Any
) -> Hashable:
    """Everything the header shows: who is signed in, the page it marks as
    current, the words searched (on the results page), the unread count."""
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match else None
    searched = request.GET.get("q", "") if view == "search:results" else ""
    person = None
    if user.is_authenticated:
        person = (user.pk, user.display_name, user.is_staff, user.is_external)
    return (person, view, searched, unread_notifications)


@register.simple_tag
def timestamp(moment: datetime | None, style: str = "DATETIME_FORMAT") -> str:
    """`<time>` for `moment`, shown in the viewer's zone, machine-readable.

    The visible text follows the active language's format; `datetime` holds
    the exact instant in UTC so assistive tech and scripts read it exactly.
    """
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        moment.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        date_format(local, "DATETIME_FORMAT") + local.strftime(" %Z"),
        date_format(local, style),
    )


@register.filter
def duration_words(length: timedelta | None) -> str:
    """A length of time as people say it: "2 hours, 5 minutes"."""
    if length is None:
        return ""
    if length < timedelta(minutes=1):
        return ngettext("%(count)d second", "%(count)d seconds", length.seconds) % {
            "count": length.seconds
        }
    now = timezone.now()
    return timesince(now - length, now)
