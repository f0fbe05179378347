"""The ideas pages under load, at 10,000 ideas in one community (issue 13).

`python -m bench.ideas [--ideas N] [--full] [--seconds S] [--write-docs]`
takes the page bench's organisation of 10,000 people, 200 communities and
10,000 posts, adds N ideas (10,000 by default) to the bench member's
busiest community with bench.idea_seed, and keeps the result (under
var/bench/ or on the PostgreSQL server, built once: an interrupted build
is started again). Each run serves a fresh copy as bench.http does
(Granian WSGI, 2 workers, the task worker) and loads, signed in as the
bench member: the funnel page, the evaluation board of the stage whose
ideas are being evaluated, and the ideas page, after the floors L0, L1
and L2 of the same run. Each figure is the median of 3 runs at 16
connections, and again at 1; R is req/s divided by L2's.

The default profile is SQLite; `--full` adds PostgreSQL with Redis (where
reachable). Writes the "ideas" section of docs/performance.md. Needs wrk
(Debian: `apt install wrk`).
"""

from __future__ import annotations

import argparse

from bench import report
from bench.databases import (
    COMMUNITIES,
    PEOPLE,
    commonplace,
    derived,
    empty_redis,
    has_tool,
    organisation,
    working_copy,
)
from bench.http import (
    Measured,
    Setup,
    Targets,
    console,
    measure,
    method,
    scenario_table,
    setups,
    signed_in_member,
)

POSTS = 10_000
IDEAS = 10_000
# Scenario: (R at least, p95 / p95(L2) at most, queries at most). R from
# issue 13; p95 as quality.md §1 allows a detail page; the queries as the
# pages' tests bound them.
TARGETS: Targets = {
    "funnel page": (0.20, 5, 13),
    "evaluation board": (0.20, 5, 9),
    "ideas page": (0.20, 5, 10),
}
NAMES = tuple(TARGETS)
# Sampled in-process with py-spy at 10,000 ideas, SQLite, on 2026-12-02,
# after the figures were kept by trip revision, the header, cards, board
# rows and the funnel's chart kept rendered, the filter widgets written in
# Python, the lists left without the ideas' texts and the small queries
# every page makes built into SQL once (core.compiled).
IDEAS_CAUSE = (
    " Cause: what is left of a request's 6 to 9 ms of CPU in-process is "
    "spread thin: signing in (Django's session and person rows, built "
    "through the ORM on every request) about 15 %, the page's ideas (a "
    "query whose SQL changes with its cursor) 15 to 20 %, templates 35 to "
    "45 %; on PostgreSQL each query also waits for its round trip. Plan: "
    "the session and the person read through compiled queries too (a "
    "session engine and an authentication backend of our own); on the "
    "ideas page, the stage list and the waiting lines kept as fragments "
    "like its cards; then the base template's head, rendered once per "
    "language."
)
CAUSES = dict.fromkeys(NAMES, IDEAS_CAUSE)
# Bumped whenever bench.idea_seed writes something else: a new name makes
# a new cached organisation.
SEED_VERSION = 2


def ideas_organisation(setup: Setup, ideas: int) -> str:
    """The cached organisation with `ideas` ideas in one community."""
    base = organisation(setup.kind, POSTS, console)

    def seed(url: str) -> None:
        console.print(f"Adding {ideas:,} ideas…")
        run = commonplace(
            url,
            "shell",
            "-c",
            f"from bench.idea_seed import main; main({ideas})",
            stream=True,
        )
        console.print(f"Ideas added in {run.seconds:.0f} s.")

    name = f"bench_ideas_{ideas}_v{SEED_VERSION}"
    url = derived(setup.kind, base, name, seed)
    commonplace(url, "migrate", "--noinput", "-v0")
    return url


def prepared(setup: Setup, ideas: int) -> tuple[str, str, dict]:
    """A fresh copy of the ideas organisation, Redis emptied where used,
    static files collected, and the member signed in (bench.idea_member)."""
    url = working_copy(ideas_organisation(setup, ideas), "bench_ideas_run")
    redis_url = empty_redis() if setup.redis else ""
    commonplace(url, "collectstatic", "--noinput", "-v0")
    return url, redis_url, signed_in_member(url, redis_url, "bench.idea_member")


def section(measured: Measured, ideas: int) -> str:
    before, after = measured.memory
    held = measured.facts
    return "\n\n".join(
        [
            f"### {measured.setup.label}, {ideas:,} ideas in one community "
            f"({POSTS:,} posts, {PEOPLE:,} people, {COMMUNITIES} communities)",
            scenario_table(measured, NAMES),
            "R is taken against L2 measured right after each scenario: "
            + ", ".join(
                f"{name} {floor.served_rate:,.0f} req/s"
                for name, floor in measured.floors_beside.items()
            )
            + ".",
            f"The community held {held.get('ideas', 0):,} ideas, "
            f"{held.get('moves', 0):,} moves, {held.get('decisions', 0):,} "
            f"decision records, {held.get('supports', 0):,} supports and "
            f"{held.get('scores', 0):,} scores; the board's stage "
            f"held {held.get('evaluated', 0):,} ideas. Server memory (Granian and "
            f"its workers): {before:.0f} MB before the scenarios, "
            f"{after:.0f} MB after.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ideas", type=int, default=IDEAS)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if not has_tool("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt install wrk).")
    results = [
        measure(
            setup,
            POSTS,
            args.seconds,
            memory=False,
            names=NAMES,
            prepare=lambda setup, _posts: prepared(setup, args.ideas),
            targets=TARGETS,
            causes=CAUSES,
            floor_beside=True,
        )
        for setup in setups(args.full)
    ]
    command = "python -m bench.ideas" + (" --full" if args.full else "")
    if args.ideas != IDEAS:
        command += f" --ideas {args.ideas}"
    report.publish(
        "ideas",
        "Ideas pages under load",
        command + " --write-docs",
        method(args.seconds)
        + " L2 is measured again right after each scenario and the "
        "scenario's R taken against it (the L2 row is the run's first)."
        " Signed in as the member the page bench uses; the ideas are "
        "written by bench.idea_seed (proposed over two years, moved along the "
        "default trip, supported, and scored by the evaluation stage's five "
        "evaluators on three weighted criteria). The funnel page shows its "
        "figures from the shared cache while nothing moves, as in production: "
        "the first request computes them, outside the runs. Targets: issue 13 "
        "(R ≥ 0.20); p95 as quality.md §1 allows a detail page; queries as "
        "the pages' tests bound them.",
        *(section(result, args.ideas) for result in results),
        write=args.write_docs,
        console=console,
    )


if __name__ == "__main__":
    main()
