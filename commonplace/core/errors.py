"""Domain errors: one base class, each with a message a person understands.

Services raise these; the page middleware and the API's exception handler
turn them into 4xx answers, so no view needs its own try/except to be safe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Message = str | Promise


class CommonplaceError(Exception):
    """A request that cannot be done, for a reason the person can act on."""

    status_code = 400
    default_message: Message = _("This request could not be completed.")

    def __init__(
        self,
        message: Message | None = None,
        *,
        fields: Mapping[str, Sequence[Message]] | None = None,
    ) -> None:
        self.message: Message = message or self.default_message
        self.fields: dict[str, list[str]] = {
            name: [str(error) for error in errors]
            for name, errors in (fields or {}).items()
        }
        super().__init__(str(self.message))


class InvalidInput(CommonplaceError):
    """The request is well-formed but its values break a rule."""

    default_message = _("Some of the values are not valid.")

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> InvalidInput:
        """The same problems, from Django's model or form validation."""
        if hasattr(error, "error_dict"):
            return cls(
                fields={
                    name: list(messages)
                    for name, messages in error.message_dict.items()
                }
            )
        return cls(" ".join(error.messages))

    @classmethod
    def from_form(cls, form: Any) -> InvalidInput:
        """A form's errors, field by field; the one message as the message
        when there is only one."""
        fields = {
            name: [str(error) for error in errors]
            for name, errors in form.errors.items()
        }
        messages = [message for errors in fields.values() for message in errors]
        return cls(messages[0] if len(messages) == 1 else None, fields=fields)


class NotAllowed(CommonplaceError):
    """The person may see the object but not do this to it."""

    status_code = 403
    default_message = _("You are not allowed to do that.")


class NotFound(CommonplaceError):
    """Absent, or hidden from this person: the two are indistinguishable."""

    status_code = 404
    default_message = _("That page does not exist, or you cannot see it.")


class Conflict(CommonplaceError):
    """The change clashes with the current state (a duplicate, a race)."""

    status_code = 409
    default_message = _("That clashes with a change made in the meantime.")


class TooManyRequests(CommonplaceError):
    """A rate limit was reached; the person should wait and try again."""

    status_code = 429
    default_message = _("Too many attempts. Please wait a moment and try again.")
