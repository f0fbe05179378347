"""`commonplace eval related DIR`: how relevant search is, measured on data.

An evaluation imports the data it measures on, so it never runs in the
site's database: the command starts itself again in a new process whose
DATABASE_URL names a database made for the run (a SQLite file in a
temporary folder, or a new database on the same PostgreSQL server when the
site runs on PostgreSQL) and removes that database however the run ends.
Each evaluation is a subcommand, so another (`eval routing`) is one more
entry in EVALUATIONS.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.text import slugify
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from commonplace.communities.models import Community
from commonplace.expertise import evaluation as routing
from commonplace.expertise import replay
from commonplace.people.models import User
from commonplace.search import evaluation

INSIDE = "--in-throwaway-database"
DOCS = settings.PACKAGE_DIR.parent / "docs" / "quality.md"
# Settings that would reach outside the throwaway database: the task queue
# and the cache (Redis), and mail.
OUTSIDE = ("REDIS_URL", "EMAIL_HOST", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD")
DOCS_HEADER = "# Relevance\n"


class Evaluation(Protocol):
    name: str
    help: str

    def add_arguments(self, parser: CommandParser) -> None: ...

    def argv(self, options: dict[str, Any]) -> list[str]:
        """The arguments to give the run in the throwaway database."""
        ...

    def check(self, options: dict[str, Any]) -> None:
        """Raise CommandError for arguments that cannot work, before any
        database is made."""
        ...

    def run(self, options: dict[str, Any], console: Console) -> None:
        """Measure, in the throwaway database (migrated, empty)."""
        ...


class Related:
    """Similar questions against the questions Stack Exchange linked."""

    name = "related"
    help = (
        "Import a Stack Exchange dump into a throwaway database and measure "
        "how often similar questions finds the questions it links to "
        "(duplicates and related), against an independent BM25 (bm25s)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        _dump_arguments(parser)

    def argv(self, options: dict[str, Any]) -> list[str]:
        flags = ["--write-docs"] if options["write_docs"] else []
        directory = str(options["directory"].resolve())
        return [directory, "--workers", str(options["workers"]), *flags]

    def check(self, options: dict[str, Any]) -> None:
        if not (options["directory"] / "Posts.xml").is_file():
            raise CommandError(f"{options['directory']} holds no Posts.xml.")
        if importlib.util.find_spec("bm25s") is None:
            raise CommandError(
                "The baseline, bm25s, is a development dependency: install it "
                "with `pip install -c constraints.txt -e '.[dev]'`."
            )

    def run(self, options: dict[str, Any], console: Console) -> None:
        started = time.monotonic()
        directory: Path = options["directory"]
        community = _imported(directory, options["workers"], console)
        viewer = User.objects.create_user(display_name="Evaluation reader")
        with _progress(console) as progress:
            results = evaluation.evaluate(
                viewer, community, on_query=_bar(progress, "Evaluating queries")
            )
        if not results:
            raise CommandError(
                f"{directory.name} links no two questions: nothing to measure."
            )
        elapsed = time.monotonic() - started
        section = _section(directory, results, elapsed)
        console.print(_table(directory.name, results))
        if options["write_docs"]:
            _write_docs(_marker(directory.name), section)
            console.print(f"Written into {DOCS}.")


class Routing:
    """Who answers, against the accepted answerers of real history."""

    name = "routing"
    help = (
        "Replay a Stack Exchange dump's questions: learn from the first 80 %, "
        "rank everyone for each of the last 20 % as of its time, and compare "
        "the ranker with popularity and a BM25 document model."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        _dump_arguments(parser)
        parser.add_argument(
            "--validation",
            action="store_true",
            help="Test on the last 20 %% of the learning questions instead "
            "(what constants are chosen on; the test split stays unseen).",
        )

    def argv(self, options: dict[str, Any]) -> list[str]:
        flags = [
            f"--{flag.replace('_', '-')}"
            for flag in ("validation", "write_docs")
            if options[flag]
        ]
        directory = str(options["directory"].resolve())
        return [directory, "--workers", str(options["workers"]), *flags]

    def check(self, options: dict[str, Any]) -> None:
        if not (options["directory"] / "Posts.xml").is_file():
            raise CommandError(f"{options['directory']} holds no Posts.xml.")
        if options["validation"] and options["write_docs"]:
            raise CommandError("Only the test split's figures go into the docs.")
        if importlib.util.find_spec("Stemmer") is None:
            raise CommandError(
                "The BM25 baseline stems with PyStemmer, a development "
                "dependency: install it with `pip install -c constraints.txt "
                "-e '.[dev]'`."
            )
        try:
            routing.split(
                routing.questions(options["directory"]),
                validation=options["validation"],
            )
        except routing.ProtocolError as error:
            raise CommandError(str(error)) from None

    def run(self, options: dict[str, Any], console: Console) -> None:
        started = time.monotonic()
        directory: Path = options["directory"]
        split = routing.split(
            routing.questions(directory), validation=options["validation"]
        )
        replayed = replay.Replay()
        ours: list[routing.Scores] = []
        parts = routing.slices(split.test)
        for number, part in enumerate(parts, start=1):
            console.print(f"Slice {number} of {len(parts)}: {len(part):,} questions")
            community = _window(directory, number, part[0].created_at, options, console)
            with _progress(console) as progress:
                asking = _bar(progress, "Asking the ranker")
                ours += replayed.rank(community, part, on_question=asking)
        report = _routing_report(directory.name, split, ours, options["validation"])
        # Plain lines, never wrapped: each is read by its first word.
        console.file.write(report + "\n")
        if options["write_docs"]:
            elapsed = time.monotonic() - started
            _write_docs(
                _marker(directory.name, "routing"),
                _routing_section(directory, report, elapsed),
            )
            console.print(f"Written into {DOCS}.")


def _dump_arguments(parser: CommandParser) -> None:
    """What every evaluation of a dump takes: the dump, whether to write
    the docs, and the import's workers."""
    parser.add_argument("directory", type=Path, help="A Stack Exchange dump's folder.")
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help=f"Write the figures into {DOCS.name} (its section for this dump "
        "and database).",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="Processes converting bodies during the import (0: none).",
    )


