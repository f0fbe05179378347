"""The people and communities the generator writes conversations into:
read from the database, with each person's activity and skills."""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from commonplace.communities.models import Community, Membership, Role
from commonplace.people.models import User

T = TypeVar("T")
WRITING_ROLES = frozenset({Role.OWNER, Role.LEADER, Role.MODERATOR, Role.MEMBER})


def cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    return tuple(itertools.accumulate(weights))


@dataclass(frozen=True)
class Person:
    id: int
    handle: str
    weight: float
    skills: frozenset[int]


@dataclass
class Circle:
    """One community, as the generator needs it."""

    id: int
    kind: str
    started_at: datetime
    topics: list[tuple[int, str]]
    writers: list[Person]
    readers: list[Person]
    posts: int = 0


class Dice(random.Random):
    """A seeded random with the draws the generator makes millions of times,
    done the cheapest way (one `random()` each, cumulative weights kept)."""

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.random() * len(items))]

    def weighted(self, items: Sequence[T], cumulative: Sequence[float]) -> T:
        return items[bisect.bisect_right(cumulative, self.random() * cumulative[-1])]

    def between(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def spread(self, sigma: float) -> float:
        """A log-normal factor around 1: most near it, a few far above."""
        return math.exp(self.gauss(0.0, sigma))


class Weighted:
    """Fast weighted choice among people (cumulative weights, bisect)."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.people = list(people)
        self.cumulative = list(itertools.accumulate(p.weight for p in self.people))

    def pick(self, rng: Dice) -> Person:
        return rng.weighted(self.people, self.cumulative)

    def __bool__(self) -> bool:
        return bool(self.people)


def _weight(seed: int, person_id: int) -> float:
    """A person's activity: heavy-tailed, and the same on every run."""
    rng = random.Random(seed * 7919 + person_id)  # noqa: S311
    return min(rng.paretovariate(1.3), 60.0)


def circles_from_database(seed: int) -> list[Circle]:
    """Every community with its topics and people, read from the database,
    so a run that resumes sees exactly what the first one saw."""
    skills: dict[int, set[int]] = {}
    for user_id, topic_id in User.skills.through.objects.values_list(
        "user_id", "topic_id"
    ):
        skills.setdefault(user_id, set()).add(topic_id)
    people = {
        pk: Person(pk, handle, _weight(seed, pk), frozenset(skills.get(pk, ())))
        for pk, handle in User.objects.filter(is_active=True).values_list(
            "pk", "handle"
        )
    }
    topics: dict[int, list[tuple[int, str]]] = {}
    for community_id, topic_id, name in Community.topics.through.objects.values_list(
        "community_id", "topic_id", "topic__name"
    ).order_by("community_id", "topic_id"):
        topics.setdefault(community_id, []).append((topic_id, name))
    circles = {
        pk: Circle(pk, kind, created, topics.get(pk, []), [], [])
        for pk, kind, created in Community.objects.order_by("pk").values_list(
            "pk", "kind", "created_at"
        )
    }
    for community_id, person_id, role in Membership.objects.order_by(
        "community_id", "person_id"
    ).values_list("community_id", "person_id", "role"):
        person = people.get(person_id)
        if person is None:
            continue
        circles[community_id].readers.append(person)
        if role in WRITING_ROLES:
            circles[community_id].writers.append(person)
    return [circle for circle in circles.values() if circle.topics]
