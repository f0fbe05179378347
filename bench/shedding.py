"""Past saturation, refused at once and recovered (quality.md §1).

`python -m bench.shedding [--seconds S] [--runs N] [--write-docs]` serves
bench.http's organisation (10,000 posts) as production does and loads the
community feed as bench.http's member: at 1, 2, 4, ... connections until
p95 is twice what it is at 1 (saturation), then at 4x that many, then
flooded with more connections than the processes may hold (their
turns and lines, twice over). While the flood runs, a client asks for
the page now and then on a fresh connection; after it stops, the page is
asked for until it answers 200, then loaded at 1 connection again.
Verdicts: at 4x, every answer within the wait budget and none lost; in
the flood, answers refused (503 or 429) at once, p95 of all answers
within the budget, no failure but refusals; back to normal within
seconds. The settings are COMMONPLACE_MAX_WAIT_MS and
COMMONPLACE_MAX_QUEUE (commonplace/web/shedding.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from bench import report
from bench.databases import has_tool
from bench.http import Setup, console, prepared, serving
from bench.servers import BLOCKING_THREADS
from bench.wrk import Load, load

POSTS = 10_000
SCENARIO = "community feed"
MOST_CONNECTIONS = 32
WORKERS = 2  # as bench.http serves
OVERLOAD = 4
RECOVERY_SECONDS = 5.0
ASK_TIMEOUT = 10.0
PAUSE = 0.05


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no answer (timeout, refused connection)
    ms: float


@dataclass(frozen=True)
class Run:
    """Everything one measurement found."""

    sweep: list[tuple[int, Load]]
    saturated_at: int | None
    overload: Load
    flooded_with: int
    flood: Load
    arriving: list[Answer]
    recovered_after: float | None
    after: Load

    @property
    def base(self) -> Load:
        return self.sweep[0][1]

    @property
    def saturation(self) -> Load:
        return self.sweep[-1][1]


def ask(url: str, cookie: str) -> Answer:
    """One request on a fresh connection, as a client arriving would make."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=ASK_TIMEOUT) as answer:  # noqa: S310
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return Answer(status, (time.perf_counter() - started) * 1000)


def arriving(url: str, cookie: str, until: Future) -> list[Answer]:
    """Answers to a client asking now and then while `until` runs."""
    answers = []
    while not until.done():
        answers.append(ask(url, cookie))
        time.sleep(PAUSE)
    return answers


def recovery(url: str, cookie: str) -> float | None:
    """Seconds until the page answers 200 again; None if not in time."""
    started = time.monotonic()
    while (elapsed := time.monotonic() - started) < RECOVERY_SECONDS:
        if ask(url, cookie).status == 200:
            return elapsed
        time.sleep(PAUSE)
    return None


def doubled(base: Load, step: Load) -> bool:
    return step.p95 >= 2 * base.p95


def sweep(url: str, cookie: str, seconds: int, runs: int) -> list[tuple[int, Load]]:
    """Loads at 1, 2, 4, ... connections, up to the first whose p95 is
    twice the p95 at 1 (or MOST_CONNECTIONS)."""
    measured = [(1, load(url, seconds, cookie=cookie, connections=1, repeat=runs))]
    connections = 1
    while connections < MOST_CONNECTIONS:
        connections *= 2
        step = load(url, seconds, cookie=cookie, connections=connections, repeat=runs)
        measured.append((connections, step))
        console.print(f"  {connections} connections: p95 {step.p95:.1f} ms")
        if doubled(measured[0][1], step):
            break
    return measured


def measure(seconds: int, runs: int) -> Run:
    database, _, member = prepared(Setup("sqlite", redis=False), POSTS)
    cookie = member["cookie"]
    with serving("commonplace.config.wsgi:application", database) as served:
        url = served.base + member["paths"][SCENARIO]
        load(url, 1, cookie=cookie, connections=1, repeat=1)  # warm the caches
        steps = sweep(url, cookie, seconds, runs)
        saturated = steps[-1][0] if doubled(steps[0][1], steps[-1][1]) else None
        heavy = OVERLOAD * steps[-1][0]
        console.print(f"  overload: {heavy} connections")
        overload = load(url, seconds, cookie=cookie, connections=heavy, repeat=runs)
        flooded_with = max(2 * heavy, 2 * WORKERS * held_per_process())
        console.print(f"  flood: {flooded_with} connections")
        with ThreadPoolExecutor(max_workers=1) as pool:
            running = pool.submit(
                load, url, seconds, cookie=cookie, connections=flooded_with, repeat=runs
            )
            answers = arriving(url, cookie, running)
            flood = running.result()
        recovered_after = recovery(url, cookie)
        after = load(url, seconds, cookie=cookie, connections=1, repeat=runs)
    return Run(
        steps, saturated, overload, flooded_with, flood, answers, recovered_after, after
    )


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def verdict(name: str, figure: str, target: str, failure: str | None) -> list[str]:
    """One row; a FAIL names its reason and the plan."""
    if failure is None:
        return [name, figure, target, "PASS", ""]
    plan = " Plan: measure where the time goes at this load and tighten the bound."
    return [name, figure, target, "FAIL", failure + "." + plan]


