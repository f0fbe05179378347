"""One error shape for every 4xx answer of the API.

`{"detail": "a sentence a person understands", "fields": {"name": ["..."]}}`:
clients show `detail` and put each `fields` message beside its input.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from commonplace.core.errors import CommonplaceError


class ErrorOut(Schema):
    detail: str
    fields: dict[str, list[str]] = {}


# Every answer other than success has the one error shape.
ERROR_RESPONSES: dict[int, Any] = dict.fromkeys(
    (400, 401, 403, 404, 409, 422), ErrorOut
)


def with_errors(status: int, schema: Any) -> dict[int, Any]:
    """An operation's responses: its success, and the shared error shape."""
    return {status: schema, **ERROR_RESPONSES}


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    detail: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"detail": detail, "fields": fields or {}}, status=status
    )


def _field_name(location: list[Any]) -> str:
    """`["body", "payload", "email"]` -> `"email"`; where the error is."""
    names = [
        str(part)
        for part in location
        if part not in ("body", "query", "path", "payload")
    ]
    return ".".join(names) or "__all__"


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every known failure with the shared shape, never a 500."""

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(_field_name(list(error.get("loc", []))), []).append(
                str(error.get("msg", _("This value is not valid.")))
            )
        return error_response(
            api,
            request,
            status=422,
            detail=_("Some of the values are not valid."),
            fields=fields,
        )

    @api.exception_handler(CommonplaceError)
    def domain_error(request: HttpRequest, exc: CommonplaceError) -> HttpResponse:
        return error_response(
            api,
            request,
            status=exc.status_code,
            detail=str(exc.message),
            fields=exc.fields,
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(
            api, request, status=404, detail=_("Not found, or you cannot see it.")
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(
            api, request, status=403, detail=_("You are not allowed to do that.")
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(
            api, request, status=401, detail=_("Sign in to use this.")
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(
            api, request, status=exc.status_code, detail=str(exc.message)
        )
