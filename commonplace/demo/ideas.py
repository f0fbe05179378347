"""The demo's ideas: in each goal community, twelve to twenty ideas spread
over its year and over every stage of the default trip, so the ideas
pages, the decisions, "waiting longest" and the leaders' weekly digest
have something to show from the first sign-in.

Everything is written through the ideas and knowledge services, so
counts, versions, threads and follows are what the product leaves; each
write is then dated back to its moment. The tasks the services enqueue
are held meanwhile: the ones that tell people run right after their
event, as a worker would have, and their notifications get the event's
date (for the last weeks only, like the rest of the demo's, since older
ones would all be read); indexing is done once at the end; the others (a
parked idea's review day, expertise refreshes) go to the worker's queue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from itertools import accumulate
from typing import cast

from django.db.models import QuerySet
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks import TaskResult, task_backends
from django_tasks.backends.dummy import DummyBackend

from commonplace.communities.models import Community, Kind, Membership
from commonplace.demo import vocabulary as words
from commonplace.demo.activity import DAYS, IndexProgress
from commonplace.demo.circles import WRITING_ROLES, Dice
from commonplace.demo.threads import NOTIFIED_DAYS
from commonplace.ideas import selectors, services, tasks
from commonplace.ideas.models import (
    DecisionRecord,
    Idea,
    Stage,
    StageKind,
    StageMove,
    Support,
)
from commonplace.knowledge import services as knowledge
from commonplace.knowledge import tasks as knowledge_tasks
from commonplace.knowledge.models import Comment, Post
from commonplace.knowledge.services.common import refresh_standing_of
from commonplace.notifications.bulk import READ_AFTER
from commonplace.notifications.models import Notification, NotificationEvent
from commonplace.people.models import Follow, User
from commonplace.search import services as search
from commonplace.search.tasks import index_documents

IDEAS = (12, 20)
# Where ideas end up, beyond one in every stage (names of the default trip).
STAGE_WEIGHTS = {
    "Proposed": 4,
    "Under discussion": 4,
    "Being evaluated": 3,
    "Decided": 1,
    "Being implemented": 2,
    "Done": 1,
    "Impact measured": 1,
    "Declined": 2,
    "Parked (not now)": 1,
}
# How many steps a declined or parked idea took before it was decided.
OUTCOME_STEPS = {"Declined": (0, 1, 1, 2), "Parked (not now)": (1, 1, 2)}
# Ideas still on their way that have waited past the digest's threshold.
STALE_IDEAS = 3
# How many days ago an idea last moved (or was proposed), by its pace.
LAST_MOVE_DAYS = {"fresh": (0.5, 12.0), "stale": (16.0, 75.0), "ended": (3.0, 330.0)}
MOVE_GAP_DAYS = 9.0
SUPPORTS = (0, 0, 1, 2, 3, 4, 5, 6, 8, 11)
REPLIES = (1, 1, 2, 2, 3, 4)
FOLLOWERS = (0, 0, 1, 1, 2, 3)
COAUTHORS = (1, 1, 2)
COAUTHOR_SHARE = 0.3
TOPIC_SHARE = 0.6
EDIT_SHARE = 0.4
NAMED_DECIDERS_SHARE = 0.5
REVIEW_DAYS = (10, 90)
PERCENTS = (5, 10, 15, 20, 25, 30)
TITLE_ATTEMPTS = 10

# The services' tasks this step runs itself, with the history's dates.
TELLING = frozenset(
    task.module_path
    for task in (
        tasks.tell_idea_moved,
        tasks.tell_idea_edited,
        knowledge_tasks.notify_comment_added,
    )
)
# Those it leaves out: it indexes once at the end, and its texts mention
# nobody, so telling the mentioned would tell no one.
DONE_HERE = TELLING | {
    index_documents.module_path,
    knowledge_tasks.notify_mentions.module_path,
}
HOLDING = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

Event = tuple[datetime, Callable[[datetime], None]]


def propose_ideas(
    communities: Sequence[Community],
    *,
    seed: int,
    now: datetime,
    on_index: IndexProgress | None = None,
) -> int:
    """Write the ideas of every goal community and index them for the
    search; returns how many were proposed."""
    # Read again: the rows were dated back after they were made.
    goals = Community.objects.filter(
        pk__in=[community.pk for community in communities], kind=Kind.GOAL
    ).order_by("pk")
    proposed, threads = 0, []
    with held_tasks(now) as held:
        for index, community in enumerate(goals):
            rng = Dice(f"ideas:{seed}:{index}")
            writer = IdeaWriter(room_of(community, now), rng, now, held)
            proposed += writer.write()
            threads += writer.threads
    # Scores were computed while the threads were dated today.
    refresh_standing_of(Post.objects.filter(pk__in=threads))
    search.reindex(["idea", "decision"], on_batch=on_index)
    for start in range(0, len(threads), search.BATCH_SIZE):
        search.index(kind="post", ids=threads[start : start + search.BATCH_SIZE])
    return proposed


# --- Tasks held while the history is written ------------------------------------


class HeldTasks:
    """The tasks the services enqueued, kept in memory."""

    def __init__(self, backend: DummyBackend, now: datetime) -> None:
        self.backend = backend
        self.now = now
        self.since = now - timedelta(days=NOTIFIED_DAYS)
        self._seen = 0

    def tell(self, moment: datetime) -> None:
        """Run the telling tasks the last write enqueued, as a worker would
        have right after it, and date what they told at `moment`."""
        fresh = self.backend.results[self._seen :]
        self._seen = len(self.backend.results)
        telling = [result for result in fresh if result.task.module_path in TELLING]
        if not telling or moment < self.since:
            return
        started = timezone.now()
        for result in telling:
            result.task.call(*result.args, **result.kwargs)
        date_notifications(started, moment, self.now)

    def for_the_worker(self) -> list[TaskResult]:
        """What the step leaves for later: a parked idea's review day, and
        refreshes that read the state whenever they run."""
        return [
            result
            for result in self.backend.results
            if result.task.module_path not in DONE_HERE
        ]


@contextmanager
def held_tasks(now: datetime) -> Iterator[HeldTasks]:
    """Hold the services' tasks, then queue the ones not done here.

    A worker running them later would tell everyone today of moves made
    months ago, flooding their notifications with old news.
    """
    with override_settings(TASKS=HOLDING):
        held = HeldTasks(cast("DummyBackend", task_backends["default"]), now)
        yield held
    for result in held.for_the_worker():
        result.task.enqueue(*result.args, **result.kwargs)


def date_notifications(since: datetime, moment: datetime, now: datetime) -> None:
    """Date what was told after `since` at `moment`, read if it is days
    old, as the demo's bulk path leaves notifications."""
    read_at = moment + READ_AFTER if moment < now - READ_AFTER else None
    NotificationEvent.objects.filter(created_at__gte=since).update(created_at=moment)
    Notification.objects.filter(created_at__gte=since).update(created_at=moment)
    Notification.objects.filter(updated_at__gte=since).update(
        updated_at=moment, read_at=read_at
    )


