"""How fast, and in how much memory, a Stack Exchange dump is imported.

`python -m bench.importer [--posts N] [--write-docs]` writes a synthetic
dump of N posts (default 200,000; cached under var/bench/dumps/) and one of
a quarter of that size, and imports each, with all its files, into a fresh
SQLite database and, where PostgreSQL is reachable, a fresh PostgreSQL one.
Targets: at least 2,000 posts per second end to end; peak memory at most
300 MB and not growing with the dump (the larger dump's peak within 10 %
of the smaller one's).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.console import Console

from bench import report
from bench.databases import BENCH_DATA, commonplace, fresh_database, kinds

RATE_TARGET = 2_000
MEMORY_TARGET_MB = 300
GROWTH_LIMIT = 1.10
console = Console()


def dump_of(posts: int) -> Path:
    """The synthetic dump of `posts` posts, written once and kept."""
    directory = BENCH_DATA / "dumps" / f"synthetic-{posts}"
    if not (directory / "PostHistory.xml").exists():
        console.print(f"Writing a synthetic dump of {posts:,} posts…")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonplace.config.settings")
        import django  # only when a dump must be written: it needs the settings

        django.setup()
        from bench.synthetic_dump import SyntheticDump

        SyntheticDump(directory, posts=posts).write()
    return directory


def measure(kind: str, posts: int) -> tuple[float, float]:
    """(posts per second, peak MB) of importing the dump of `posts` posts."""
    url = fresh_database(kind, f"bench_import_{posts}")
    commonplace(url, "migrate", "--noinput", "-v0")
    commonplace(
        url,
        "createsuperuser",
        "--noinput",
        "--email",
        "bench@example.org",
        "--display_name",
        "Bench",
    )
    console.print(f"[bold]{kind}[/bold]: importing {posts:,} posts…")
    run = commonplace(
        url,
        "import",
        "stackexchange",
        str(dump_of(posts)),
        "--community",
        "bench",
        "--create-community",
        "Bench",
    )
    rate = posts / run.seconds
    console.print(
        f"  {rate:,.0f} posts/s ({run.seconds:.0f} s), peak {run.peak_mb:.0f} MB"
    )
    return rate, run.peak_mb


def _reason(rate: float, peak: float, growth: float) -> str:
    """Why a row fails, and what is planned; empty when it passes."""
    reasons = []
    if rate < RATE_TARGET:
        reasons.append(
            f"{report.shortfall(rate, RATE_TARGET)}: every body is converted "
            "and rendered (see the rendering rate above) on the cores the "
            "reader and the database also use. Plan: a compiled CommonMark "
            "renderer for imports, checked to give the same HTML."
        )
    if peak > MEMORY_TARGET_MB or growth > GROWTH_LIMIT:
        reasons.append("Memory over its target: find what the run keeps.")
    return " ".join(reasons)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    small = max(1_000, args.posts // 4)
    rows = []
    for kind in kinds(console):
        _small_rate, small_peak = measure(kind, small)
        rate, peak = measure(kind, args.posts)
        growth = peak / small_peak if small_peak else 0.0
        verdict = (
            "PASS"
            if rate >= RATE_TARGET
            and peak <= MEMORY_TARGET_MB
            and growth <= GROWTH_LIMIT
            else "FAIL"
        )
        rows.append(
            [
                kind,
                f"{args.posts:,}",
                f"{rate:,.0f}",
                f"≥ {RATE_TARGET:,}",
                f"{peak:.0f}",
                f"≤ {MEMORY_TARGET_MB}",
                f"{small_peak:.0f} → {peak:.0f} (x{growth:.2f})",
                f"≤ x{GROWTH_LIMIT:.2f}",
                verdict,
                _reason(rate, peak, growth),
            ]
        )
    command = f"python -m bench.importer --posts {args.posts} --write-docs"
    report.publish(
        "import",
        "Importing a Stack Exchange dump",
        command,
        "`commonplace import stackexchange DIR --community SLUG` on a synthetic "
        "dump the bench writes itself (about 40 % questions, with comments, "
        "votes, links and edit history), all files, into a fresh database. "
        "Memory growth compares the peak with the peak for a dump of "
        f"{small:,} posts.",
        report.table(
            [
                "database",
                "posts",
                "posts/s",
                "target",
                "peak MB",
                "target",
                "peak, smaller dump → this one",
                "target",
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
