"""On Redis, tasks pass through the outbox: written with the change, relayed after."""

import django_rq
import pytest
from django.db import transaction

from commonplace.core.models import OutboxTask
from commonplace.core.outbox import relay_outbox
from commonplace.core.tests.sample_tasks import append_line

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_enqueueing_writes_an_outbox_row_and_nothing_to_redis(tmp_path):
    append_line.enqueue(str(tmp_path / "trace"), "x")

    assert OutboxTask.objects.count() == 1
    assert django_rq.get_queue("default").count == 0


def test_a_rolled_back_enqueue_leaves_no_outbox_row(tmp_path):
    with pytest.raises(RuntimeError), transaction.atomic():
        append_line.enqueue(str(tmp_path / "trace"), "x")
        raise RuntimeError

    assert OutboxTask.objects.count() == 0


def test_the_relay_moves_committed_rows_to_the_queue_once(tmp_path):
    append_line.enqueue(str(tmp_path / "trace"), "x")

    moved = relay_outbox()
    moved_again = relay_outbox()

    assert (moved, moved_again) == (1, 0)
    assert OutboxTask.objects.count() == 0
    assert django_rq.get_queue("default").count == 1
