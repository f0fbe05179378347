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


class AppliedBatch(models.Model):
    """A batch of buffered work (page views, say) that a task applied.

    The batch's key is written with its effect, so a task that runs twice
    applies it once; old keys are pruned with the task results.
    """

    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("applied batch")
        verbose_name_plural = _("applied batches")

    def __str__(self) -> str:
        return self.key


class CacheEntry(models.Model):
    """An entry of the cache processes share without Redis (core/cache.py).

    The columns are those Django's database cache reads and writes; the
    model exists so that `migrate` creates the table on every database.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "commonplace_cache"
        verbose_name = _("cache entry")
        verbose_name_plural = _("cache entries")

    def __str__(self) -> str:
        return self.cache_key


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: object) -> int:
        raise TypeError("The audit log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only")


class AuditEntry(models.Model):
    """Who changed what, when, with the values before and after.

    Append-only: rows are never changed or deleted through the ORM, so the
    log stays evidence. Written in the same transaction as the change.
    """

    actor = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("target type"), max_length=64)
    target_id = models.CharField(_("target id"), max_length=64)
    target_label = models.CharField(_("target"), max_length=200)
    # The object whose own audit trail shows this entry ("communities.community:12").
    scope = models.CharField(_("scope"), max_length=80, blank=True, db_index=True)
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_label}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise TypeError("The audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only")
