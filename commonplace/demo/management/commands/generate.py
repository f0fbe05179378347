"""`commonplace generate`: a large organisation with a year of conversations,
for benchmarks and for trying Commonplace at the size of a company.

The organisation (people, teams, communities, follows) is built in one
transaction; the conversations are written community by community, each in
its own transaction. Interrupted, a run keeps the communities it finished,
and running the same command again writes the rest. Last, everything is
indexed for the search (again in full on a rerun: indexing is idempotent).
"""

from __future__ import annotations

import time
from typing import IO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from commonplace.demo.activity import Activity
from commonplace.demo.circles import circles_from_database
from commonplace.demo.generator import (
    DEFAULT_SEED,
    MIN_PEOPLE,
    DemoOrganisation,
    demo_is_loaded,
    sign_in_lines,
)
from commonplace.people.models import User

MAX_PEOPLE = 1_000_000
MAX_COMMUNITIES = 10_000
MAX_POSTS = 100_000_000


class Command(BaseCommand):
    help = (
        "Generate an organisation of any size with a year of posts, answers, "
        "comments, reactions, mentions, follows and notifications, e.g. "
        "`generate --people 10000 --communities 200 --posts 1000000`. The "
        "same seed gives the same organisation. Run it on an empty database "
        "(or again, to finish an interrupted run) while nothing else writes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=10_000)
        parser.add_argument("--communities", type=int, default=200)
        parser.add_argument("--posts", type=int, default=100_000)
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)

    def handle(self, *args, people, communities, posts, days, seed, **options):
        self._check(people=people, communities=communities, posts=posts, days=days)
        console = Console(file=cast("IO[str]", self.stdout._out), highlight=False)
        started = time.monotonic()
        if demo_is_loaded():
            console.print("The organisation exists: writing what is missing.")
        elif User.objects.exists():
            raise CommandError(
                "This database already holds other people. Generate into an "
                "empty database (set DATABASE_URL, or COMMONPLACE_DATA_DIR)."
            )
        else:
            with console.status(f"Building an organisation of {people} people"):
                DemoOrganisation(
                    seed=seed, people=people, community_count=communities, posts=0
                ).build()
        organised = time.monotonic()
        activity = Activity(
            circles_from_database(seed),
            posts=posts,
            seed=seed,
            now=timezone.now(),
            days=days,
        )
        try:
            written = self._write(console, activity)
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted. Finished communities are kept; run the same "
                "command again to write the rest."
            ) from None
        indexing = activity.indexing_seconds
        writing = time.monotonic() - organised - indexing
        self._report(console, written, organised - started, writing, indexing)

    def _check(self, *, people: int, communities: int, posts: int, days: int) -> None:
        if not MIN_PEOPLE <= people <= MAX_PEOPLE:
            raise CommandError(f"--people must be from {MIN_PEOPLE} to {MAX_PEOPLE}.")
        if not 1 <= communities <= MAX_COMMUNITIES:
            raise CommandError(f"--communities must be from 1 to {MAX_COMMUNITIES}.")
        if not 0 <= posts <= MAX_POSTS:
            raise CommandError(f"--posts must be from 0 to {MAX_POSTS}.")
        if not 1 <= days <= 3650:
            raise CommandError("--days must be from 1 to 3650.")

    def _write(self, console: Console, activity: Activity) -> int:
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("Conversations", total=activity.total)
            bars: dict[str, TaskID] = {}

            def on_index(kind: str, done: int, total: int) -> None:
                if kind not in bars:
                    bars[kind] = progress.add_task(f"Indexing: {kind}", total=total)
                progress.update(bars[kind], completed=done)

            return activity.run(
                advance=lambda count: progress.advance(task, count),
                in_parallel=True,
                on_index=on_index,
            )

    def _report(
        self,
        console: Console,
        written: int,
        organising: float,
        writing: float,
        indexing: float,
    ) -> None:
        rate = written / writing if writing else 0.0
        console.print(
            f"Organisation in {organising:.1f} s; {written:,} posts with their "
            f"answers, comments, reactions and notifications in {writing:.1f} s: "
            f"{rate:,.0f} posts/s. Indexed for the search in {indexing:.1f} s."
        )
        console.print("\n".join(sign_in_lines()))
