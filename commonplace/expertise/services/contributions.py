"""Writes: expertise recomputed from contributions.

Every figure is recomputed from the contributions themselves, never
adjusted by a delta, so a refresh after any change (an answer accepted,
deleted, hidden, reacted to; a post's topics edited; topics merged) gives
exactly what a full rebuild gives. A refresh covers a few people in one
community; `rebuild` covers everyone, one community per transaction, so
an interrupted rebuild leaves every community either as it was or done.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet

from commonplace.communities.models import Community
from commonplace.expertise.decay import EPOCH, grown, recent_sum
from commonplace.expertise.models import AnswerHabit, TopicExpertise
from commonplace.knowledge.models import Answer, Post, PostKind
from commonplace.people.models import User
from commonplace.topics.models import Topic

# What one contribution is worth toward a topic (before recency): an
# answer the asker accepted is the strongest sign, an answer the weakest.
ACCEPTED_WEIGHT = 1.0
ANSWER_WEIGHT = 0.25
HELPFUL_WEIGHT = 0.1  # per helpful reaction received on an answer
WRITING_WEIGHT = 0.5  # an article or a note
WRITING_KINDS = (PostKind.ARTICLE, PostKind.NOTE)
BATCH = 2000
# Whether an answer is its question's accepted one: false, never NULL,
# when the question accepted none.
IS_ACCEPTED = ExpressionWrapper(
    Q(post__accepted_answer__isnull=False, post__accepted_answer=F("pk")),
    output_field=BooleanField(),
)

OnCommunity = Callable[[int, int], None]


def schedule_refresh(*, community_id: int, person_ids: Iterable[int]) -> None:
    """Refresh these people's expertise in the community once the current
    transaction commits."""
    from commonplace.expertise.tasks import refresh_expertise

    wanted = sorted({pk for pk in person_ids if pk is not None})
    if wanted:
        refresh_expertise.enqueue(community_id=community_id, person_ids=wanted)


def people_knowing(topic: Topic) -> dict[int, set[int]]:
    """Who has expertise on `topic`, by community: the people to refresh
    when the topic's uses move to another (a merge)."""
    knowing: dict[int, set[int]] = defaultdict(set)
    rows = TopicExpertise.objects.filter(topic=topic).values_list(
        "community_id", "person_id"
    )
    for community_id, person_id in rows:
        knowing[community_id].add(person_id)
    return knowing


def schedule_refreshes(people: dict[int, set[int]]) -> None:
    """`schedule_refresh` for each community's people."""
    for community_id, person_ids in people.items():
        schedule_refresh(community_id=community_id, person_ids=person_ids)


def schedule_thread_refresh(post_id: int) -> None:
    """Refresh everyone a thread's expertise feeds once the current
    transaction commits; who they are is looked up by the task, off the
    request that changed the thread."""
    from commonplace.expertise.tasks import refresh_thread_expertise

    refresh_thread_expertise.enqueue(post_id=post_id)


def refresh_thread(post_id: int) -> None:
    """Recompute the expertise of a thread's author and answerers."""
    thread = Post.objects.filter(pk=post_id).values("community_id", "author_id")
    found = thread.first()
    if found is None:
        return  # gone with its community
    answerers = Answer.objects.filter(post_id=post_id).values_list(
        "author_id", flat=True
    )
    refresh(
        community_id=found["community_id"],
        person_ids=[found["author_id"], *answerers],
    )


@transaction.atomic
def refresh(*, community_id: int, person_ids: Iterable[int]) -> None:
    """Recompute these people's rows in one community."""
    people = sorted(set(person_ids))
    # Two refreshes of one person wait for each other instead of both
    # writing the rows the unique constraints allow once.
    list(User.objects.select_for_update().filter(pk__in=people).values_list("pk"))
    _replace(community_id, Q(author_id__in=people), people)


def rebuild(
    *,
    community_ids: Iterable[int] | None = None,
    on_community: OnCommunity | None = None,
) -> int:
    """Recompute everyone's expertise in these communities (all when
    None), one transaction each; returns how many were done. Rows of
    people who no longer have contributions there go."""
    communities = Community.objects.order_by("pk").values_list("pk", flat=True)
    if community_ids is not None:
        communities = communities.filter(pk__in=list(community_ids))
    chosen = list(communities)
    for done, community_id in enumerate(chosen, start=1):
        with transaction.atomic():
            _replace(community_id, Q(), None)
        if on_community:
            on_community(done, len(chosen))
    return len(chosen)


