"""A community's funnel: how many ideas reached each stage, how many went
on to the next, and how long they stayed.

Computed from the moves (every idea also enters the stage it started in
when proposed), in one pass over the community's ideas and moves, and
kept in the shared cache until the community's ideas or stages next change
(the services count each change in IdeaSettings.revision; ten minutes at
most, for rows written around them, such as an import's), so a page of
figures costs two small queries while nothing moves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median
from typing import Any

from django.core.cache import cache

from commonplace.communities.models import Community
from commonplace.ideas.models import Idea, Stage, StageMove
from commonplace.ideas.selectors.trip import trip_revision

CACHE_SECONDS = 600
SECONDS_A_DAY = 86_400


@dataclass(frozen=True)
class FunnelFilters:
    """Which ideas count: those that reached a stage, on a topic, by someone."""

    stage_id: int | None = None
    topic_id: int | None = None
    author_id: int | None = None

    def key(self) -> str:
        return f"{self.stage_id or ''}:{self.topic_id or ''}:{self.author_id or ''}"


@dataclass(frozen=True)
class StageFigures:
    stage_id: int
    name: str
    kind: str
    reached: int
    current: int
    # The share of the ideas that reached the step before that reached this
    # one (None for the first step, for outcomes, which branch off, and
    # after a stage nothing reached).
    conversion: float | None
    # The median of the finished stays in this stage, in days.
    median_days: float | None


@dataclass(frozen=True)
class Funnel:
    ideas: int
    stages: list[StageFigures] = field(default_factory=list)


def funnel(community: Community, filters: FunnelFilters = FunnelFilters()) -> Funnel:
    """The community's funnel for the ideas the filters keep."""
    key = f"ideas:funnel:{community.pk}:{filters.key()}:{trip_revision(community)}"
    found = cache.get(key)
    if found is None:
        found = _computed(community, filters)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _population(community: Community, filters: FunnelFilters) -> dict[int, Any]:
    ideas = Idea.objects.filter(community=community)
    if filters.topic_id:
        ideas = ideas.filter(topics=filters.topic_id)
    if filters.author_id:
        ideas = ideas.filter(author_id=filters.author_id)
    return {
        row["pk"]: row
        for row in ideas.values("pk", "started_in_id", "stage_id", "created_at")
    }


def _stays(
    ideas: dict[int, Any], community: Community
) -> dict[int, list[tuple[int | None, datetime, datetime | None]]]:
    """Each idea's stays: (stage, entered, left or None while there)."""
    stays: dict[int, list[tuple[int | None, datetime, datetime | None]]] = {
        pk: [(row["started_in_id"], row["created_at"], None)]
        for pk, row in ideas.items()
    }
    moves = (
        StageMove.objects.filter(idea__community=community)
        .order_by("idea_id", "created_at", "pk")
        .values_list("idea_id", "to_stage_id", "created_at")
    )
    for idea_id, to_stage, moved_at in moves:
        if idea_id not in stays:
            continue
        stage, entered, _left = stays[idea_id][-1]
        stays[idea_id][-1] = (stage, entered, moved_at)
        stays[idea_id].append((to_stage, moved_at, None))
    return stays


def _computed(community: Community, filters: FunnelFilters) -> Funnel:
    ideas = _population(community, filters)
    stays = _stays(ideas, community)
    if filters.stage_id:
        stays = {
            pk: visits
            for pk, visits in stays.items()
            if any(stage == filters.stage_id for stage, _in, _out in visits)
        }
    reached: dict[int, set[int]] = defaultdict(set)
    durations: dict[int, list[float]] = defaultdict(list)
    for pk, visits in stays.items():
        for stage, entered, left in visits:
            if stage is None:
                continue
            reached[stage].add(pk)
            if left is not None:
                durations[stage].append(
                    (left - entered).total_seconds() / SECONDS_A_DAY
                )
    current: dict[int, int] = defaultdict(int)
    for pk in stays:
        current[ideas[pk]["stage_id"]] += 1
    return Funnel(
        ideas=len(stays), stages=_figures(community, reached, durations, current)
    )


def _figures(
    community: Community,
    reached: dict[int, set[int]],
    durations: dict[int, list[float]],
    current: dict[int, int],
) -> list[StageFigures]:
    figures = []
    previous: int | None = None
    for stage in Stage.objects.filter(community=community):
        count = len(reached.get(stage.pk, ()))
        conversion = None
        if not stage.is_outcome:
            if previous is not None:
                conversion = count / previous if previous else None
            previous = count
        stays = durations.get(stage.pk)
        figures.append(
            StageFigures(
                stage_id=stage.pk,
                name=stage.name,
                kind=stage.kind,
                reached=count,
                current=current.get(stage.pk, 0),
                conversion=conversion,
                median_days=round(median(stays), 1) if stays else None,
            )
        )
    return figures
