"""Starting and stopping the processes Commonplace is served by.

Granian app servers, task workers and the load balancer, each in a process
group of its own so that stopping one stops its children (Granian's
workers, the worker's task runner) and Ctrl-C in the terminal reaches only
the launcher, which then stops them in order. Shared by the scaled-out set
(`bench.scaled`) and the benchmarks that serve it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.databases import ROOT

HOST = "127.0.0.1"
BIN = Path(sys.executable).parent
STATIC = ROOT / "var" / "static"  # where `collectstatic` puts them by default
# As `make run` serves (the Makefile's BLOCKING_THREADS): a thread per
# request at work (COMMONPLACE_CONCURRENCY, 2) or in line
# (COMMONPLACE_MAX_QUEUE, 32), and one to refuse the rest.
BLOCKING_THREADS = 2 + 32 + 1
WSGI_APPLICATION = "commonplace.config.wsgi:application"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start(command: list[str], env: dict[str, str], **options) -> subprocess.Popen:
    """A process in its own group, from the checkout's root."""
    return subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, **options
    )


def granian(
    port: int, env: dict[str, str], *, workers: int = 1, target: str = WSGI_APPLICATION
) -> subprocess.Popen:
    """Granian serving `target` on HOST:port, with the collected static files.

    Granian refuses to start on a missing static mount, and a fresh checkout
    has none until collectstatic runs, so the directory is made if absent.
    """
    STATIC.mkdir(parents=True, exist_ok=True)
    command = [
        str(BIN / "granian"),
        "--interface",
        "wsgi",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(BLOCKING_THREADS),
        "--static-path-route",
        "/static",
        "--static-path-mount",
        str(STATIC),
        "--no-ws",
        "--log-level",
        "warning",
        target,
    ]
    return start(command, env)


def task_worker(env: dict[str, str], **options) -> subprocess.Popen:
    """`commonplace worker`: the task runner, scheduler and outbox relay."""
    return start([sys.executable, "-m", "commonplace", "worker"], env, **options)


def wait_until_up(url: str, seconds: float = 30) -> None:
    """Return once `url` answers at all; raise if it stays silent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback
            return
        except urllib.error.HTTPError:
            return  # it answered, if not with 200
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {seconds:.0f} s")


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and all its descendants."""
    ticks, pending = 0, [str(pid)]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):
            # Fields after the command's name, which may hold spaces:
            # utime and stime are the 12th and 13th of them.
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1]
            ticks += sum(int(value) for value in fields.split()[11:13])
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += (task / "children").read_text().split()
    return ticks / os.sysconf("SC_CLK_TCK")


def settle(pid: int, seconds: float = 120, window: float = 0.5) -> float:
    """Wait until the server at `pid` is idle (under 5 % of a core over
    `window`): requests a load left queued are served before the next
    load starts, so they never count in it. Returns the seconds waited."""
    started = time.monotonic()
    last = cpu_seconds(pid)
    while time.monotonic() - started < seconds:
        time.sleep(window)
        now = cpu_seconds(pid)
        if now - last < 0.05 * window:
            break
        last = now
    return time.monotonic() - started


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process's group, SIGKILL if it lingers past 10 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
