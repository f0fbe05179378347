"""Running background work: tasks, the outbox relay and the scheduler.

`commonplace worker` is the single process operators start beside the web
server. It runs the task worker for the configured backend as a child
process and, in its own loop, the scheduler of periodic jobs and (on Redis)
the outbox relay. `--until-empty` does the same work in-process until
nothing is ready, for tests, one-off maintenance and cron.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from types import FrameType

from django.utils.crypto import get_random_string
from django_tasks import task_backends
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from commonplace.core.outbox import OutboxBackend, relay_outbox
from commonplace.core.schedule import enqueue_due_jobs

logger = logging.getLogger(__name__)

RESTART_DELAY_SECONDS = 5
STOP_TIMEOUT_SECONDS = 30


def uses_outbox() -> bool:
    """True when tasks travel through the outbox to Redis (REDIS_URL set)."""
    return isinstance(task_backends["default"], OutboxBackend)


def drain() -> None:
    """Run every task that is ready now, including those tasks enqueue."""
    enqueue_due_jobs()
    if not uses_outbox():
        _run_ready_database_tasks()
        return
    while True:
        relayed = _relay_everything()
        worked = _redis_worker().work(burst=True, with_scheduler=True)
        if not relayed and not worked:
            return


def _relay_everything() -> int:
    total = 0
    while moved := relay_outbox():
        total += moved
    return total


def _run_ready_database_tasks() -> None:
    """Claim and run ready tasks one by one until none is left.

    The same claim as db_worker's loop, without its connection recycling,
    which would close a connection the caller is still using.
    """
    worker = _database_worker()
    while True:
        with exclusive_transaction():
            result = (
                DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            )
            if result is not None:
                result.claim(worker.worker_id)
        if result is None:
            return
        worker.run_task(result)


def _database_worker() -> DatabaseWorker:
    return DatabaseWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )


def _redis_worker():
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    # In-process: no fork, so the caller's database connection and test
    # transaction are the ones the tasks see.
    return django_rq.get_worker("default", worker_class=SimpleWorker, job_class=Job)


class Supervisor:
    """Keeps the task worker child alive and ticks scheduler and relay."""

    def __init__(self, *, scheduler_interval: float) -> None:
        self.scheduler_interval = scheduler_interval
        self.running = True
        self.child: subprocess.Popen[bytes] | None = None

    def child_command(self) -> list[str]:
        base = [sys.executable, "-m", "commonplace"]
        if uses_outbox():
            return [
                *base,
                "rqworker",
                "default",
                "--with-scheduler",
                "--job-class",
                "django_tasks_rq.backend.Job",
            ]
        return [*base, "db_worker", "--queue-name", "*", "--no-reload"]

    def stop(self, signum: int, frame: FrameType | None) -> None:
        logger.info("Stopping the worker (signal %s)", signum)
        self.running = False

    def run(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        next_schedule = 0.0
        try:
            while self.running:
                self._keep_child_alive()
                if time.monotonic() >= next_schedule:
                    if names := enqueue_due_jobs():
                        logger.info("Scheduled: %s", ", ".join(names))
                    next_schedule = time.monotonic() + self.scheduler_interval
                if uses_outbox():
                    _relay_everything()
                time.sleep(1)
        finally:
            self._stop_child()

    def _keep_child_alive(self) -> None:
        if self.child is not None and self.child.poll() is None:
            return
        if self.child is not None:
            logger.warning(
                "The task worker exited with %s; restarting in %ss",
                self.child.returncode,
                RESTART_DELAY_SECONDS,
            )
            time.sleep(RESTART_DELAY_SECONDS)
        self.child = subprocess.Popen(self.child_command())  # noqa: S603

    def _stop_child(self) -> None:
        if self.child is None or self.child.poll() is not None:
            return
        self.child.terminate()
        try:
            self.child.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.child.kill()