def _date(rows: QuerySet, moment: datetime, *fields: str) -> None:
    rows.update(**dict.fromkeys(fields, moment))


def filled(template: str, values: dict[str, object]) -> str:
    """The template with the idea's values, as a sentence: a slot may open it."""
    text = template.format(**values)
    return text[:1].upper() + text[1:]


# --- One goal community -------------------------------------------------------------


@dataclass(frozen=True)
class Room:
    """A goal community as its ideas need it: its trip, by the default
    stage names, and who writes, backs and leads there."""

    community: Community
    trip: dict[str, Stage]
    writers: list[User]
    people: list[User]
    leaders: list[User]
    topics: list[str]
    teams: list[str]
    start: datetime


def room_of(community: Community, now: datetime) -> Room:
    """Read once: every idea of the community draws on the same people."""
    stages = services.ensure_stages(community)
    names = [name for name, _kind, _final in services.DEFAULT_STAGES]
    memberships = (
        Membership.objects.filter(community=community, person__is_active=True)
        .select_related("person__team")
        .order_by("person_id")
    )
    people = [membership.person for membership in memberships]
    return Room(
        community=community,
        trip=dict(zip(names, stages, strict=True)),
        writers=[m.person for m in memberships if m.role in WRITING_ROLES],
        people=people,
        leaders=selectors.leaders_of(community),
        topics=list(community.topics.order_by("name").values_list("name", flat=True)),
        teams=sorted({person.team.name for person in people if person.team}),
        start=max(community.created_at, now - timedelta(days=DAYS)),
    )