EVALUATIONS: dict[str, Evaluation] = {e.name: e for e in (Related(), Routing())}


class Command(BaseCommand):
    help = (
        "Measure the relevance of search on real data, in a throwaway database "
        "(never the site's). `eval related DIR` uses a Stack Exchange dump."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        chosen = parser.add_subparsers(
            dest="evaluation", required=True, metavar="EVALUATION"
        )
        for name, evaluation_ in EVALUATIONS.items():
            sub = chosen.add_parser(
                name, help=evaluation_.help, description=evaluation_.help
            )
            evaluation_.add_arguments(sub)
            sub.add_argument(INSIDE, action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        chosen = EVALUATIONS[options["evaluation"]]
        chosen.check(options)
        if options["in_throwaway_database"]:
            self._run_inside(chosen, options)
            return
        with (
            tempfile.TemporaryDirectory(prefix="commonplace-eval-") as folder,
            throwaway_database(Path(folder)) as url,
        ):
            self._run_outside(chosen, options, url, Path(folder))

    def _run_inside(self, chosen: Evaluation, options: dict[str, Any]) -> None:
        if connection.introspection.table_names():
            raise CommandError(
                "This database has tables: an evaluation runs only in the empty "
                f"database `eval {chosen.name}` makes for it. Run it without {INSIDE}."
            )
        console = Console(file=cast("IO[str]", self.stdout._out), highlight=False)
        with console.status("Creating the throwaway database"):
            call_command("migrate", verbosity=0)
        chosen.run(options, console)

    def _run_outside(
        self, chosen: Evaluation, options: dict[str, Any], url: str, folder: Path
    ) -> None:
        """The same evaluation in a process of its own, on the throwaway
        database; an interruption stops it, and the database goes with it."""
        environment = {k: v for k, v in os.environ.items() if k not in OUTSIDE}
        environment.update(DATABASE_URL=url, COMMONPLACE_DATA_DIR=str(folder / "data"))
        command = [
            sys.executable,
            "-m",
            "commonplace",
            "eval",
            "--skip-checks",
            chosen.name,
        ]
        command += [*chosen.argv(options), INSIDE]
        try:
            finished = subprocess.run(command, env=environment, check=False)  # noqa: S603
        except KeyboardInterrupt:
            raise CommandError("Interrupted: nothing was kept.") from None
        if finished.returncode:
            raise CommandError(
                f"The evaluation failed (exit status {finished.returncode})."
            )


@contextmanager
def throwaway_database(folder: Path) -> Iterator[str]:
    """The URL of an empty database for one run, dropped afterwards: on the
    site's PostgreSQL server when it has one, else a SQLite file in `folder`."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{folder / 'eval.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    name = f"commonplace_eval_{secrets.token_hex(4)}"
    site = urlsplit(settings.DATABASE_URL)
    server = site._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield site._replace(path=f"/{name}").geturl()
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )


def _window(
    directory: Path,
    number: int,
    moment: datetime,
    options: dict[str, Any],
    console: Console,
) -> Community:
    """What the dump held before `moment`, imported into a community of
    its own (named by the slice's number first, so slugs cut short stay
    apart)."""
    with tempfile.TemporaryDirectory(prefix="commonplace-window-") as folder:
        with console.status("Cutting the window"):
            routing.write_window(directory, moment, Path(folder))
        name = f"Slice {number} {directory.name}"
        return _imported(Path(folder), options["workers"], console, name)


def _imported(
    directory: Path, workers: int, console: Console, name: str = ""
) -> Community:
    """The dump in a community of its own, indexed for search (the
    importer indexes what it brings in); the import needs an administrator
    to start the community."""
    if not User.objects.filter(is_staff=True).exists():
        User.objects.create_user(display_name="Evaluation administrator", is_staff=True)
    name = name or directory.name
    slug = slugify(name)[:40] or "dump"
    call_command(
        "import",
        "stackexchange",
        str(directory),
        "--community",
        slug,
        "--create-community",
        name,
        "--workers",
        str(workers),
        stdout=console.file,
    )
    return Community.objects.get(slug=slug)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<26}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def _bar(progress: Progress, label: str) -> evaluation.OnQuery:
    task = progress.add_task(label, total=None)
    return lambda done, total: progress.update(task, completed=done, total=total)


def _table(site: str, results: list[evaluation.LinkKindResult]) -> Table:
    table = Table(title=f"{site} on {_database()}")
    for column in _header():
        table.add_column(column, justify="left" if column == "link type" else "right")
    for row in _rows(results):
        table.add_row(*row)
    return table


def _header() -> list[str]:
    return [
        "link type",
        "queries",
        *(f"nDCG@10 {method}" for method in evaluation.METHODS),
        *(f"Recall@10 {method}" for method in evaluation.METHODS),
    ]


def _rows(results: list[evaluation.LinkKindResult]) -> list[list[str]]:
    return [
        [
            result.link_kind,
            f"{result.queries:,}",
            *(f"{result.figures[m].ndcg:.3f}" for m in evaluation.METHODS),
            *(f"{result.figures[m].recall:.3f}" for m in evaluation.METHODS),
        ]
        for result in results
    ]


def _section(
    directory: Path, results: list[evaluation.LinkKindResult], elapsed: float
) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    server = "DATABASE_URL=postgres://… " if connection.vendor == "postgresql" else ""
    command = (
        f"{server}python -m commonplace eval related "
        f"{os.path.relpath(directory)} --write-docs"
    )
    lines = [
        f"### {directory.name}, {_database()}",
        "",
        f"Measured {when} on {_machine()} by `{command}` "
        f"({elapsed:.0f} s, import included).",
        "",
        "| " + " | ".join(_header()) + " |",
        "|---|" + "---:|" * (len(_header()) - 1),
    ]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(results)]
    return "\n".join(lines)


def _database() -> str:
    if connection.vendor == "postgresql":
        return f"PostgreSQL {cast('Any', connection).pg_version // 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def _machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        found = re.search(r"model name\s*:\s*(.*)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}"
    )


def _marker(site: str, evaluation_: str = "related") -> str:
    engine = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    return f"eval:{evaluation_}:{site}:{engine}"


def _write_docs(name: str, body: str) -> None:
    """Replace this section of the page, or add it at the end; the other
    sections stay as they are."""
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    text = DOCS.read_text() if DOCS.exists() else DOCS_HEADER
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text:
        pattern = re.escape(start) + ".*?" + re.escape(end)
        text = re.sub(pattern, lambda _match: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOCS.write_text(text)


def _routing_report(
    site: str,
    split: routing.Split,
    ours: list[routing.Scores],
    validation: bool,
) -> str:
    """The figures as plain lines: per pool, the coverage, then a header
    and one line per method (the ≥ 1 pool's lines begin `pool>=1`), then
    the ratio's interval and the load spread."""
    tokens = routing.Tokens()
    methods = {
        "popularity": routing.popularity(split),
        "bm25": routing.bm25(split, tokens),
    }
    scored = {name: [method(q) for q in split.test] for name, method in methods.items()}
    scored["commonplace"] = ours
    part = "validation slice" if validation else "test split"
    lines = [
        f"{site} on {_database()}, {part}: learning from {len(split.learn):,} "
        f"questions asked before {split.moment:%Y-%m-%d %H:%M} UTC, "
        f"testing on {len(split.test):,}",
    ]
    reciprocal: dict[str, list[float]] = {}
    tops: dict[str, list[list[str]]] = {}
    for pool in routing.POOLS:
        prefix = "" if pool == routing.POOLS[0] else f"pool>={pool} "
        candidates = split.candidates(pool)
        covered = [
            index
            for index, question in enumerate(split.test)
            if question.answerer in candidates
        ]
        lines.append(
            f"pool >= {pool} accepted answers: {len(candidates):,} candidates; "
            f"test questions {len(split.test):,}, covered {len(covered):,} "
            f"({len(covered) / len(split.test):.1%})"
        )
        lines.append(_routing_row(f"{prefix}method", list(routing.METRICS)))
        for name in routing.METHODS:
            per_question = [
                routing.figures(
                    scored[name][index],
                    _without_asker(candidates, split.test[index]),
                    split.test[index].answerer,
                )
                for index in covered
            ]
            means = [
                f"{sum(f[m] for f in per_question) / max(len(per_question), 1):.3f}"
                for m in routing.METRICS
            ]
            lines.append(_routing_row(f"{prefix}{name}", means))
            if not prefix:
                reciprocal[name] = [f["MRR"] for f in per_question]
                tops[name] = [
                    routing.top(scores, _without_asker(candidates, question))
                    for scores, question in zip(scored[name], split.test, strict=True)
                ]
    lines += _ratio_and_spread(reciprocal, tops)
    return "\n".join(lines)


def _without_asker(candidates: list[str], question: routing.Question) -> list[str]:
    """Nobody is suggested to answer their own question, by any method."""
    return [person for person in candidates if person != question.asker]


def _routing_row(name: str, cells: list[str]) -> str:
    return f"{name:<22}" + "".join(f"{cell:>9}" for cell in cells)


def _ratio_and_spread(
    reciprocal: dict[str, list[float]], tops: dict[str, list[list[str]]]
) -> list[str]:
    ours, theirs = reciprocal["commonplace"], reciprocal["bm25"]
    lines = []
    if ours and sum(theirs):
        low, high = routing.bootstrap_ratio(ours, theirs)
        lines.append(
            f"MRR(commonplace) / MRR(bm25) = {sum(ours) / sum(theirs):.2f}, "
            f"95 % bootstrap interval {low:.2f} to {high:.2f} "
            f"({routing.RESAMPLES:,} resamples of the covered questions)"
        )
    for name in routing.METHODS:
        found = routing.spread(tops[name])
        lines.append(
            f"load spread of {name}: {found.people} distinct people in the top "
            f"{routing.TOP} across test questions; the {routing.BUSIEST} busiest "
            f"take {found.busiest_share:.1%} of those slots"
        )
    return lines


def _routing_section(directory: Path, report: str, elapsed: float) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    server = "DATABASE_URL=postgres://… " if connection.vendor == "postgresql" else ""
    command = (
        f"{server}python -m commonplace eval routing "
        f"{os.path.relpath(directory)} --write-docs"
    )
    return "\n".join(
        [
            f"### {directory.name}, {_database()}",
            "",
            f"Measured {when} on {_machine()} by `{command}` "
            f"({elapsed:.0f} s, import included).",
            "",
            "```",
            report,
            "```",
        ]
    )
