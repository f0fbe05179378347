"""wrk, the HTTP load tool the benches drive, and what its runs report.

Every run is bounded in time, loads only a server on 127.0.0.1, and ends
with one JSON line written by the script's `done`: requests, duration,
latency percentiles, failures (socket errors and answers of 400 and
above), timeouts, and among the answers those refused with 503 or 429.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
CONNECTIONS = 16
RUNS = 3
TIMEOUT_SECONDS = 10
# Counts refusals per wrk thread and reports every figure as JSON.
REPORT_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) refused = 0 end
function response(status, headers, body)
  if status == 503 or status == 429 then refused = refused + 1 end
end
done = function(summary, latency, requests)
  local e, all_refused = summary.errors, 0
  for _, thread in ipairs(threads) do
    all_refused = all_refused + thread:get("refused")
  end
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50": %d, "p95": %d, "p99": %d, '
    .. '"failed": %d, "bad_status": %d, "timeouts": %d, "refused": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50),
    latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status, e.timeout, all_refused))
end
"""


@dataclass(frozen=True)
class Load:
    """wrk's runs: answers in all, throughput, latency percentiles (ms),
    failures (among them timeouts, and answers refused with 503 or 429)."""

    requests: int
    rate: float
    p50: float
    p95: float
    p99: float
    failures: int
    timeouts: int
    refused: int

    @property
    def served_rate(self) -> float:
        """Answers per second that were not refused: wrk counts an instant
        503 as a request, so past saturation `rate` rises as less is served."""
        if not self.requests:
            return 0.0
        return self.rate * (self.requests - self.refused) / self.requests


def _post(form: str) -> str:
    """Lua that makes every request POST `form` (urlencoded)."""
    if not form:
        return ""
    return (
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(form)}\n"
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
    )


def load(
    url: str,
    seconds: float,
    *,
    cookie: str = "",
    form: str = "",
    connections: int = CONNECTIONS,
    repeat: int = RUNS,
    before: Callable[[], object] | None = None,
) -> Load:
    """wrk against one URL, the median of `repeat` runs; `before` is called
    before each run (to let the server finish what the last one left)."""
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError(f"the bench only loads a server on {HOST}, not {url}")
    script = _post(form) + REPORT_LUA
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        runs.append(_run(url, seconds, script, cookie, connections))
    return Load(
        requests=sum(run["requests"] for run in runs),
        rate=statistics.median(run["requests"] / run["seconds"] for run in runs),
        p50=statistics.median(run["p50"] for run in runs) / 1000,
        p95=statistics.median(run["p95"] for run in runs) / 1000,
        p99=statistics.median(run["p99"] for run in runs) / 1000,
        failures=sum(run["failed"] + run["bad_status"] for run in runs),
        timeouts=sum(run["timeouts"] for run in runs),
        refused=sum(run["refused"] for run in runs),
    )


def _run(url: str, seconds: float, script: str, cookie: str, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        f"{TIMEOUT_SECONDS}s",
        "-s",
        file.name,
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    try:
        output = subprocess.run(
            [*command, url], capture_output=True, text=True, check=True
        ).stdout
    finally:
        Path(file.name).unlink()
    return dict(json.loads(output.strip().splitlines()[-1]))