def _replace(community_id: int, authors: Q, people: list[int] | None) -> None:
    old_topics = TopicExpertise.objects.filter(community_id=community_id)
    old_habits = AnswerHabit.objects.filter(community_id=community_id)
    if people is not None:
        old_topics = old_topics.filter(person_id__in=people)
        old_habits = old_habits.filter(person_id__in=people)
    old_topics.delete()
    old_habits.delete()
    tally = Tally()
    for row in _answers_on_topics(community_id, authors):
        tally.answer_on_topic(*row)
    for row in _writings_on_topics(community_id, authors):
        tally.writing_on_topic(*row)
    for row in _answers(community_id, authors):
        tally.answer(*row)
    _write(TopicExpertise, tally.topic_rows(community_id))
    _write(AnswerHabit, tally.habit_rows(community_id))


def _write(model: type[TopicExpertise] | type[AnswerHabit], rows: Iterator) -> None:  # type: ignore[type-arg]
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            batch = []
    model.objects.bulk_create(batch)


def _live_answers(community_id: int, authors: Q) -> QuerySet[Answer]:
    """Answers anyone reading the community sees, on questions that stand."""
    return Answer.objects.filter(
        authors,
        post__community_id=community_id,
        post__kind=PostKind.QUESTION,
        post__deleted_at__isnull=True,
        post__hidden_at__isnull=True,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    )


def _answers_on_topics(community_id: int, authors: Q) -> Iterator[tuple]:  # type: ignore[type-arg]
    rows = (
        _live_answers(community_id, authors)
        .filter(post__topics__isnull=False)
        .values_list(
            "author_id",
            "post__topics",
            "created_at",
            IS_ACCEPTED,
            F("helpful_count") + F("imported_helpful_count"),
        )
    )
    return rows.iterator(chunk_size=BATCH)


def _writings_on_topics(community_id: int, authors: Q) -> Iterator[tuple]:  # type: ignore[type-arg]
    rows = Post.objects.filter(
        authors,
        community_id=community_id,
        kind__in=WRITING_KINDS,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        topics__isnull=False,
    ).values_list("author_id", "topics", "created_at")
    return rows.iterator(chunk_size=BATCH)


def _answers(community_id: int, authors: Q) -> Iterator[tuple]:  # type: ignore[type-arg]
    rows = _live_answers(community_id, authors).values_list(
        "author_id",
        "created_at",
        "post__created_at",
        IS_ACCEPTED,
    )
    return rows.iterator(chunk_size=BATCH)


@dataclass
class _TopicSums:
    weight: float = 0.0
    answers: int = 0
    accepted: int = 0
    helpful: int = 0
    writings: int = 0
    last: datetime = EPOCH  # every row has a contribution, so a real date

    def seen(self, moment: datetime) -> None:
        self.last = max(self.last, moment)


@dataclass
class _Habit:
    accepted: int = 0
    moments: list[datetime] = field(default_factory=list)
    waits: list[timedelta] = field(default_factory=list)


class Tally:
    """Sums contributions as they stream past, into rows to write."""

    def __init__(self) -> None:
        self.topics: dict[tuple[int, int], _TopicSums] = defaultdict(_TopicSums)
        self.habits: dict[int, _Habit] = defaultdict(_Habit)

    def answer_on_topic(
        self,
        person: int,
        topic: int,
        moment: datetime,
        accepted: bool,
        helpful: int,
    ) -> None:
        sums = self.topics[person, topic]
        weight = ACCEPTED_WEIGHT if accepted else ANSWER_WEIGHT
        sums.weight += grown(weight + HELPFUL_WEIGHT * helpful, moment)
        sums.answers += 1
        sums.accepted += int(accepted)
        sums.helpful += helpful
        sums.seen(moment)

    def writing_on_topic(self, person: int, topic: int, moment: datetime) -> None:
        sums = self.topics[person, topic]
        sums.weight += grown(WRITING_WEIGHT, moment)
        sums.writings += 1
        sums.seen(moment)

    def answer(
        self, person: int, moment: datetime, asked_at: datetime, accepted: bool
    ) -> None:
        habit = self.habits[person]
        habit.accepted += int(accepted)
        habit.moments.append(moment)
        habit.waits.append(max(moment - asked_at, timedelta(0)))

    def topic_rows(self, community_id: int) -> Iterator[TopicExpertise]:
        for (person, topic), sums in self.topics.items():
            yield TopicExpertise(
                person_id=person,
                community_id=community_id,
                topic_id=topic,
                weight=sums.weight,
                answers=sums.answers,
                accepted=sums.accepted,
                helpful=sums.helpful,
                writings=sums.writings,
                last_contributed_at=sums.last,
            )

    def habit_rows(self, community_id: int) -> Iterator[AnswerHabit]:
        for person, habit in self.habits.items():
            last = max(habit.moments)
            yield AnswerHabit(
                person_id=person,
                community_id=community_id,
                answers=len(habit.moments),
                accepted=habit.accepted,
                last_answer_at=last,
                recent=recent_sum(habit.moments, last),
                typical_response=statistics.median_low(habit.waits),
            )
