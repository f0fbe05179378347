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
