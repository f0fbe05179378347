"""Suite-wide test configuration.

Tests that need PostgreSQL or Redis are marked and deselected when the run
is not configured for them (the SQLite run); CI runs the suite a second time
on PostgreSQL + Redis, where they are selected. Missing tools (Chromium,
the shared data sets) skip a test on a user's machine and fail it in CI:
see `tests.support.require`.
"""

import pytest
from django.conf import settings


def _database_is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config, items):
    unselectable = {
        "postgres": not _database_is_postgres(),
        "redis": not settings.REDIS_URL,
    }
    selected, deselected = [], []
    for item in items:
        wanted = [name for name, missing in unselectable.items() if missing]
        if any(item.get_closest_marker(name) for name in wanted):
            deselected.append(item)
        else:
            selected.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache, so rate counters never leak.

    On Redis this empties the worker's own database, task queues included.
    """
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_view_counts(monkeypatch):
    """Every test starts with no page views waiting in this process.

    The buffer flushes every 30 seconds of the process's life: shared
    across a long run, it would flush inside whichever test came next and
    add queries to that test's count.
    """
    from commonplace.knowledge.services import popularity

    monkeypatch.setattr(popularity, "_buffer", popularity.ViewBuffer())


@pytest.fixture
def run_tasks():
    """Run every task that is ready, as the worker would, in this process."""
    from django.core.management import call_command

    def run():
        call_command("worker", until_empty=True)

    return run
