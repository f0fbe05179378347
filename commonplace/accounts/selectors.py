"""Reading accounts: a person's own access tokens.

Tokens are private to their owner: nobody else, administrators included,
lists them or learns that one exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from commonplace import permissions
from commonplace.accounts.models import AccessToken
from commonplace.core.errors import NotFound
from commonplace.core.pagination import DEFAULT_PAGE_SIZE, Page, paginate
from commonplace.people.models import User

TOKEN_ORDERING = ("-created_at", "-pk")


def own_access_tokens(
    viewer: User | AnonymousUser,
    *,
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page[AccessToken]:
    """The viewer's tokens, newest first, revoked and expired ones included."""
    rows = AccessToken.objects.none()
    if permissions.is_signed_in(viewer):
        rows = AccessToken.objects.filter(person_id=viewer.pk)
    return paginate(rows, ordering=TOKEN_ORDERING, cursor=cursor, size=size)


def access_own_token(viewer: User | AnonymousUser, token_id: int) -> AccessToken:
    """One of the viewer's tokens; another person's is NotFound, as if absent."""
    token = None
    if permissions.is_signed_in(viewer):
        token = AccessToken.objects.filter(pk=token_id, person_id=viewer.pk).first()
    if token is None:
        raise NotFound
    return token
