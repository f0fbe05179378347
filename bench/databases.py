"""Fresh databases for benchmarks, and running Commonplace commands on them.

SQLite databases are files under var/bench/; PostgreSQL ones are created
on the server that DATABASE_URL names (or the local one), dropped first if
they exist. Each command runs in a process of its own, timed, with its
peak memory (and its children's) read from the kernel.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATA = ROOT / "var" / "bench"
# The benchmarks' throwaway administrators only.
BENCH_PASSWORD = "bench-only-password-1"  # noqa: S105
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    output: str


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else LOCAL_POSTGRES


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(_server_url(), connect_timeout=3):
            return True
    except Exception:  # any failure to connect means "not here"
        return False


def fresh_database(kind: str, name: str) -> str:
    """A new empty database of `kind` ("sqlite" or "postgres"); its URL."""
    if kind == "sqlite":
        BENCH_DATA.mkdir(parents=True, exist_ok=True)
        path = BENCH_DATA / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    server = _server_url()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


def kinds(console: Any) -> list[str]:
    """The databases to measure: SQLite, and PostgreSQL where reachable."""
    if postgres_available():
        return ["sqlite", "postgres"]
    console.print("PostgreSQL is not reachable: measuring SQLite only.")
    return ["sqlite"]


def environment(database_url: str, **extra: str) -> dict[str, str]:
    """What Commonplace runs with in a benchmark: this database, the local
    profile, tasks in the database (no Redis)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "COMMONPLACE_ENV": "local",
        **extra,
    }
    env.pop("REDIS_URL", None)
    return env


def commonplace(database_url: str, *arguments: str, check: bool = True) -> Run:
    """Run `python -m commonplace ARGUMENTS` against a database."""
    env = environment(database_url, DJANGO_SUPERUSER_PASSWORD=BENCH_PASSWORD)
    started = time.monotonic()
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.measure",
            sys.executable,
            "-m",
            "commonplace",
            *arguments,
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - started
    if check and finished.returncode != 0:
        raise RuntimeError(
            f"commonplace {' '.join(arguments)} failed:\n{finished.stderr[-3000:]}"
        )
    peak = re.findall(r"peak-kb: (\d+)", finished.stderr)
    peak_mb = int(peak[-1]) / 1024 if peak else 0.0
    return Run(seconds, peak_mb, finished.stdout + finished.stderr)


def has_tool(name: str) -> bool:
    return shutil.which(name) is not None
