"""Housekeeping tasks of the background machinery itself."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from commonplace.core.models import AppliedBatch, ScheduledRun

KEEP_BOOKKEEPING_FOR = timedelta(days=14)


@task()
def prune_finished_task_results() -> int:
    """Delete finished task results, scheduler slots and applied batch keys
    older than 14 days.

    These tables only grow otherwise; two weeks keeps enough history to
    inspect a failure. Safe to run twice: a second run finds nothing.
    """
    cutoff = timezone.now() - KEEP_BOOKKEEPING_FOR
    results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    slots, _ = ScheduledRun.objects.filter(slot_start__lt=cutoff).delete()
    batches, _ = AppliedBatch.objects.filter(created_at__lt=cutoff).delete()
    return results + slots + batches
