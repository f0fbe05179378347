"""Background expertise: enqueued by the services that change contributions,
and the asking of people for help (routing and its notifications)."""

from __future__ import annotations

from django_tasks import task

from commonplace.expertise import services
from commonplace.expertise.models import HelpRequest
from commonplace.notifications.services import notify


@task()
def refresh_expertise(community_id: int, person_ids: list[int]) -> None:
    """Recompute these people's expertise in the community; safe to run twice."""
    services.refresh(community_id=community_id, person_ids=person_ids)


@task()
def refresh_thread_expertise(post_id: int) -> None:
    """Recompute the expertise of a thread's people; safe to run twice."""
    services.refresh_thread(post_id)


@task()
def route_question(post_id: int) -> None:
    """Ask the people most likely to help, if the question still waits;
    runs the rule's minutes after posting, and once however often run."""
    services.route(post_id)


@task()
def tell_help_requested(request_id: int) -> None:
    """Tell the person asked; told once however often run, and not at all
    if they may no longer see the question."""
    request = (
        HelpRequest.objects.select_related("person", "asked_by")
        .filter(pk=request_id, declined="")
        .first()
    )
    if request is None:
        return
    notify(
        recipient=request.person,
        kind="help_requested",
        target=request,
        key=f"help_requested:{request.pk}",
        actor=request.asked_by,
    )
