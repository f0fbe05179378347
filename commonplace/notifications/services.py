"""Telling people: creating notifications, reading them, preferences.

`notify` is called by the tasks that other apps enqueue in the transaction
of the change that causes them. It is safe to call twice for one event:
the event's key is stored, and a second call finds it and does nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.notifications import registry
from commonplace.notifications.models import (
    Notification,
    NotificationEvent,
    NotificationPreference,
)
from commonplace.notifications.selectors import visible_notifications
from commonplace.people.models import User


def wants_in_app(person: User, kind: str) -> bool:
    """Whether `person` takes this kind in the app: their choice or the default."""
    chosen = (
        NotificationPreference.objects.filter(person=person, kind=kind)
        .values_list("in_app", flat=True)
        .first()
    )
    return registry.kind(kind).default_in_app if chosen is None else chosen


def may_see(person: User, target_type: str, target_id: int) -> bool:
    """Whether `person` may see the target now, by its registered policy."""
    visible = registry.target(target_type).visible(person)
    return bool(visible.filter(pk=target_id).exists())


def _worth_telling(
    recipient: User, kind: str, target_type: str, target_id: int, key: str
) -> bool:
    """Whether the event is news to a recipient who wants it and may see it."""
    if not permissions.is_signed_in(recipient) or not wants_in_app(recipient, kind):
        return False
    if NotificationEvent.objects.filter(recipient=recipient, key=key).exists():
        return False
    return may_see(recipient, target_type, target_id)


@transaction.atomic
def notify(
    *,
    recipient: User,
    kind: str,
    target: Model,
    key: str,
    actor: User | None = None,
    detail: str = "",
) -> Notification | None:
    """Tell `recipient` about one event; None when nothing is to be told.

    Nothing is told to the person who acted, to a deactivated person, to
    someone who turned the kind off, or to someone who may not see the
    target. `key` names the event uniquely for this recipient, so running
    the calling task twice tells it once.
    """
    spec = registry.kind(kind)
    target_type = registry.target_name(target)
    if target_type not in spec.targets:
        raise ValueError(f"{kind} does not point at a {target_type}")
    if actor is not None and actor.pk == recipient.pk:
        return None
    if not _worth_telling(recipient, kind, target_type, target.pk, key):
        return None
    group_key = f"{target_type}:{target.pk}:{detail}" if spec.grouped else key
    for _attempt in range(2):
        try:
            with transaction.atomic():
                notification = _gather(
                    recipient=recipient,
                    spec=spec,
                    target=target,
                    group_key=group_key,
                    actor=actor,
                    detail=detail,
                )
                NotificationEvent.objects.create(
                    recipient=recipient, key=key, notification=notification, actor=actor
                )
                return notification
        except IntegrityError:
            # A task running at the same moment told this event, or opened
            # this group first: then the second attempt joins its group.
            if NotificationEvent.objects.filter(recipient=recipient, key=key).exists():
                return None
    return None


def _gather(
    *,
    recipient: User,
    spec: registry.Kind,
    target: Model,
    group_key: str,
    actor: User | None,
    detail: str,
) -> Notification:
    """The open notification of the group with this event added, or a new one."""
    now = timezone.now()
    opened = Notification.objects.filter(
        recipient=recipient, kind=spec.name, group_key=group_key, read_at__isnull=True
    )
    # "Ana and 4 others" counts people: someone acting again in the group
    # (a second comment, a second answer) is not another person.
    again = (
        actor is not None
        and NotificationEvent.objects.filter(
            notification__in=opened, actor=actor
        ).exists()
    )
    added = 0 if again else 1
    if opened.update(actor=actor, actor_count=F("actor_count") + added, updated_at=now):
        return opened.get()
    return Notification.objects.create(
        recipient=recipient,
        kind=spec.name,
        target_type=registry.target_name(target),
        target_id=target.pk,
        detail=detail,
        group_key=group_key,
        actor=actor,
        created_at=now,
        updated_at=now,
    )


def _own(person: User, notification_id: int) -> Notification:
    """The person's own notification; someone else's is as good as missing."""
    notification = Notification.objects.filter(
        pk=notification_id, recipient=person
    ).first()
    if notification is None:
        raise NotFound
    return notification


@transaction.atomic
def mark_read(*, person: User, notification_id: int) -> Notification:
    """Mark one of one's own notifications read (again is harmless)."""
    notification = _own(person, notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, person: User) -> int:
    """Mark every unread notification the person can see read; return how
    many. Ones about what they can no longer see stay as they are: they
    are never shown or counted, and counting them would tell they exist."""
    unread = visible_notifications(person).filter(read_at__isnull=True)
    return Notification.objects.filter(
        pk__in=list(unread.values_list("pk", flat=True))
    ).update(read_at=timezone.now())


@transaction.atomic
def set_preferences(*, person: User, in_app: Mapping[str, bool]) -> None:
    """Turn kinds on or off in the app; an unknown kind refuses them all."""
    known = {kind.name for kind in registry.kinds()}
    unknown = sorted(set(in_app) - known)
    if unknown:
        message = _("There is no kind of notification called %(name)s.") % {
            "name": ", ".join(unknown)
        }
        raise InvalidInput(message, fields={"kinds": [message]})
    for kind, wanted in in_app.items():
        if wanted == registry.kind(kind).default_in_app:
            NotificationPreference.objects.filter(person=person, kind=kind).delete()
        else:
            NotificationPreference.objects.update_or_create(
                person=person, kind=kind, defaults={"in_app": wanted}
            )
