"""Bookkeeping rows for background work."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxTask(models.Model):
    """A task waiting to be handed to the Redis queue.

    Written in the same transaction as the change that causes it, so a task
    exists exactly when its change committed; the relay moves it to RQ and
    deletes the row (architecture.md, "Side effects").
    """

    task_path = models.CharField(max_length=255)
    queue_name = models.CharField(max_length=64)
    args_kwargs = models.JSONField()
    run_after = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outbox task")
        verbose_name_plural = _("outbox tasks")

    def __str__(self) -> str:
        return f"{self.task_path} #{self.pk}"


class ScheduledRun(models.Model):
    """One periodic job's run for one time slot, claimed by one scheduler.

    The unique slot makes a job run once per period however many schedulers
    are running, and the row commits together with the enqueued task.
    """

    name = models.CharField(max_length=100)
    slot_start = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "slot_start"], name="scheduled_run_once_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot_start:%Y-%m-%d %H:%M}"