def verdicts(run: Run) -> list[list[str]]:
    overload, flood, base = run.overload, run.flood, run.base
    budget = settings().SHEDDING_MAX_WAIT_MS
    quick = budget + 2 * run.saturation.p95
    share = flood.refused / max(flood.requests, 1)
    refusals = [answer.ms for answer in run.arriving if answer.status in (429, 503)]
    lost = [answer for answer in run.arriving if answer.status not in (200, 429, 503)]
    others = flood.failures - flood.refused + len(lost) + run.after.failures
    return [
        verdict(
            "saturation (p95 twice that at 1 connection)",
            f"{run.saturated_at} connections" if run.saturated_at else "not reached",
            f"≤ {MOST_CONNECTIONS} connections",
            None if run.saturated_at else "p95 never doubled",
        ),
        verdict(
            f"p95 of all answers at {OVERLOAD}x",
            f"{overload.p95:.1f} ms, {overload.timeouts} timeouts",
            f"≤ wait budget + 2 x p95 at saturation ({quick:.0f} ms), none lost",
            None
            if overload.p95 <= quick and not overload.timeouts
            else "answers queued past the budget",
        ),
        verdict(
            f"answers refused (503/429), {run.flooded_with} connections",
            f"{share:.0%} ({flood.refused:,} of {flood.requests:,})",
            "> 0",
            None if flood.refused else "nothing was refused",
        ),
        verdict(
            f"p95 of all answers, {run.flooded_with} connections",
            f"{flood.p95:.1f} ms",
            f"≤ {quick:.0f} ms",
            None if flood.p95 <= quick else "answers queued as the load grew",
        ),
        verdict(
            "a refusal, to a client arriving (p95)",
            f"{p95(refusals):.1f} ms of {len(refusals)}" if refusals else "none seen",
            f"≤ the page's p95 at saturation ({run.saturation.p95:.1f} ms)",
            None
            if refusals and p95(refusals) <= run.saturation.p95
            else "refusals were not faster than a page",
        ),
        verdict(
            "failures other than refusals (timeouts, errors)",
            f"{others} ({flood.timeouts} timeouts)",
            "0",
            None if others == 0 else f"{others} requests failed",
        ),
        verdict(
            "back to 200 after the load stops",
            f"{run.recovered_after:.2f} s"
            if run.recovered_after is not None
            else "not in time",
            f"≤ {RECOVERY_SECONDS:.0f} s",
            None if run.recovered_after is not None else "still refusing",
        ),
        verdict(
            "p95 at 1 connection, after",
            f"{run.after.p95:.1f} ms, {run.after.refused} refused",
            f"≤ 2 x before ({2 * base.p95:.1f} ms), none refused",
            None
            if run.after.p95 <= 2 * base.p95 and not run.after.refused
            else "the process did not recover",
        ),
    ]


def sweep_table(run: Run) -> str:
    rows = [
        [
            str(connections),
            f"{step.rate:,.0f}",
            f"{step.rate * (step.requests - step.failures) / step.requests:,.0f}",
            f"{step.p50:.1f}",
            f"{step.p95:.1f}",
            f"{step.refused:,}",
            str(step.failures - step.refused),
        ]
        for connections, step in [
            *run.sweep,
            (OVERLOAD * run.sweep[-1][0], run.overload),
            (run.flooded_with, run.flood),
        ]
    ]
    return report.table(
        [
            "connections",
            "answers/s",
            "pages served/s",
            "p50 ms",
            "p95 ms",
            "refused",
            "other failures",
        ],
        rows,
    )


def settings() -> Any:
    """Commonplace's settings as the server reads them (same environment)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonplace.config.settings")
    import django
    from django.conf import settings as configured

    django.setup()
    return configured


def held_per_process() -> int:
    """Requests one web process holds at most: at work and in line."""
    return settings().SHEDDING_CONCURRENCY + settings().SHEDDING_MAX_QUEUE


def bound() -> str:
    """The settings in force."""
    configured = settings()
    return (
        f"COMMONPLACE_MAX_WAIT_MS={configured.SHEDDING_MAX_WAIT_MS}, "
        f"COMMONPLACE_MAX_QUEUE={configured.SHEDDING_MAX_QUEUE} and "
        f"COMMONPLACE_CONCURRENCY={configured.SHEDDING_CONCURRENCY} per process, "
        f"Granian --blocking-threads {BLOCKING_THREADS}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if not has_tool("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt install wrk).")
    run = measure(args.seconds, args.runs)
    report.publish(
        "shedding",
        "Past saturation",
        "python -m bench.shedding --write-docs",
        f"The {SCENARIO} as bench.http's member, {POSTS:,} posts; wrk, "
        f"{args.seconds} s per load, median of {args.runs} runs; Granian WSGI "
        f"with 2 workers and the task worker. Bound: {bound()}. wrk asks "
        "again as soon as it is refused (it ignores Retry-After), so refusals "
        "come faster than clients that wait would send them.",
        sweep_table(run),
        report.table(
            ["measure", "figure", "target", "verdict", "reason and plan"],
            verdicts(run),
        ),
        write=args.write_docs,
        console=console,
    )


if __name__ == "__main__":
    main()
