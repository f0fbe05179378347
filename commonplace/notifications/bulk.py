"""The bulk path of notifications: a history of them at once, for the
generator. Events of a grouped kind on one target gather in one
notification, as `services.notify` gathers them; each event keeps its key,
so a task that later tells the same event tells it once.

Call inside a transaction, while nothing else writes to these tables
(`core.bulk`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from commonplace.core import bulk
from commonplace.notifications.models import Notification, NotificationEvent

# A notification whose last event is older than this was read by now.
READ_AFTER = timedelta(days=3)


@dataclass
class _Group:
    recipient: int
    kind: str
    target: tuple[str, int]
    detail: str
    group_key: str
    events: list[tuple[str, int | None, datetime]] = field(default_factory=list)


@dataclass
class Batch:
    """Events collected while planning; `write` makes their notifications.

    Only events after `since` are kept (older ones would all be read), and
    nobody is told of their own action.
    """

    since: datetime | None = None
    now: datetime | None = None
    _groups: dict[tuple[int, str, str], _Group] = field(default_factory=dict)

    def tell(
        self,
        *,
        recipient: int | None,
        kind: str,
        target: tuple[str, int],
        actor: int | None,
        at: datetime,
        key: str,
        grouped: bool = False,
        detail: str = "",
    ) -> None:
        if recipient is None or recipient == actor:
            return
        if self.since is not None and at < self.since:
            return
        group_key = f"{target[0]}:{target[1]}:{detail}" if grouped else key
        group = self._groups.setdefault(
            (recipient, kind, group_key),
            _Group(recipient, kind, target, detail, group_key),
        )
        group.events.append((key, actor, at))

    def prepare(self, first: int) -> tuple[list[bulk.Prepared], int]:
        """The notification and event rows, notification ids from `first`
        on; also the next free id."""
        notifications, events = [], []
        for number, group in enumerate(self._groups.values()):
            pk = first + number
            ordered = sorted(group.events, key=lambda event: event[2])
            last_actor, last_at = ordered[-1][1], ordered[-1][2]
            read_at = (
                last_at + READ_AFTER
                if self.now is not None and last_at < self.now - READ_AFTER
                else None
            )
            notifications.append(
                (
                    pk,
                    group.recipient,
                    group.kind,
                    group.target[0],
                    group.target[1],
                    group.detail,
                    group.group_key,
                    last_actor,
                    len({actor for _key, actor, _at in ordered}),
                    ordered[0][2],
                    last_at,
                    read_at,
                )
            )
            events += [
                (group.recipient, key, pk, actor, at) for key, actor, at in ordered
            ]
        prepared = [
            bulk.prepare(
                Notification,
                [
                    "id",
                    "recipient_id",
                    "kind",
                    "target_type",
                    "target_id",
                    "detail",
                    "group_key",
                    "actor_id",
                    "actor_count",
                    "created_at",
                    "updated_at",
                    "read_at",
                ],
                notifications,
            ),
            bulk.prepare(
                NotificationEvent,
                ["recipient_id", "key", "notification_id", "actor_id", "created_at"],
                events,
            ),
        ]
        return prepared, first + len(self._groups)


def finish() -> None:
    """After the last write: sequences continue after the ids written."""
    bulk.reset_sequences(Notification, NotificationEvent)
