"""How fast `commonplace generate` builds a large organisation.

`python -m bench.generate [--posts N] [--write-docs]` generates 10,000
people, 200 communities and N posts (default 1,000,000) into a fresh
SQLite database and, where PostgreSQL is reachable, a fresh PostgreSQL one,
and reports the conversations' rate: posts with their answers, comments,
reactions, mentions and notifications, per second, indexes included.
Target: at least 5,000 posts per second on each database.
"""

from __future__ import annotations

import argparse
import re

from rich.console import Console

from bench import report
from bench.databases import commonplace, fresh_database, kinds

TARGET = 5_000
PLAN = (
    "Plan: profile the planning and the writing process at this size and "
    "take the larger one's biggest cost off it (a second planning process "
    "if planning is the bottleneck)."
)
console = Console()


def measure(kind: str, posts: int) -> list[str]:
    url = fresh_database(kind, f"bench_generate_{posts}")
    commonplace(url, "migrate", "--noinput", "-v0")
    console.print(f"[bold]{kind}[/bold]: generating {posts:,} posts…")
    run = commonplace(
        url,
        "generate",
        "--people",
        "10000",
        "--communities",
        "200",
        "--posts",
        str(posts),
    )
    found = re.search(r"in ([\d.]+) s: ([\d,]+) posts/s", run.output.replace("\n", " "))
    if found is None:
        raise RuntimeError(f"generate printed no rate:\n{run.output[-2000:]}")
    seconds, rate = float(found.group(1)), int(found.group(2).replace(",", ""))
    verdict = "PASS" if rate >= TARGET else "FAIL"
    console.print(
        f"  {rate:,} posts/s ({seconds:.0f} s, peak {run.peak_mb:.0f} MB): {verdict}"
    )
    return [
        kind,
        f"{posts:,}",
        f"{seconds:.0f}",
        f"{rate:,}",
        f"≥ {TARGET:,}",
        f"{run.peak_mb:.0f}",
        verdict,
        "" if verdict == "PASS" else f"{report.shortfall(rate, TARGET)}. {PLAN}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    rows = [measure(kind, args.posts) for kind in kinds(console)]
    command = f"python -m bench.generate --posts {args.posts} --write-docs"
    report.publish(
        "generate",
        "Generating an organisation",
        command,
        "`commonplace generate --people 10000 --communities 200 --posts N`: "
        "the conversations' rate counts posts written with their answers, "
        "comments, reactions, mentions and notifications, indexes included "
        "(the organisation itself, built first, is not in the rate).",
        report.table(
            [
                "database",
                "posts",
                "seconds",
                "posts/s",
                "target",
                "peak MB",
                "verdict",
                "reason and plan",
            ],
            rows,
        ),
        write=args.write_docs,
        console=console,
    )


if __name__ == "__main__":
    main()
