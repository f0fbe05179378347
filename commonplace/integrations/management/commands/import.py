"""`commonplace import stackexchange DIR --community SLUG`: bring a Stack
Exchange data dump into a community.

Shows a progress bar per file and a summary at the end; exits non-zero
when the dump cannot be read or part of it could not be placed. Run it
again after an interruption: it resumes, and changes nothing once done.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from commonplace.communities.models import Community, Kind, Visibility
from commonplace.communities.services import start_community
from commonplace.core.errors import CommonplaceError
from commonplace.integrations.stackexchange.dump import Dump, DumpError
from commonplace.integrations.stackexchange.importer import (
    Advance,
    StackExchangeImport,
)
from commonplace.integrations.stackexchange.importer import Progress as Reporting
from commonplace.people.models import User


class RichProgress(Reporting):
    """A bar per file, in bytes read."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def start(self, label: str, total: int) -> Advance:
        task = self.progress.add_task(label, total=total)
        return lambda count: self.progress.advance(task, count)


class Command(BaseCommand):
    help = (
        "Import knowledge from elsewhere. `import stackexchange DIR --community "
        "SLUG` reads a Stack Exchange data dump (Posts.xml and Users.xml, and "
        "Comments, Votes, Tags, PostLinks and PostHistory when present)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("system", choices=["stackexchange"])
        parser.add_argument("directory", type=Path)
        parser.add_argument("--community", required=True, help="The community's slug.")
        parser.add_argument(
            "--create-community",
            metavar="NAME",
            help="Create the community (public, a community of practice) if "
            "the slug names none.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Processes converting bodies beside the writer (0: none).",
        )

    def handle(
        self, *args, system, directory, community, create_community, workers, **options
    ):
        if workers < 0:
            raise CommandError("--workers must be 0 or more.")
        try:
            dump = Dump.open(directory)
        except DumpError as error:
            raise CommandError(str(error)) from None
        target = self._community(community, create_community)
        console = Console(file=cast("IO[str]", self.stdout._out), highlight=False)
        columns = (
            TextColumn("{task.description:<26}"),
            BarColumn(),
            DownloadColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        importer = None
        try:
            with Progress(*columns, console=console) as progress:
                importer = StackExchangeImport(
                    dump, target, progress=RichProgress(progress), workers=workers
                )
                summary = importer.run()
        except DumpError as error:
            self._print_summary(console, importer)
            raise CommandError(
                f"{error} What was imported before is kept; fix the file and run again."
            ) from None
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted. What was imported is kept; run the same command "
                "again to resume."
            ) from None
        self._print_summary(console, importer)
        if summary.failed:
            raise CommandError("Part of the dump could not be imported (see above).")

    def _print_summary(
        self, console: Console, importer: StackExchangeImport | None
    ) -> None:
        if importer is not None:
            console.print("\n".join(importer.summary.lines()), highlight=False)

    def _community(self, slug: str, create: str | None) -> Community:
        found = Community.objects.filter(slug=slug).first()
        if found is not None:
            return found
        if not create:
            raise CommandError(
                f"There is no community {slug!r}. Give --create-community "
                '"Name" to create it.'
            )
        starter = (
            User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
        )
        if starter is None:
            raise CommandError(
                "Creating a community needs an administrator to be its first "
                "owner: create one first (createsuperuser)."
            )
        try:
            return start_community(
                started_by=starter,
                address=slug,
                name=create,
                purpose=f"Questions and answers brought in from {create.strip()}.",
                kind=Kind.PRACTICE,
                visibility=Visibility.PUBLIC,
            )
        except CommonplaceError as error:
            problems = [m for messages in error.fields.values() for m in messages]
            raise CommandError(" ".join(problems) or str(error.message)) from None
