"""The shapes of notifications and preferences in the API."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from commonplace.communities.schemas import PersonRefOut
from commonplace.people.schemas import PageQuery


class NotificationOut(Schema):
    """A notification as its reader sees it now: the text is made at read
    time, so it never shows what the reader may no longer see."""

    id: int
    kind: str
    text: str
    url: str = Field(..., description="The page it is about, on this site.")
    actor: PersonRefOut | None
    actor_count: int = Field(..., description="How many people it gathers.")
    created_at: datetime
    updated_at: datetime
    read: bool

    @staticmethod
    def resolve_read(notification: object) -> bool:
        return getattr(notification, "read_at", None) is not None


class NotificationPageOut(Schema):
    items: list[NotificationOut]
    next_cursor: str | None


class NotificationQuery(PageQuery):
    unread: bool = Field(False, description="Only the unread ones.")


class UnreadCountOut(Schema):
    unread: int = Field(..., description="Counted up to 100.")
    more: bool = Field(..., description="True when there are more than 99.")


class MarkedOut(Schema):
    marked: int


class KindPreferenceOut(Schema):
    name: str
    label: str
    in_app: bool


class PreferencesOut(Schema):
    kinds: list[KindPreferenceOut]


class PreferencesIn(Schema):
    in_app: dict[str, bool] = Field(
        ..., description="Kind name -> whether to receive it in the app."
    )
