"""The transactional outbox between services and the Redis task queue.

RQ receives jobs the moment they are sent, which would run a task for a
change that later rolls back, or lose it if the process dies between commit
and send. Services therefore enqueue into `OutboxBackend`, which writes a row
in the caller's transaction; `relay_outbox` sends committed rows to RQ.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task

from commonplace.core.models import OutboxTask

RELAY_BACKEND = "rq"


class OutboxBackend(BaseTaskBackend):
    """A task backend that only records tasks; the relay delivers them."""

    supports_defer = True
    supports_async_task = False
    supports_get_result = False

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any]:
        self.validate_task(task)
        row = OutboxTask.objects.create(
            task_path=task.module_path,
            queue_name=task.queue_name,
            args_kwargs={"args": list(args), "kwargs": dict(kwargs)},
            run_after=task.run_after,
        )
        return TaskResult(
            task=task,
            id=f"outbox-{row.pk}",
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )


def relay_outbox(*, batch_size: int = 200) -> int:
    """Send up to `batch_size` committed outbox rows to RQ; return how many.

    A row is deleted in the transaction that read it. If the process dies
    after sending and before commit, the row is sent again later: tasks are
    written to be safe to run twice, so at-least-once delivery is enough.
    """
    with transaction.atomic():
        rows = list(
            OutboxTask.objects.select_for_update(skip_locked=True).order_by("pk")[
                :batch_size
            ]
        )
        for row in rows:
            task = import_string(row.task_path).using(
                backend=RELAY_BACKEND,
                queue_name=row.queue_name,
                run_after=row.run_after,
            )
            task.enqueue(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        OutboxTask.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)
