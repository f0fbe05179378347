"""Request-wide behaviour of the pages: time zones, domain errors, bad text."""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace.core.clock import zone_named
from commonplace.core.errors import CommonplaceError
from commonplace.web.views import render_error

GetResponse = Callable[[HttpRequest], HttpResponse]


class ViewerTimeZoneMiddleware:
    """Show every time in the viewer's own zone (the organisation's if unset)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        name = user.time_zone if user.is_authenticated else None
        with timezone.override(zone_named(name)):
            return self.get_response(request)


class DomainErrorMiddleware:
    """Answer a CommonplaceError that escapes a view with its 4xx page.

    A rule broken deep inside a service then never becomes a 500, and views
    need no try/except of their own to be safe.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, CommonplaceError):
            return None
        return render_error(
            request, status=exception.status_code, message=str(exception.message)
        )


NUL = "\x00"
# \u0000 in JSON, unless its backslash is itself escaped ("\\u0000" is text).
JSON_NUL = re.compile(rb"(?:^|[^\\])(?:\\\\)*\\u0000")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _any_nul(data: QueryDict) -> bool:
    return any(NUL in text for key, values in data.lists() for text in (key, *values))


def carries_nul(request: HttpRequest) -> bool:
    """Whether any text of the request holds a NUL character.

    No text in Commonplace may contain one, and PostgreSQL refuses to store
    it; an upload's bytes are not text and are not looked at.
    """
    if NUL in request.path or _any_nul(request.GET):
        return True
    content_type = request.content_type or ""
    if content_type == "application/json":
        return b"\x00" in request.body or JSON_NUL.search(request.body) is not None
    if request.method == "POST" and content_type in FORM_TYPES:
        return _any_nul(request.POST)
    return False


class RejectNulMiddleware:
    """Answer 400 to a request whose text carries a NUL character."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_nul(request):
            return render_error(
                request,
                status=400,
                message=_(
                    "The request contains a character that is not allowed (NUL)."
                ),
            )
        return self.get_response(request)
