"""Small pieces every app's views use: the signed-in person, htmx, cursors,
and a service's objections put beside the form fields they are about."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.http import HttpRequest

from commonplace.core.errors import CommonplaceError, NotFound
from commonplace.people.models import User


def signed_in(request: HttpRequest) -> User:
    """The signed-in person (login_required has already turned others away)."""
    user = request.user
    if not isinstance(user, User):
        raise NotFound
    return user


def is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def page_cursor(request: HttpRequest, name: str = "cursor") -> str | None:
    return request.GET.get(name) or None


def add_service_errors(
    form: forms.Form,
    error: CommonplaceError,
    aliases: Mapping[str, str] | None = None,
) -> None:
    """Put a service's refusal onto the form's fields, once each.

    `aliases` maps a service's field name to the form's, where they differ;
    a field the form does not have becomes a form-wide error.
    """
    for field_name, messages in error.fields.items():
        name = (aliases or {}).get(field_name, field_name)
        target = name if name in form.fields else None
        present = [str(problem) for problem in form.errors.get(target or "__all__", [])]
        for message in messages:
            if message not in present:
                form.add_error(target, message)
    if not error.fields:
        form.add_error(None, str(error.message))