@dataclass
class IdeaWriter:
    """One community's ideas, each written in the order things happened."""

    room: Room
    rng: Dice
    now: datetime
    held: HeldTasks
    # The ideas' and decisions' threads, to index at the end.
    threads: list[int] = field(default_factory=list, init=False)
    _titles: set[str] = field(default_factory=set, init=False)
    _latest: datetime | None = field(default=None, init=False)

    def write(self) -> int:
        community = self.room.community
        targets = self._targets()
        for target, pace in targets:
            self._idea(target, pace)
        # The services touched the community today; its last activity is
        # the latest of the conversations' and the ideas'.
        latest = max(filter(None, (community.last_activity_at, self._latest)))
        Community.objects.filter(pk=community.pk).update(last_activity_at=latest)
        return len(targets)

    def _targets(self) -> list[tuple[str, str]]:
        """Where each idea ends and its pace: every stage holds one at
        least, and a few still on their way have waited for weeks."""
        names = list(STAGE_WEIGHTS)
        count = self.rng.randint(*IDEAS)
        extra = self.rng.choices(
            names, weights=list(STAGE_WEIGHTS.values()), k=count - len(names)
        )
        chosen = names + extra
        self.rng.shuffle(chosen)
        paced, stale = [], 0
        for name in chosen:
            stage = self.room.trip[name]
            if stage.is_final or stage.is_outcome:
                paced.append((name, "ended"))
            else:
                paced.append((name, "stale" if stale < STALE_IDEAS else "fresh"))
                stale += 1
        return paced

    def _path(self, target: str) -> list[str]:
        """The stages an idea moved into to reach `target`, in order."""
        forward = [
            name for name, stage in self.room.trip.items() if not stage.is_outcome
        ]
        if target in forward:
            return forward[1 : forward.index(target) + 1]
        steps = self.rng.choice(OUTCOME_STEPS[target])
        return [*forward[1 : steps + 1], target]

    def _moments(self, moves: int, pace: str) -> list[datetime]:
        """When the idea was proposed, then made each move: the last as
        long ago as its pace says, the others a week or two apart, all
        within the community's year (squeezed when it is young)."""
        earliest = self.room.start + timedelta(hours=2)
        ago = timedelta(days=self.rng.uniform(*LAST_MOVE_DAYS[pace]))
        last = min(self.now, max(self.now - ago, earliest + timedelta(days=moves)))
        gaps = [MOVE_GAP_DAYS * self.rng.spread(0.5) for _ in range(moves)]
        available = (last - earliest) / timedelta(days=1)
        scale = min(1.0, available / sum(gaps)) if gaps else 1.0
        before_last = [timedelta(days=gap * scale) for gap in reversed(gaps)]
        return sorted(
            last - back for back in accumulate(before_last, initial=timedelta())
        )

    def _between(self, start: datetime, end: datetime) -> datetime:
        """A moment in the span, sooner rather than later: people react to
        an idea while it is new."""
        return start + (end - start) * self.rng.random() ** 1.5

    # --- Words --------------------------------------------------------------------

    def _values(self) -> dict[str, object]:
        rng, room = self.rng, self.room
        topic = rng.pick(room.topics)
        return {
            "topic": topic,
            "other": rng.pick([t for t in room.topics if t != topic] or room.topics),
            "thing": rng.pick(words.THINGS),
            "team": rng.pick(room.teams),
            "number": rng.between(3, 40),
            "weeks": rng.between(2, 12),
            "percent": rng.pick(PERCENTS),
        }

    def _fill(self, templates: Sequence[str], values: dict[str, object]) -> str:
        return filled(self.rng.pick(templates), values)

    def _shape(self, values: dict[str, object]) -> tuple[str, str]:
        """Title and proposal, the title one no other idea of the community
        has."""
        for _attempt in range(TITLE_ATTEMPTS):
            title, proposal = (
                filled(template, values)
                for template in self.rng.pick(words.IDEA_SHAPES)
            )
            if title not in self._titles:
                break
        self._titles.add(title)
        return title, proposal

    def _draft(self, values: dict[str, object]) -> services.IdeaDraft:
        fill = partial(self._fill, values=values)
        title, proposal = self._shape(values)
        problem = (
            f"{fill(words.IDEA_PAINS)} {fill(words.IDEA_WHO)}\n\n"
            f"{fill(words.IDEA_EVIDENCE)}"
        )
        return services.IdeaDraft(
            title=title,
            problem=problem,
            proposal=proposal,
            impact=fill(words.IDEA_IMPACTS),
        )

    # --- One idea -----------------------------------------------------------------

    def _idea(self, target: str, pace: str) -> None:
        """Propose one idea, then play its life in the order it happened."""
        path = self._path(target)
        moments = self._moments(len(path), pace)
        values = self._values()
        idea, authors = self._propose(values, moments[0])
        stage = self.room.trip[target]
        # Support, replies and follows come while it is open; an idea on
        # its way still draws them today.
        end = moments[-1] if stage.is_final or stage.is_outcome else self.now
        events: list[Event] = [
            *self._reactions(idea, authors, values, moments[0], end),
            *(
                (moment, partial(self._move, idea, name, values))
                for name, moment in zip(path, moments[1:], strict=True)
            ),
        ]
        for moment, act in sorted(events, key=lambda event: event[0]):
            act(moment)
            self.held.tell(moment)
            self._latest = max(filter(None, (self._latest, moment)))

    def _propose(
        self, values: dict[str, object], moment: datetime
    ) -> tuple[Idea, list[User]]:
        """A member's idea, sometimes with co-authors and topics; the idea
        and its authors."""
        author = self.rng.pick(self.room.writers)
        coauthors = self._coauthors(author)
        idea = services.propose_idea(
            community=self.room.community,
            author=author,
            draft=self._draft(values),
            topics=self._topics(),
            coauthors=coauthors,
        )
        self._proposed(idea, moment)
        return idea, [author, *coauthors]

    def _reactions(
        self,
        idea: Idea,
        authors: list[User],
        values: dict[str, object],
        start: datetime,
        end: datetime,
    ) -> list[Event]:
        """The members' support, replies and follows, and perhaps an
        author's edit after the first support."""
        supports = self._supports(idea, authors, start, end)
        supported = [moment for moment, _act in supports]
        return [
            *supports,
            *self._edit(idea, self.rng.pick(authors), values, supported, end),
            *self._replies(idea.thread, values, start, end),
            *self._followers(idea, authors, start, end),
        ]

    def _coauthors(self, author: User) -> list[User]:
        others = [person for person in self.room.writers if person != author]
        if not others or self.rng.random() >= COAUTHOR_SHARE:
            return []
        return self.rng.sample(others, min(len(others), self.rng.pick(COAUTHORS)))

    def _topics(self) -> list[str]:
        if self.rng.random() >= TOPIC_SHARE:
            return []
        return self.rng.sample(self.room.topics, min(2, len(self.room.topics)))

    def _proposed(self, idea: Idea, moment: datetime) -> None:
        """Date the idea, its first version, its thread and its authors'
        follows at the moment it was proposed."""
        _date(Idea.objects.filter(pk=idea.pk), moment, "created_at", "stage_entered_at")
        _date(idea.versions.all(), moment, "created_at")
        _date(Follow.objects.filter(idea=idea), moment, "created_at")
        self._thread(idea.thread_id, moment)
        self.held.tell(moment)

    def _thread(self, post_id: int | None, moment: datetime) -> None:
        if post_id is not None:
            _date(
                Post.objects.filter(pk=post_id),
                moment,
                "created_at",
                "last_activity_at",
            )
            self.threads.append(post_id)

    def _supports(
        self, idea: Idea, authors: list[User], start: datetime, end: datetime
    ) -> list[Event]:
        """Supporters among the members, as many as the idea drew: none
        for some, a dozen for a few."""
        others = [person for person in self.room.people if person not in authors]
        count = min(len(others), self.rng.pick(SUPPORTS))
        return [
            (self._between(start, end), partial(self._support, idea, person))
            for person in self.rng.sample(others, count)
        ]

    def _support(self, idea: Idea, person: User, moment: datetime) -> None:
        support = services.support_idea(idea=idea, person=person)
        _date(Support.objects.filter(pk=support.pk), moment, "created_at")

    def _edit(
        self,
        idea: Idea,
        editor: User,
        values: dict[str, object],
        supported: list[datetime],
        end: datetime,
    ) -> list[Event]:
        """For some supported ideas, the author's update to the proposal
        after the first supporter, so the versions show."""
        if not supported or self.rng.random() >= EDIT_SHARE:
            return []
        moment = self._between(min(supported), end)
        return [(moment, partial(self._edited, idea, editor, values))]

    def _edited(
        self, idea: Idea, editor: User, values: dict[str, object], moment: datetime
    ) -> None:
        update = self._fill(words.IDEA_UPDATES, values)
        draft = services.IdeaDraft(
            title=idea.title,
            problem=idea.problem_source,
            proposal=f"{idea.proposal_source}\n\n{update}",
            impact=idea.impact_source,
        )
        edited = services.edit_idea(idea=idea, edited_by=editor, draft=draft)
        _date(Idea.objects.filter(pk=idea.pk), moment, "edited_at")
        _date(edited.versions.filter(number=edited.version), moment, "created_at")

    def _replies(
        self,
        thread: Post | None,
        values: dict[str, object],
        start: datetime,
        end: datetime,
    ) -> list[Event]:
        """A few members' comments in the idea's discussion thread."""
        if thread is None:
            return []
        people = self.room.people
        count = min(len(people), self.rng.pick(REPLIES))
        texts = self.rng.sample(words.IDEA_REPLIES, count)
        return [
            (
                self._between(start, end),
                partial(self._reply, thread, person, filled(text, values)),
            )
            for person, text in zip(self.rng.sample(people, count), texts, strict=True)
        ]

    def _reply(self, thread: Post, person: User, text: str, moment: datetime) -> None:
        comment = knowledge.add_comment(post=thread, author=person, body=text)
        _date(Comment.objects.filter(pk=comment.pk), moment, "created_at")
        _date(Post.objects.filter(pk=thread.pk), moment, "last_activity_at")

    def _followers(
        self, idea: Idea, authors: list[User], start: datetime, end: datetime
    ) -> list[Event]:
        others = [person for person in self.room.people if person not in authors]
        count = min(len(others), self.rng.pick(FOLLOWERS))
        return [
            (self._between(start, end), partial(self._follow, idea, person))
            for person in self.rng.sample(others, count)
        ]

    def _follow(self, idea: Idea, person: User, moment: datetime) -> None:
        follow = services.follow_idea(follower=person, idea=idea)
        _date(Follow.objects.filter(pk=follow.pk), moment, "created_at")

    def _move(
        self, idea: Idea, name: str, values: dict[str, object], moment: datetime
    ) -> None:
        """A leader moves the idea on, with a decision record where the
        stage decides; the idea has been there since."""
        stage = self.room.trip[name]
        move = services.move_idea(
            idea=idea,
            to_stage=stage,
            moved_by=self.rng.pick(self.room.leaders),
            message=self._fill(words.IDEA_MOVES[name], values),
            decision=self._decision(stage, values) if stage.needs_decision else None,
        )
        _date(StageMove.objects.filter(pk=move.pk), moment, "created_at")
        _date(Idea.objects.filter(pk=idea.pk), moment, "stage_entered_at")
        if move.decision is not None:
            _date(
                DecisionRecord.objects.filter(pk=move.decision.pk), moment, "created_at"
            )
            self._thread(move.decision.thread_id, moment)

    def _decision(
        self, stage: Stage, values: dict[str, object]
    ) -> services.DecisionDraft:
        decisions, reasons, alternatives = words.IDEA_DECISIONS[stage.kind]
        review_on = None
        if stage.kind == StageKind.PARKED:
            later = self.now + timedelta(days=self.rng.randint(*REVIEW_DAYS))
            review_on = timezone.localdate(later)
        return services.DecisionDraft(
            decision=self._fill(decisions, values),
            reasons=self._fill(reasons, values),
            deciders=self._deciders(),
            alternatives=self._fill(alternatives, values),
            review_on=review_on,
        )

    def _deciders(self) -> str:
        """One or two leaders by name, or the group they met as."""
        leaders = self.room.leaders
        if self.rng.random() < NAMED_DECIDERS_SHARE:
            chosen = self.rng.sample(leaders, min(2, len(leaders)))
            return " and ".join(person.display_name for person in chosen)
        group = self.rng.pick(words.DECIDER_GROUPS)
        return group.format(community=self.room.community.name)
