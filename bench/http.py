"""Pages and API under load, as production serves them (quality.md §1).

`python -m bench.http [--posts N ...] [--seconds S] [--write-docs]` builds
(or reuses, from var/bench/) an organisation of 10,000 people, 200
communities and N posts with the generator, starts Commonplace as
production runs it (Granian WSGI, 2 workers of 2 threads, the task
worker) on 127.0.0.1, and loads it with wrk from another process: first the floors
L0 (a bare WSGI callable on the same server), L1 (a plain-text Django view
through the middleware) and L2 (fortunes), then each scenario signed in
as a member with the median number of communities. Each figure is the
median of 3 runs at 16 connections; pages are judged by their ratio to
L2 measured in the same run. Needs wrk (Debian: `apt install wrk`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from bench import report
from bench.databases import (
    BENCH_DATA,
    ROOT,
    commonplace,
    environment,
    fresh_database,
    has_tool,
)

HOST = "127.0.0.1"
CONNECTIONS = 16
# As `make run` serves (see the Makefile's BLOCKING_THREADS).
BLOCKING_THREADS = 2
RUNS = 3
PEOPLE, COMMUNITIES = "10000", "200"
BIN = Path(sys.executable).parent
# Scenario: (R at least, p95 / p95(L2) at most, queries at most).
TARGETS = {
    "home feed": (0.25, 4, 10),
    "community feed": (0.25, 4, 10),
    "question page": (0.20, 5, 12),
    "JSON list": (0.40, 3, 6),
    "JSON object": (0.60, 2, 4),
    "notification poll": (0.60, 2, 2),
}
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50": %d, "p95": %d, "p99": %d, '
    .. '"failed": %d, "bad_status": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50),
    latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""
console = Console()


@dataclass(frozen=True)
class Load:
    """One wrk run: throughput, latency percentiles (ms), failures."""

    rate: float
    p50: float
    p95: float
    p99: float
    failures: int


def dataset(posts: int) -> str:
    """The SQLite database of an organisation with `posts` posts, made once:
    written under a temporary name and renamed when complete, so an
    interrupted build is started again rather than reused."""
    path = BENCH_DATA / f"http-{posts}.sqlite3"
    if path.exists():
        return f"sqlite:///{path}"
    building = fresh_database("sqlite", f"http-{posts}-building")
    commonplace(building, "migrate", "--noinput", "-v0")
    console.print(f"Generating an organisation with {posts:,} posts…")
    commonplace(
        building,
        "generate",
        "--people",
        PEOPLE,
        "--communities",
        COMMUNITIES,
        "--posts",
        str(posts),
    )
    Path(building.removeprefix("sqlite:///")).rename(path)
    return f"sqlite:///{path}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Served:
    base: str
    pid: int


@contextlib.contextmanager
def serving(target: str, database_url: str) -> Iterator[Served]:
    """Granian with 2 workers serving `target` on a free loopback port, and
    the task worker; both stopped on exit, Ctrl-C included."""
    port = _free_port()
    env = environment(database_url, COMMONPLACE_BENCH_FLOORS="1")
    server = subprocess.Popen(
        [
            str(BIN / "granian"),
            "--interface",
            "wsgi",
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            "2",
            "--blocking-threads",
            str(BLOCKING_THREADS),
            "--no-ws",
            "--log-level",
            "warning",
            target,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "commonplace", "worker"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://{HOST}:{port}"
    try:
        _wait_until_up(base)
        yield Served(base, server.pid)
    finally:
        for process in (server, worker):
            _stop(process)


def _wait_until_up(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server at {base} did not answer in {seconds:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def memory_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants."""
    total_kb, pending = 0, [str(pid)]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError, IndexError):
            status = Path(f"/proc/{current}/status").read_text()
            total_kb += int(status.split("VmRSS:")[1].split()[0])
            tasks = Path(f"/proc/{current}/task")
            for task in tasks.iterdir():
                pending += (task / "children").read_text().split()
    return total_kb / 1024


