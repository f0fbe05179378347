"""Background work obeys the side-effect rule on every backend.

These run on the database backend in the SQLite run and through the outbox
and RQ in the PostgreSQL + Redis run.
"""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commonplace.core.models import ScheduledRun
from commonplace.core.schedule import enqueue_due_jobs
from commonplace.core.tasks import prune_finished_task_results
from commonplace.core.tests.sample_tasks import append_line
from tests.support import database_url_for_processes

SAMPLE_JOB = ("sample", "commonplace.core.tests.sample_tasks.noop", 60)


def _lines(path):
    return path.read_text().splitlines() if path.exists() else []


def _run_worker_until_empty():
    call_command("worker", until_empty=True)


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_in_a_rolled_back_transaction_never_runs(tmp_path):
    trace = tmp_path / "trace"

    with pytest.raises(RuntimeError), transaction.atomic():
        append_line.enqueue(str(trace), "should not run")
        raise RuntimeError("the change failed")
    _run_worker_until_empty()

    assert _lines(trace) == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_task_runs_once_even_when_two_workers_start(tmp_path):
    trace = tmp_path / "trace"
    with transaction.atomic():
        append_line.enqueue(str(trace), "ran")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "commonplace.config.settings_test",
        "DATABASE_URL": database_url_for_processes(),
    }
    command = [sys.executable, "-m", "commonplace", "worker", "--until-empty"]

    workers = [subprocess.Popen(command, env=env) for _ in range(2)]  # noqa: S603
    exit_codes = [worker.wait(timeout=120) for worker in workers]

    assert exit_codes == [0, 0]
    assert _lines(trace) == ["ran"]


@pytest.mark.django_db(transaction=True)
def test_running_the_worker_again_does_not_repeat_a_finished_task(tmp_path):
    trace = tmp_path / "trace"
    append_line.enqueue(str(trace), "once")

    _run_worker_until_empty()
    _run_worker_until_empty()

    assert _lines(trace) == ["once"]


@pytest.mark.django_db(transaction=True)
def test_a_deferred_task_waits_for_its_time(tmp_path):
    trace = tmp_path / "trace"
    now = timezone.now()
    append_line.using(run_after=now + timedelta(hours=1)).enqueue(str(trace), "later")
    append_line.using(run_after=now - timedelta(seconds=1)).enqueue(str(trace), "due")

    _run_worker_until_empty()

    assert _lines(trace) == ["due"]


@pytest.mark.django_db
def test_a_periodic_job_is_enqueued_once_per_slot(settings):
    settings.PERIODIC_TASKS = [SAMPLE_JOB]
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)

    first = enqueue_due_jobs(noon)
    again = enqueue_due_jobs(noon + timedelta(minutes=59))
    next_slot = enqueue_due_jobs(noon + timedelta(minutes=60))

    assert (first, again, next_slot) == (["sample"], [], ["sample"])
    assert ScheduledRun.objects.filter(name="sample").count() == 2


@pytest.mark.django_db
def test_pruning_removes_only_old_bookkeeping():
    now = timezone.now()
    old, recent = now - timedelta(days=15), now - timedelta(days=1)
    ScheduledRun.objects.create(name="old", slot_start=old)
    ScheduledRun.objects.create(name="recent", slot_start=recent)
    for finished_at in (old, recent):
        DBTaskResult.objects.create(
            task_path="commonplace.core.tests.sample_tasks.noop",
            args_kwargs={"args": [], "kwargs": {}},
            status="SUCCESSFUL",
            finished_at=finished_at,
            backend_name="default",
        )

    prune_finished_task_results.call()

    assert list(ScheduledRun.objects.values_list("name", flat=True)) == ["recent"]
    assert list(DBTaskResult.objects.values_list("finished_at", flat=True)) == [recent]
