"""Periodic jobs: the one scheduler, run inside `commonplace worker`.

Jobs are listed in the PERIODIC_TASKS setting. Time is cut into slots of
each job's period, counted from the Unix epoch; a job runs once per slot,
whichever scheduler gets there first, because claiming the slot and
enqueueing the task commit together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from commonplace.core.models import ScheduledRun

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task_path: str
    every: timedelta


def periodic_jobs() -> list[PeriodicJob]:
    return [
        PeriodicJob(name=name, task_path=task_path, every=timedelta(minutes=minutes))
        for name, task_path, minutes in settings.PERIODIC_TASKS
    ]


def slot_start(moment: datetime, every: timedelta) -> datetime:
    """The start of the period of length `every` that holds `moment`."""
    return EPOCH + ((moment - EPOCH) // every) * every


def enqueue_due_jobs(now: datetime | None = None) -> list[str]:
    """Enqueue every job whose current slot has not run yet; return names."""
    now = now or timezone.now()
    enqueued = []
    for job in periodic_jobs():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(
                    name=job.name, slot_start=slot_start(now, job.every)
                )
                import_string(job.task_path).enqueue()
        except IntegrityError:
            continue  # another scheduler claimed this slot
        enqueued.append(job.name)
    return enqueued
