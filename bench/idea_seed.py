"""Ten thousand ideas in one community, for the ideas pages' bench.

Run inside Commonplace (`python -m commonplace shell -c "from
bench.idea_seed import main; main(10000)"`) on a copy of a generated
organisation (bench.ideas keeps the result). The community is the bench
member's busiest (bench.member), so the person the pages sign in as reads
it. Ideas are proposed over two years and travel the default trip as far
as the weights below send them, with the moves, the decision records of
every decided, declined and parked idea, supporters, the authors'
follows, three criteria and five evaluators of the evaluation stage whose
scores give the board its order.

Written in bulk (`bulk_create`), not through the services: ten thousand
proposals through them take a quarter of an hour. The counters the
services keep are kept here too (each stage's count, each idea's support
count), and the weighted scores come from the scoring service's own
`rescore_community`. The ideas are not indexed for the search: no page the
bench measures searches. A fixed seed makes every build the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bench.member import busiest_community, member
from commonplace.communities.models import LEADING_ROLES, Community, Membership
from commonplace.demo import vocabulary as words
from commonplace.demo.ideas import STAGE_WEIGHTS
from commonplace.ideas.models import (
    DECISION_KINDS,
    Criterion,
    DecisionRecord,
    EvaluatorAssignment,
    Idea,
    IdeaVersion,
    Score,
    Stage,
    StageKind,
    StageMove,
    Support,
)
from commonplace.ideas.services.evaluation import rescore_community
from commonplace.ideas.services.ideas import thread_title
from commonplace.ideas.services.stages import ensure_stages
from commonplace.knowledge.markdown import render
from commonplace.knowledge.models import Post, PostKind
from commonplace.people.models import Follow

SEED = 13
YEARS_OF_IDEAS = 2
BATCH = 1_000
# Where ideas end up, by the default trip's stage names: as the demo
# spreads them, most still early, a few measured.
WHERE_THEY_END = STAGE_WEIGHTS
MEAN_DAYS_BETWEEN_MOVES = 9.0
SUPPORTERS = (0, 0, 1, 1, 2, 3, 4, 5, 8, 12)
CRITERIA = (("Impact", 3), ("Effort", 2), ("Fit with the goal", 1))
EVALUATORS = 5
PARKED_FOR_DAYS = (30, 180)
FILLERS = {
    "team": ("Operations", "Finance", "Support", "Sales", "Platform"),
    "thing": words.THINGS,
    "other": ("planning", "customer calls", "the backlog", "reviews"),
    "topic": ("hand-over", "forecasting", "on-call", "reporting", "onboarding"),
}


@dataclass
class Trip:
    """One idea's way: the stages it stayed in and when it entered each."""

    stages: list[Stage]
    entered: list[datetime]


