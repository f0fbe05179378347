"""Commonplace scaled out on one machine, as on several (`make run-scaled`).

`python -m bench.scaled [--port 8000] [--app-ports 8001 8002]` runs what a
larger company runs on several machines: PostgreSQL and Redis (DATABASE_URL
and REDIS_URL, by default the local servers), two independent Granian app
processes on their own ports, two task workers, and HAProxy on one port in
front of the apps, checking their health (deploy/haproxy.cfg). Without
HAProxy installed the apps still run and their two addresses are printed.
Ctrl-C stops everything.

It lives in bench/ because it is a rehearsal on one host, which the mixed
load benchmark (`bench.mixed`) starts too; on real machines each process
runs under the host's service manager, as docs/deploy.md describes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType
from typing import IO
from urllib.parse import urlsplit, urlunsplit

from rich.console import Console

from bench import servers
from bench.databases import ROOT

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/commonplace"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"
TASK_WORKERS = 2
HEALTH = "/api/v1/health"
console = Console()


@dataclass(frozen=True)
class Scaled:
    """Where the running set answers, and its processes by name."""

    apps: list[str]
    balancer: str | None
    processes: dict[str, subprocess.Popen]

    @property
    def url(self) -> str:
        """The one address to use: the balancer's, else the first app's."""
        return self.balancer or self.apps[0]

    def stopped(self) -> list[str]:
        """The processes that have exited on their own."""
        return [
            name
            for name, process in self.processes.items()
            if process.poll() is not None
        ]


def environment(database_url: str, redis_url: str) -> dict[str, str]:
    """The processes' environment: the local profile on these servers."""
    env = {**os.environ, "DATABASE_URL": database_url, "COMMONPLACE_ENV": "local"}
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def ensure_database(database_url: str) -> None:
    """Create a PostgreSQL database that does not exist yet (SQLite creates
    its file on first use)."""
    if not database_url.startswith("postgres"):
        return
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if found is None:
            connection.execute(f'CREATE DATABASE "{name}"')
            console.print(f"Created the database {name}.")


def check_redis(redis_url: str) -> None:
    """Fail now, and say why, if Redis does not answer."""
    if not redis_url:
        return
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        raise SystemExit(f"Redis at {redis_url} does not answer: {error}") from None


def commonplace(env: dict[str, str], *arguments: str, capture: bool = False) -> str:
    """Run one management command, raising if it fails; its output when
    `capture`, else shown as it runs."""
    finished = subprocess.run(
        [sys.executable, "-m", "commonplace", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return finished.stdout or ""


def prepare(env: dict[str, str]) -> None:
    """As `make run`: migrate, collect static files, the demo if empty."""
    commonplace(env, "migrate", "--noinput", "-v0")
    commonplace(env, "collectstatic", "--noinput", "-v0")
    commonplace(env, "demo", "--if-empty")


def has_haproxy() -> bool:
    return shutil.which("haproxy") is not None


def _haproxy(port: int, app_ports: list[int], env: dict[str, str]):
    addresses = {
        f"COMMONPLACE_APP_{number}": f"{servers.HOST}:{app_port}"
        for number, app_port in enumerate(app_ports, start=1)
    }
    config = {
        "COMMONPLACE_LB_BIND": f"{servers.HOST}:{port}",
        "COMMONPLACE_LB_HOST": servers.HOST,
        **addresses,
    }
    return servers.start(["haproxy", "-db", "-f", str(HAPROXY_CONFIG)], env | config)


@contextlib.contextmanager
def scaled(
    env: dict[str, str],
    *,
    app_ports: list[int],
    balancer_port: int | None,
    task_workers: int = TASK_WORKERS,
    worker_output: IO[bytes] | int = subprocess.DEVNULL,
) -> Iterator[Scaled]:
    """The app processes, the task workers and (when installed and a port
    is given) HAProxy, running until the block ends. What the workers print
    (mails, without SMTP) goes to `worker_output`; their logs to stderr."""
    if len(app_ports) != 2:
        raise ValueError("deploy/haproxy.cfg names two app servers")
    processes: dict[str, subprocess.Popen] = {}
    try:
        for port in app_ports:
            processes[f"app on port {port}"] = servers.granian(port, env)
        for number in range(1, task_workers + 1):
            processes[f"task worker {number}"] = servers.task_worker(
                env, stdout=worker_output
            )
        apps = [f"http://{servers.HOST}:{port}" for port in app_ports]
        for app in apps:
            servers.wait_until_up(app + HEALTH)
        balancer = None
        if balancer_port is not None and has_haproxy():
            processes["HAProxy"] = _haproxy(balancer_port, app_ports, env)
            balancer = f"http://{servers.HOST}:{balancer_port}"
            servers.wait_until_up(balancer + HEALTH)
        yield Scaled(apps, balancer, processes)
    finally:
        for process in reversed(processes.values()):
            servers.stop(process)


def _announce(running: Scaled) -> None:
    apps = " and ".join(running.apps)
    if running.balancer:
        console.print(f"HAProxy on {running.balancer}/ in front of {apps}.")
    else:
        console.print(
            f"HAProxy is not installed (Debian: apt install haproxy): the two "
            f"app processes answer on {apps}."
        )
    console.print(f"{TASK_WORKERS} task workers are running. Ctrl-C stops them all.")


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve(env: dict[str, str], port: int, app_ports: list[int]) -> None:
    """Run until Ctrl-C (or SIGTERM), or until a process stops by itself."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    with (
        contextlib.suppress(KeyboardInterrupt),
        scaled(env, app_ports=app_ports, balancer_port=port) as running,
    ):
        _announce(running)
        commonplace(env, "welcome", "--url", running.url + "/")
        while not (stopped := running.stopped()):
            time.sleep(1)
        raise SystemExit(f"Stopping everything: {', '.join(stopped)} exited.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000, help="HAProxy's port")
    parser.add_argument("--app-ports", type=int, nargs=2, default=[8001, 8002])
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
    env = environment(database_url, redis_url)
    # Links in mails lead to the balancer, which is where people arrive.
    env.setdefault("COMMONPLACE_SITE_URL", f"http://{servers.HOST}:{args.port}")
    check_redis(redis_url)
    ensure_database(database_url)
    prepare(env)
    serve(env, args.port, args.app_ports)


if __name__ == "__main__":
    main()
