"""Background indexing: enqueued by the services that change searchable text."""

from __future__ import annotations

from django_tasks import task

from commonplace.search import services


@task()
def index_documents(kind: str, ids: list[int]) -> None:
    """Index these things as they are now; safe to run twice."""
    services.index(kind=kind, ids=ids)
