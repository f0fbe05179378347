"""Notifications, the events gathered in them, and people's preferences."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonplace.notifications.registry import MAX_KEY_LENGTH


class Notification(models.Model):
    """Something that concerns one person, pointing at what it is about.

    Only references are stored; the text is made when it is read (see
    `registry`). Events of a grouped kind on the same target gather in the
    one unread notification of their group; once read, the next event
    starts a new one.
    """

    # The inbox indexes start with the recipient.
    recipient = models.ForeignKey(
        "people.User",
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(max_length=50)
    target_type = models.CharField(max_length=30)
    target_id = models.PositiveBigIntegerField()
    # What kind of event within the kind ("helpful" for a reaction).
    detail = models.CharField(max_length=30, blank=True)
    group_key = models.CharField(max_length=MAX_KEY_LENGTH)
    # The latest person whose action this is, and how many acted.
    actor = models.ForeignKey(
        "people.User",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    actor_count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "group_key"],
                condition=models.Q(read_at__isnull=True),
                name="notification_one_open_group",
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-updated_at", "-id"], name="notification_inbox"
            ),
            models.Index(
                fields=["recipient", "-updated_at", "-id"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class NotificationEvent(models.Model):
    """One event told to one person, by a key unique to that event.

    The key makes a task that runs twice tell each event once, and the
    events of a group are the people counted in "and 4 others".
    """

    # The unique constraint starts with the recipient.
    recipient = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=MAX_KEY_LENGTH)
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        "people.User",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="notification_event_once"
            )
        ]

    def __str__(self) -> str:
        return self.key


class NotificationPreference(models.Model):
    """A person's choice for one kind, where it differs from the default."""

    person = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=50)
    in_app = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"], name="notification_preference_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.in_app}"
