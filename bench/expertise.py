"""How long recomputing everyone's expertise takes (issue 11).

`python -m bench.expertise [--posts N ...] [--full] [--write-docs]` times
`commonplace rebuild_expertise` (every community, one transaction each:
`expertise.services.rebuild`) on a fresh working copy of each cached
organisation of 10,000 people, 200 communities and N posts (default
10,000 and 1,000,000; bench.databases builds or reuses it, with its
expertise already computed, so the rebuild replaces every row as it
would after a change of weights), with the command's peak memory. SQLite;
`--full` adds PostgreSQL where reachable. The command's own progress bar
shows. Interrupted (Ctrl-C), nothing is kept: the cached organisation is
never written, and the next run starts again from a fresh copy. Writes
the "expertise-rebuild" section of docs/performance.md, with how long
computing expertise took in cached organisations made before it existed.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass

from rich.console import Console

from bench import expertise_cache, report
from bench.databases import (
    COMMUNITIES,
    PEOPLE,
    commonplace,
    organisation,
    postgres_available,
    working_copy,
)

SIZES = [10_000, 1_000_000]
console = Console()


@dataclass(frozen=True)
class Rebuilt:
    kind: str
    posts: int
    seconds: float
    peak_mb: float
    counts: dict[str, int]


def measure(kind: str, posts: int) -> Rebuilt:
    """One rebuild of everything, on a copy of the cached organisation."""
    cached = organisation(kind, posts, console)
    url = working_copy(cached, f"bench_expertise_{posts}")
    console.print(f"[bold]{kind}, {posts:,} posts[/bold]: rebuilding expertise…")
    run = commonplace(url, "rebuild_expertise", stream=True)
    counted = commonplace(
        url, "shell", "-c", "from bench.expertise_cache import counts; counts()"
    )
    found = [line for line in counted.output.splitlines() if line.startswith("{")]
    rebuilt = Rebuilt(kind, posts, run.seconds, run.peak_mb, json.loads(found[-1]))
    console.print(
        f"  {run.seconds:.1f} s, peak {run.peak_mb:.0f} MB, "
        f"{rebuilt.counts['topic_rows']:,} topic rows, "
        f"{rebuilt.counts['habit_rows']:,} answer habits"
    )
    return rebuilt


def rows(results: list[Rebuilt]) -> list[list[str]]:
    smallest: dict[str, Rebuilt] = {}
    for result in sorted(results, key=lambda result: result.posts):
        smallest.setdefault(result.kind, result)
    table = []
    for result in results:
        first = smallest[result.kind]
        answers = result.counts["answers"]
        table.append(
            [
                result.kind,
                f"{result.posts:,}",
                f"{answers:,}",
                f"{result.seconds:.1f}",
                f"{result.posts / result.seconds:,.0f}",
                f"{answers / result.seconds:,.0f}",
                f"{result.counts['topic_rows']:,}",
                f"{result.counts['habit_rows']:,}",
                f"{result.peak_mb:.0f}",
                _growth(first, result),
            ]
        )
    return table


def _growth(first: Rebuilt, result: Rebuilt) -> str:
    if first is result:
        return ""
    return (
        f"time x{result.seconds / first.seconds:.1f}, "
        f"memory x{result.peak_mb / first.peak_mb:.2f} "
        f"(posts x{result.posts / first.posts:g})"
    )


def cache_table() -> str:
    """Expertise computed once into cached organisations made before it."""
    found = sorted(
        expertise_cache.recorded().items(),
        key=lambda item: (item[0].split()[0] != "sqlite", int(item[0].split()[1])),
    )
    if not found:
        return (
            "No cached organisation needed it: the generator computed "
            "expertise in each as it finished (its time is inside the "
            "generator's)."
        )
    return report.table(
        ["database", "posts", "communities", "seconds", "peak MB", "computed by"],
        [
            [
                name.split()[0],
                f"{figures['posts']:,}",
                f"{figures['communities']:,}"
                + ("" if figures.get("full") else " (finishing)"),
                f"{figures['seconds']:.1f}",
                f"{figures['peak_mb']:.0f}",
                f"{figures['by']}, {figures['when']}",
            ]
            for name, figures in found
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, nargs="+")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    sizes = sorted(args.posts or SIZES)
    kinds = ["sqlite"]
    if args.full and postgres_available():
        kinds.append("postgres")
    elif args.full:
        console.print("PostgreSQL is not reachable: measuring SQLite only.")
    results = [measure(kind, posts) for kind in kinds for posts in sizes]
    command = "python -m bench.expertise" + (" --full" if args.full else "")
    if args.posts:
        command += " --posts " + " ".join(str(posts) for posts in sizes)
    report.publish(
        "expertise-rebuild",
        "Rebuilding expertise",
        command + " --write-docs",
        f"`commonplace rebuild_expertise` on a fresh copy of an organisation "
        f"of {PEOPLE:,} people, {COMMUNITIES} communities and N posts whose "
        "expertise was already computed: every community, one transaction "
        "each, its rows deleted and recomputed from its answers, accepted "
        "answers, helpful reactions, articles and notes. Seconds are the "
        "command's wall time, Django's start included; peak MB its largest "
        "resident set. Issue 11 asks for the time at 1M posts; quality.md "
        "sets no target for it, so there is no verdict.",
        report.table(
            [
                "database",
                "posts",
                "answers",
                "seconds",
                "posts/s",
                "answers/s",
                "topic rows",
                "answer habits",
                "peak MB",
                "against the smallest",
            ],
            rows(results),
        ),
        "### Computed into cached organisations\n\nHow long computing "
        "expertise took, once, in a cached bench organisation made before "
        "expertise existed (bench.databases; an interrupted one is finished "
        "community by community).\n\n" + cache_table(),
        write=args.write_docs,
        console=console,
    )


if __name__ == "__main__":
    main()
