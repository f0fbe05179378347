"""Background expertise: enqueued by the services that change contributions."""

from __future__ import annotations

from django_tasks import task

from commonplace.expertise import services


@task()
def refresh_expertise(community_id: int, person_ids: list[int]) -> None:
    """Recompute these people's expertise in the community; safe to run twice."""
    services.refresh(community_id=community_id, person_ids=person_ids)


@task()
def refresh_thread_expertise(post_id: int) -> None:
    """Recompute the expertise of a thread's people; safe to run twice."""
    services.refresh_thread(post_id)
