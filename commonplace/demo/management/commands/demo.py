"""`commonplace demo`: fill an empty database with the demo organisation."""

from typing import IO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

from commonplace.demo.generator import (
    DEFAULT_PEOPLE,
    DEFAULT_SEED,
    MIN_PEOPLE,
    DemoOrganisation,
    demo_is_loaded,
    sign_in_lines,
)
from commonplace.people.models import User


class Command(BaseCommand):
    help = (
        "Create the demo organisation: about 200 people in 12 teams under 4 "
        "departments, with managers, skills, follows, three external members "
        "and about 15 communities of every kind and visibility. The same seed "
        "always gives the same organisation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the generator (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--people",
            type=int,
            default=DEFAULT_PEOPLE,
            help=f"Members of the organisation (default {DEFAULT_PEOPLE}, "
            f"at least {MIN_PEOPLE}).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when anyone already exists (for `make run`).",
        )

    def handle(self, *args, seed: int, people: int, if_empty: bool, **options):
        if people < MIN_PEOPLE:
            raise CommandError(f"--people must be at least {MIN_PEOPLE}.")
        if demo_is_loaded():
            self._finish("The demo organisation is already loaded.")
            return
        if if_empty and User.objects.exists():
            self.stdout.write(
                "People already exist, so no demo organisation was created."
            )
            return
        organisation = DemoOrganisation(seed=seed, people=people)
        try:
            self._build(organisation)
        except KeyboardInterrupt:
            raise CommandError("Interrupted: nothing was saved.") from None
        self._finish(organisation.summary())

    def _build(self, organisation: DemoOrganisation) -> None:
        # Rich writes straight to the stream the command was given.
        console = Console(file=cast("IO[str]", self.stdout._out), highlight=False)
        columns = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
        )
        with Progress(*columns, console=console) as progress:
            task = progress.add_task(
                "Demo organisation", total=len(organisation.steps())
            )
            started = False

            def before_step(step):
                nonlocal started
                if started:
                    progress.advance(task)
                started = True
                progress.update(task, description=step.label)

            def on_index(kind: str, done: int, total: int) -> None:
                label = f"Indexing for the search: {kind} {done}/{total}"
                progress.update(task, description=label)

            organisation.build(before_step=before_step, on_index=on_index)
            progress.update(task, completed=len(organisation.steps()))

    def _finish(self, note: str) -> None:
        self.stdout.write("\n".join(["", note, "", *sign_in_lines(), ""]))
