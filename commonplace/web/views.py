"""The error pages every part of the site falls back on."""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"

ERROR_TITLES = {
    400: gettext_lazy("That request did not make sense"),
    403: gettext_lazy("You cannot do that"),
    404: gettext_lazy("Page not found"),
    405: gettext_lazy("That is not possible here"),
    409: gettext_lazy("Something changed in the meantime"),
    429: gettext_lazy("Slow down a little"),
    500: gettext_lazy("Something went wrong on our side"),
}


def render_error(
    request: HttpRequest, *, status: int, message: str = ""
) -> HttpResponse:
    """The styled page (or htmx fragment) for an error answer.

    Under /api/ the answer is the API's JSON error shape instead, so a client
    that mistypes a URL still gets something it can parse.
    """
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message, "fields": {}}, status=status)
    context = {
        "status": status,
        "title": ERROR_TITLES.get(status, ERROR_TITLES[400]),
        "message": message,
    }
    template = (
        "web/error.html#error"
        if request.headers.get("HX-Request")
        else "web/error.html"
    )
    return render(request, template, context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render_error(
        request, status=400, message=_("The request could not be read.")
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render_error(
        request, status=403, message=_("You do not have access to this page.")
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render_error(
        request,
        status=404,
        message=_("It may have moved, or you may not have access to it."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page; falls back to a page with no context if that fails too.

    The full layout needs the database (the signed-in person); when the error
    is the database itself, a plain page is still better than no page.
    """
    message = _("The error has been logged. Please try again in a moment.")
    try:
        return render_error(request, status=500, message=message)
    except Exception:
        logger.exception("The 500 page itself failed to render")
        html = render_to_string(
            "web/error_plain.html", {"title": ERROR_TITLES[500], "message": message}
        )
        return HttpResponse(html, status=500)
