"""Tasks that leave a trace on disk, so tests can count their runs.

A file, not a table: a task worker in another process writes to it without
sharing the test's transaction.
"""

from pathlib import Path

from django_tasks import task


@task()
def append_line(path: str, line: str) -> None:
    with Path(path).open("a") as trace:
        trace.write(line + "\n")


@task()
def noop() -> None:
    """A periodic job for the scheduler tests."""
