"""One's personal access tokens in the API, at /me/tokens.

A token can list and revoke tokens, but only the session can create one:
otherwise a leaked token could mint fresh tokens and outlive its own
revocation.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status
from ninja.security import django_auth

from commonplace.accounts import selectors, services
from commonplace.accounts.models import AccessToken
from commonplace.accounts.schemas import (
    AccessTokenCreatedOut,
    AccessTokenIn,
    AccessTokenOut,
    AccessTokenPageOut,
)
from commonplace.api.auth import acting_person
from commonplace.core.pagination import Page
from commonplace.people.schemas import PageQuery

router = Router(tags=["access tokens"])


@router.get("", response=AccessTokenPageOut, url_name="access-tokens")
def list_tokens(request: HttpRequest, page: Query[PageQuery]) -> Page[AccessToken]:
    """One's tokens, newest first, revoked and expired ones included."""
    return selectors.own_access_tokens(
        acting_person(request), cursor=page.cursor, size=page.size
    )


@router.post(
    "",
    response={201: AccessTokenCreatedOut},
    auth=django_auth,
    url_name="access-tokens",
)
def create_token(
    request: HttpRequest, payload: AccessTokenIn
) -> Status[AccessTokenCreatedOut]:
    """Create a token; its secret is in this answer (`token`) and never again.

    Needs the session (with its CSRF token), not a token. At most 20 live
    tokens per person.
    """
    viewer = acting_person(request)
    token, secret = services.create_access_token(
        person=viewer,
        created_by=viewer,
        name=payload.name,
        expires_in_days=payload.expires_in_days,
    )
    shown = AccessTokenOut.from_orm(token).model_dump()
    return Status(201, AccessTokenCreatedOut(**shown, token=secret))


@router.delete("/{token_id}", response={204: None}, url_name="access-token")
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke one of one's tokens; revoking again changes nothing.

    Another person's token answers 404, as one that does not exist.
    """
    viewer = acting_person(request)
    token = selectors.access_own_token(viewer, token_id)
    services.revoke_access_token(token=token, revoked_by=viewer)
    return Status(204, None)