class Seeder:
    """Everything one run writes, chosen by one random generator."""

    def __init__(self, community: Community, ideas: int) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 - a fixed seed, not a secret
        self.community = community
        self.ideas = ideas
        self.now = timezone.now()
        self.stages = ensure_stages(community)
        self.by_name = {stage.name: stage for stage in self.stages}
        self.steps = [stage for stage in self.stages if not stage.is_outcome]
        people = Membership.objects.filter(community=community)
        self.members = list(people.values_list("person_id", flat=True))
        leaders = people.filter(role__in=LEADING_ROLES)
        self.leader_id = leaders.values_list("person_id", flat=True).first()
        self.leader_id = self.leader_id or self.members[0]

    def text(self, template: str) -> str:
        values: dict[str, Any] = {
            name: self.rng.choice(choices) for name, choices in FILLERS.items()
        }
        values |= {
            "weeks": self.rng.randint(2, 12),
            "number": self.rng.randint(3, 40),
            "percent": self.rng.choice((10, 15, 20, 30)),
        }
        return template.format(**values)

    def trip(self) -> Trip:
        """Where one idea went: the steps in order up to where it ends, or
        a few steps and then declined or parked."""
        names, weights = zip(*WHERE_THEY_END.items(), strict=True)
        end = self.by_name[self.rng.choices(names, weights)[0]]
        if end.is_outcome:
            reached = [*self.steps[: self.rng.randint(1, 3)], end]
        else:
            reached = self.steps[: self.steps.index(end) + 1]
        moves = len(reached) - 1
        latest = YEARS_OF_IDEAS * 365 - moves * MEAN_DAYS_BETWEEN_MOVES
        moment = self.now - timedelta(days=self.rng.uniform(1, max(latest, 2)))
        entered = [moment]
        for _stage in reached[1:]:
            gap = self.rng.expovariate(1 / MEAN_DAYS_BETWEEN_MOVES)
            moment = min(moment + timedelta(days=gap), self.now)
            entered.append(moment)
        return Trip(reached, entered)

    def idea(self, trip: Trip) -> Idea:
        title, proposal = self.rng.choice(words.IDEA_SHAPES)
        problem = self.text(self.rng.choice(words.IDEA_PAINS))
        impact = self.text(self.rng.choice(words.IDEA_IMPACTS))
        proposal = self.text(proposal)
        return Idea(
            community=self.community,
            author_id=self.rng.choice(self.members),
            title=self.text(title),
            problem_source=problem,
            problem_html=render(problem),
            proposal_source=proposal,
            proposal_html=render(proposal),
            impact_source=impact,
            impact_html=render(impact),
            stage=trip.stages[-1],
            started_in=trip.stages[0],
            stage_entered_at=trip.entered[-1],
            created_at=trip.entered[0],
        )

    def write(self) -> None:
        """Every row, a thousand ideas at a time."""
        criteria = Criterion.objects.bulk_create(
            Criterion(community=self.community, name=name, weight=weight, position=at)
            for at, (name, weight) in enumerate(CRITERIA)
        )
        evaluators = self.rng.sample(self.members, EVALUATORS)
        evaluated = self.by_name["Being evaluated"]
        EvaluatorAssignment.objects.bulk_create(
            EvaluatorAssignment(
                community=self.community,
                person_id=person,
                stage=evaluated,
                assigned_by_id=self.leader_id,
            )
            for person in evaluators
        )
        for start in range(0, self.ideas, BATCH):
            count = min(BATCH, self.ideas - start)
            trips = [self.trip() for _ in range(count)]
            ideas = Idea.objects.bulk_create([self.idea(trip) for trip in trips])
            self.threads(ideas)
            self.moves(ideas, trips)
            self.supporters(ideas)
            self.scores(ideas, trips, criteria, evaluators)
            print(f"{start + count:,} of {self.ideas:,} ideas", flush=True)
        for stage in self.stages:
            stage.idea_count = Idea.objects.filter(stage=stage).count()
        Stage.objects.bulk_update(self.stages, ["idea_count"])
        rescore_community(self.community)

    def threads(self, ideas: list[Idea]) -> None:
        """Each idea's version, discussion thread and its author's follow."""
        IdeaVersion.objects.bulk_create(
            IdeaVersion(
                idea=idea,
                number=1,
                written_by_id=idea.author_id,
                title=idea.title,
                problem_source=idea.problem_source,
                problem_html=idea.problem_html,
                created_at=idea.created_at,
            )
            for idea in ideas
        )
        posts = Post.objects.bulk_create(self.thread(idea) for idea in ideas)
        for idea, post in zip(ideas, posts, strict=True):
            idea.thread = post
        Idea.objects.bulk_update(ideas, ["thread"], batch_size=500)
        Follow.objects.bulk_create(
            Follow(follower_id=idea.author_id, idea=idea, created_at=idea.created_at)
            for idea in ideas
            if idea.author_id is not None
        )

    def thread(self, idea: Idea) -> Post:
        url = reverse("ideas:idea", kwargs={"pk": idea.pk})
        body = f"This thread discusses the idea [“{idea.title}”]({url})."
        return Post(
            community=self.community,
            author_id=idea.author_id,
            kind=PostKind.DISCUSSION,
            title=thread_title("Idea", idea.title),
            body_source=body,
            body_html=render(body),
            created_at=idea.created_at,
            last_activity_at=idea.created_at,
        )

    def moves(self, ideas: list[Idea], trips: list[Trip]) -> None:
        """Every move of every idea, with a decision record where the
        stage it reached needs one."""
        pending: list[tuple[StageMove, DecisionRecord | None]] = []
        for idea, trip in zip(ideas, trips, strict=True):
            way = zip(trip.stages, trip.stages[1:], trip.entered[1:], strict=False)
            for before, after, moved_at in way:
                move = StageMove(
                    idea=idea,
                    from_stage=before,
                    to_stage=after,
                    from_name=before.name,
                    to_name=after.name,
                    moved_by_id=self.leader_id,
                    message=f"Moved on to {after.name.lower()}.",
                    created_at=moved_at,
                )
                pending.append((move, self.record(idea, after, moved_at)))
        records = [record for _move, record in pending if record is not None]
        DecisionRecord.objects.bulk_create(records)
        for move, record in pending:
            move.decision = record
        StageMove.objects.bulk_create(move for move, _record in pending)

    def record(
        self, idea: Idea, stage: Stage, moved_at: datetime
    ) -> DecisionRecord | None:
        if stage.kind not in DECISION_KINDS:
            return None
        decision = f"{stage.name}: {idea.title}."
        reasons = self.text(self.rng.choice(words.IDEA_PAINS))
        review_on = None
        if stage.kind == StageKind.PARKED:
            days = self.rng.randint(*PARKED_FOR_DAYS)
            review_on = (moved_at + timedelta(days=days)).date()
        return DecisionRecord(
            idea=idea,
            community=self.community,
            outcome=stage.kind,
            stage_name=stage.name,
            decision_source=decision,
            decision_html=render(decision),
            reasons_source=reasons,
            reasons_html=render(reasons),
            deciders="The community's leaders",
            recorded_by_id=self.leader_id,
            review_on=review_on,
            created_at=moved_at,
        )

    def supporters(self, ideas: list[Idea]) -> None:
        rows = []
        for idea in ideas:
            chosen = self.rng.sample(self.members, self.rng.choice(SUPPORTERS))
            idea.support_count = len(chosen)
            rows += [
                Support(idea=idea, person_id=person, version=1) for person in chosen
            ]
        Support.objects.bulk_create(rows)
        Idea.objects.bulk_update(ideas, ["support_count"], batch_size=500)

    def scores(
        self,
        ideas: list[Idea],
        trips: list[Trip],
        criteria: list[Criterion],
        evaluators: list[int],
    ) -> None:
        """Scores of the ideas that reached the evaluation stage, by one to
        five of its evaluators, every criterion each."""
        evaluated = self.by_name["Being evaluated"]
        rows = []
        for idea, trip in zip(ideas, trips, strict=True):
            if evaluated not in trip.stages:
                continue
            at = trip.entered[trip.stages.index(evaluated)]
            for person in self.rng.sample(evaluators, self.rng.randint(1, EVALUATORS)):
                rows += [
                    Score(
                        idea=idea,
                        criterion=criterion,
                        evaluator_id=person,
                        value=self.rng.randint(1, 5),
                        created_at=at,
                        updated_at=at,
                    )
                    for criterion in criteria
                ]
        Score.objects.bulk_create(rows, batch_size=BATCH)


def main(ideas: int) -> None:
    """Seed `ideas` ideas, once: a community that holds ideas is left as
    it is (the build is kept only when complete, so none is half done)."""
    community = busiest_community(member())
    if Idea.objects.filter(community=community).exists():
        print(f"{community.slug} holds ideas already.")
        return
    with transaction.atomic():
        Seeder(community, ideas).write()
    print(f"Seeded {ideas:,} ideas in {community.slug}.")
