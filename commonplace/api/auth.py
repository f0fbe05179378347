"""How the API knows who is asking: a personal access token or the session.

A token travels in `Authorization: Bearer cp_...`; browsers never add that
header on their own, so token requests need no CSRF token. A request that
presents a token is judged by the token alone: a wrong, expired or revoked
one answers 401 even if a session cookie came along.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from commonplace.accounts.services import person_for_token
from commonplace.core.errors import NotFound
from commonplace.people.models import User


class BearerToken(HttpBearer):
    """A personal access token in the Authorization header."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        person = person_for_token(token.strip())
        if person is None:
            raise HttpError(
                401,
                _(
                    "This access token is not valid: it is unknown, expired or "
                    "revoked. Create a new one on your access tokens page."
                ),
            )
        # The operations read the acting person from request.user, as for
        # the session; no session is created.
        request.user = person
        return person


def acting_person(request: HttpRequest) -> User:
    """The signed-in person behind an API request.

    Operations run only after the API's auth let the request in, so this is
    always a person; anything else answers as if the object did not exist.
    """
    user = request.user
    if not isinstance(user, User):
        raise NotFound
    return user