def load(url: str, seconds: int, *, cookie: str = "") -> Load:
    """wrk against one URL, median of RUNS runs."""
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError(f"the bench only loads a server on {HOST}, not {url}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(REPORT_LUA)
    runs = []
    try:
        for _ in range(RUNS):
            command = [
                "wrk",
                f"-t{min(2, CONNECTIONS)}",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
            ]
            if cookie:
                command += ["-H", f"Cookie: {cookie}"]
            output = subprocess.run(
                [*command, url], capture_output=True, text=True, check=True
            ).stdout
            runs.append(json.loads(output.strip().splitlines()[-1]))
    finally:
        Path(script.name).unlink()
    return Load(
        rate=statistics.median(run["requests"] / run["seconds"] for run in runs),
        p50=statistics.median(run["p50"] for run in runs) / 1000,
        p95=statistics.median(run["p95"] for run in runs) / 1000,
        p99=statistics.median(run["p99"] for run in runs) / 1000,
        failures=sum(run["failed"] + run["bad_status"] for run in runs),
    )


def signed_in_member(database_url: str) -> dict:
    run = commonplace(
        database_url, "shell", "-c", "from bench.member import main; main()"
    )
    found = [line for line in run.output.splitlines() if line.startswith('{"cookie"')]
    if not found:
        raise RuntimeError(f"no member to sign in as:\n{run.output[-2000:]}")
    return json.loads(found[0])


def _row(name: str, measured: Load, floor: Load, queries: int | None) -> list[str]:
    ratio, slower = measured.rate / floor.rate, measured.p95 / floor.p95
    figures = [
        name,
        f"{measured.rate:,.0f}",
        f"{measured.p50:.1f}",
        f"{measured.p95:.1f}",
        f"{measured.p99:.1f}",
        str(measured.failures),
    ]
    if name not in TARGETS:
        return [*figures, "", "", "", "", "", "", ""]
    least, most, queries_at_most = TARGETS[name]
    reasons = []
    if ratio < least:
        reasons.append(f"R {ratio:.2f} < {least}")
    if slower > most:
        reasons.append(f"p95 {slower:.1f} x L2's")
    if queries is not None and queries > queries_at_most:
        reasons.append(f"{queries} queries")
    if measured.failures:
        reasons.append(f"{measured.failures} failed requests")
    verdict = "FAIL" if reasons else "PASS"
    plan = (
        "; ".join(reasons) + ". Plan: profile the page at this size "
        "(queries, template) and fix the largest cost."
        if reasons
        else ""
    )
    return [
        *figures,
        f"{ratio:.2f}",
        f"≥ {least}",
        f"{slower:.1f}",
        f"≤ {most}",
        f"{queries} (≤ {queries_at_most})",
        verdict,
        plan,
    ]


def measure(posts: int, seconds: int) -> str:
    """The section of one data set: floors, scenarios, memory."""
    url = dataset(posts)
    # Pages name their static files through the manifest, as in production.
    commonplace(url, "collectstatic", "--noinput", "-v0")
    member = signed_in_member(url)
    rows = []
    with serving("bench.wsgi_floor:application", url) as floor:
        floor_l0 = load(floor.base + "/", seconds)
        rows.append(_row("L0 bare WSGI", floor_l0, floor_l0, None))
    with serving("commonplace.config.wsgi:application", url) as served:
        base = served.base
        before = memory_mb(served.pid)
        floor_l1 = load(base + "/bench/plain/", seconds)
        floor_l2 = load(base + "/bench/fortunes/", seconds)
        rows.append(_row("L1 plain Django view", floor_l1, floor_l2, None))
        rows.append(_row("L2 fortunes", floor_l2, floor_l2, None))
        for name, path in member["paths"].items():
            console.print(f"  {name}: {path}")
            measured = load(base + path, seconds, cookie=member["cookie"])
            rows.append(_row(name, measured, floor_l2, member["queries"][name]))
        after = memory_mb(served.pid)
    table = report.table(
        [
            "scenario",
            "req/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "failed",
            "R = req/s ÷ L2",
            "target",
            "p95 ÷ L2",
            "target",
            "queries",
            "verdict",
            "reason and plan",
        ],
        rows,
    )
    return "\n\n".join(
        [
            f"### SQLite, {posts:,} posts, {PEOPLE} people, {COMMUNITIES} communities",
            table,
            f"Server memory (Granian and its 2 workers): {before:.0f} MB before "
            f"the scenarios, {after:.0f} MB after.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, nargs="+", default=[10_000])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if not has_tool("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt install wrk).")
    sections = [measure(posts, args.seconds) for posts in args.posts]
    sizes = " ".join(str(posts) for posts in args.posts)
    command = f"python -m bench.http --posts {sizes} --write-docs"
    report.publish(
        "http",
        "Pages and API under load",
        command,
        f"wrk from another process, {CONNECTIONS} connections, "
        f"{args.seconds} s per run, median of {RUNS} runs; Granian WSGI "
        "with 2 workers and the task worker. R is a scenario's requests "
        "per second divided by L2's, measured in the same run; targets "
        "from quality.md §1 (set there for 1M posts).",
        *sections,
        write=args.write_docs,
        console=console,
    )


if __name__ == "__main__":
    main()
