"""Many members reading and writing at once, on the scaled-out set.

`python -m bench.mixed [--seconds S] [--write-docs]` starts what `make
run-scaled` starts (two Granian app processes behind HAProxy, two task
workers; `bench.scaled`) on the organisation of `bench.http` (10,000
people, 200 communities, 10,000 posts), and loads it with wrk as CROWD
members, each with their own session and access token: 90 % of requests
read (home feed, community feed, question page, API list and object,
notification poll) and 10 % write through the API (an answer, a comment
or a new discussion). It runs on SQLite as `make run` does (the database
cache, tasks in the database) and, where reachable, on PostgreSQL and
Redis as a larger company does. Each run writes into a fresh copy of the
data set, so every run starts from the same organisation. Verdict: PASS
when no request failed (socket errors, or an answer other than 2xx/3xx).
Needs wrk and HAProxy (Debian: `apt install wrk haproxy`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console

from bench import report, scaled, servers
from bench.databases import (
    COMMUNITIES,
    PEOPLE,
    empty_redis,
    has_tool,
    organisation,
    postgres_available,
    working_copy,
)

POSTS = 10_000
CONNECTIONS = 50
CROWD = 200
WRITE_PERCENT = 10
console = Console()

# wrk's script: each request is a random member's read with their cookie
# or, one time in ten, a write with their token; `members` is prepended.
# It reports as bench.http's does, with setup and init of its own.
SCRIPT_LUA = """
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("seed", threads)
end
init = function(args)
  math.randomseed(seed)
  written = 0
end
local kinds = {"answer", "comment", "post"}
local function body(kind)
  written = written + 1
  local text = "Measured under load, write " .. seed .. "-" .. written .. "."
  if kind == "post" then
    return '{"kind": "discussion", "title": "Load note ' .. seed .. "-"
      .. written .. '", "body": "' .. text .. '"}'
  end
  return '{"body": "' .. text .. '"}'
end
request = function()
  local member = members[math.random(#members)]
  if math.random(100) <= %(write_percent)d then
    local kind = kinds[math.random(#kinds)]
    return wrk.format("POST", member.writes[kind], {
      ["Authorization"] = "Bearer " .. member.token,
      ["Content-Type"] = "application/json",
    }, body(kind))
  end
  return wrk.format("GET", member.reads[math.random(#member.reads)],
    {["Cookie"] = member.cookie})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "seconds": %%f, "p50": %%d, "p95": %%d, "p99": %%d, '
    .. '"failed": %%d, "bad_status": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50),
    latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


@dataclass(frozen=True)
class Result:
    """One wrk run: throughput, latency percentiles (ms), failures."""

    rate: float
    p50: float
    p95: float
    p99: float
    socket_errors: int
    bad_status: int
    stopped: list[str]

    @property
    def passed(self) -> bool:
        return not (self.socket_errors or self.bad_status or self.stopped)


def _fresh_copy(kind: str) -> str:
    """A fresh copy of the organisation bench.http loads, on `kind`."""
    return working_copy(organisation(kind, POSTS, console), f"bench_mixed_run_{kind}")


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string of ASCII is a valid Lua string


def _members_lua(crowd: list[dict]) -> str:
    rows = []
    for member in crowd:
        reads = ", ".join(_lua_string(path) for path in member["reads"])
        writes = ", ".join(
            f"{kind} = {_lua_string(path)}" for kind, path in member["writes"].items()
        )
        rows.append(
            f"{{cookie = {_lua_string(member['cookie'])}, "
            f"token = {_lua_string(member['token'])}, "
            f"reads = {{{reads}}}, writes = {{{writes}}}}}"
        )
    return "members = {\n" + ",\n".join(rows) + "\n}\n"


def _wrk(url: str, crowd: list[dict], seconds: int) -> dict:
    script = _members_lua(crowd) + SCRIPT_LUA % {"write_percent": WRITE_PERCENT}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as file:
        file.write(script)
        file.flush()
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                file.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(database_url: str, redis_url: str, seconds: int) -> Result:
    """Migrate the copy, sign the crowd in, serve it scaled out, load it."""
    env = scaled.environment(database_url, redis_url)
    scaled.commonplace(env, "migrate", "--noinput", "-v0")
    scaled.commonplace(env, "collectstatic", "--noinput", "-v0")
    output = scaled.commonplace(
        env, "shell", "-c", f"from bench.crowd import main; main({CROWD})", capture=True
    )
    crowd = json.loads(output.strip().splitlines()[-1])["crowd"]
    ports = [servers.free_port() for _ in range(3)]
    with scaled.scaled(env, app_ports=ports[:2], balancer_port=ports[2]) as running:
        run = _wrk(running.url + "/", crowd, seconds)
        stopped = running.stopped()
    return Result(
        rate=run["requests"] / run["seconds"],
        p50=run["p50"] / 1000,
        p95=run["p95"] / 1000,
        p99=run["p99"] / 1000,
        socket_errors=run["failed"],
        bad_status=run["bad_status"],
        stopped=stopped,
    )


def _row(setup: str, result: Result) -> list[str]:
    verdict = "PASS" if result.passed else "FAIL"
    plan = (
        ""
        if result.passed
        else "Plan: read the app and worker logs of a run for the failing "
        "requests and fix their cause; a stopped process is a crash to fix."
    )
    return [
        setup,
        f"{result.rate:,.0f}",
        f"{result.p50:.1f}",
        f"{result.p95:.1f}",
        f"{result.p99:.1f}",
        str(result.socket_errors),
        str(result.bad_status),
        ", ".join(result.stopped) or "none",
        verdict,
        plan,
    ]


Prepare = Callable[[], tuple[str, str]]


def setups() -> list[tuple[str, Prepare]]:
    """The set-ups to measure, each with how to get its database and Redis."""
    found: list[tuple[str, Prepare]] = [
        ("SQLite, database cache and tasks", lambda: (_fresh_copy("sqlite"), ""))
    ]
    if postgres_available():
        found.append(
            ("PostgreSQL + Redis", lambda: (_fresh_copy("postgres"), empty_redis()))
        )
    else:
        console.print("PostgreSQL is not reachable: measuring SQLite only.")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    for tool in ("wrk", "haproxy"):
        if not has_tool(tool):
            raise SystemExit(f"{tool} is not installed (Debian: apt install {tool}).")
    rows = []
    for name, prepare in setups():
        console.print(f"{name}: preparing a fresh copy of the data set…")
        database_url, redis_url = prepare()
        console.print(f"{name}: {args.seconds} s of mixed load…")
        rows.append(_row(name, measure(database_url, redis_url, args.seconds)))
    table = report.table(
        [
            "set-up",
            "req/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "socket errors",
            "not 2xx/3xx",
            "processes stopped",
            "verdict",
            "plan",
        ],
        rows,
    )
    report.publish(
        "mixed",
        "Mixed workload, scaled out",
        "python -m bench.mixed --write-docs",
        f"wrk from another process, {CONNECTIONS} connections for "
        f"{args.seconds} s, through HAProxy to two Granian app processes "
        "(1 worker each) with two task workers (`make "
        f"run-scaled`); {PEOPLE:,} people, {COMMUNITIES} communities, "
        f"{POSTS:,} posts; a crowd of {CROWD} members "
        f"with their own sessions, {100 - WRITE_PERCENT} % reads, "
        f"{WRITE_PERCENT} % writes through the API. PASS means no request "
        "failed.",
        table,
        write=args.write_docs,
        console=console,
    )


if __name__ == "__main__":
    main()
