"""The shapes of personal access tokens in the API."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class AccessTokenIn(Schema):
    """A new token: what it is for, and how long it lives.

    Any other field (person, token_hash, revoked_at...) is ignored.
    """

    name: str = Field(description="What the token is for; at most 100 characters")
    expires_in_days: int | None = Field(
        30, description="7, 30, 90 or 365 days; null for a token that never expires"
    )


class AccessTokenOut(Schema):
    """A token as its owner sees it: never its secret."""

    id: int
    name: str
    prefix: str = Field(description="The secret's first characters, to recognise it")
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked: bool


class AccessTokenCreatedOut(AccessTokenOut):
    """The new token with its secret, shown in this answer only."""

    token: str = Field(
        description="The secret, for `Authorization: Bearer <token>`; only "
        "its hash is kept, so it is never shown again"
    )


class AccessTokenPageOut(Schema):
    items: list[AccessTokenOut]
    next_cursor: str | None
