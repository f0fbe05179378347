"""The database cache processes share without Redis counts exactly."""

import threading
import time

import pytest
from django.db import connection

from commonplace.core.cache import SharedDatabaseCache

INCREMENTS_PER_THREAD = 15
THREADS = 4


def _cache() -> SharedDatabaseCache:
    return SharedDatabaseCache("commonplace_cache", {})


@pytest.mark.django_db
def test_incr_keeps_the_expiry_the_entry_was_added_with():
    cache = _cache()
    cache.add("attempts", 0, timeout=2)

    assert cache.incr("attempts") == 1
    assert cache.incr("attempts", 4) == 5
    time.sleep(2.1)

    assert cache.get("attempts") is None
    with pytest.raises(ValueError, match="not found"):
        cache.incr("attempts")


@pytest.mark.django_db
def test_incr_of_a_missing_key_is_a_value_error_as_in_every_django_cache():
    with pytest.raises(ValueError, match="not found"):
        _cache().incr("never-added")


@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_lose_no_count():
    """Each thread has its own connection, as each process would."""
    _cache().add("shared", 0, timeout=60)
    failures: list[BaseException] = []

    def count() -> None:
        try:
            cache = _cache()
            for _ in range(INCREMENTS_PER_THREAD):
                cache.incr("shared")
        except BaseException as error:  # reported by the main thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=count) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert _cache().get("shared") == THREADS * INCREMENTS_PER_THREAD
