"""Request-wide behaviour of the pages: time zones and domain errors."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

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
