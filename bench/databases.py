"""Fresh databases for benchmarks, and running Commonplace commands on them.

SQLite databases are files under var/bench/; PostgreSQL ones are created
on the server that DATABASE_URL names (or the local one), dropped first if
they exist. Each command runs in a process of its own, timed, with its
peak memory (and its children's) read from the kernel.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench import expertise_cache, indexing

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATA = ROOT / "var" / "bench"
# The benchmarks' throwaway administrators only.
BENCH_PASSWORD = "bench-only-password-1"  # noqa: S105
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
# The organisations the page benches load: people and communities, as
# quality.md §1 sets them; only the number of posts varies.
PEOPLE, COMMUNITIES = 10_000, 200
# The Redis database the benches use, emptied before each run.
BENCH_REDIS = "redis://127.0.0.1:6379/14"


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


def environment(database_url: str, redis_url: str = "", **extra: str) -> dict[str, str]:
    """What Commonplace runs with in a benchmark: this database, the local
    profile, and Redis as cache, sessions and task queue only when named
    (else the database holds them, as `make run` does)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "COMMONPLACE_ENV": "local",
        **extra,
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def commonplace(
    database_url: str,
    *arguments: str,
    check: bool = True,
    redis_url: str = "",
    stream: bool = False,
) -> Run:
    """Run `python -m commonplace ARGUMENTS` against a database. With
    `stream`, its output (a progress bar) goes to the terminal instead of
    into the `Run`, for commands long enough to need one."""
    env = environment(database_url, redis_url, DJANGO_SUPERUSER_PASSWORD=BENCH_PASSWORD)
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
        stdout=None if stream else subprocess.PIPE,
        stderr=subprocess.PIPE,
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
    return Run(seconds, peak_mb, (finished.stdout or "") + finished.stderr)


def has_tool(name: str) -> bool:
    return shutil.which(name) is not None


def organisation(kind: str, posts: int, console: Any) -> str:
    """The cached database of an organisation with `posts` posts, made once
    by the generator: written under a temporary name and renamed when
    complete, so an interrupted build is started again, never reused.
    Benches that write run on a `working_copy` of it; one cached before
    the search or expertise existed is indexed and has its expertise
    computed first (`up_to_date`)."""
    url = _cached(kind, posts, console)
    up_to_date(url, kind, posts, console)
    return url


def _cached(kind: str, posts: int, console: Any) -> str:
    return _kept(
        kind,
        f"bench_organisation_{posts}",
        lambda building: _generate(
            fresh_database(kind, building), kind, posts, console
        ),
    )


def derived(kind: str, url: str, name: str, build: Callable[[str], None]) -> str:
    """The cached database `name`: a copy of the one at `url` that `build`
    (given the copy's URL) adds to, made once, as `organisation` makes
    its own."""
    return _kept(kind, name, lambda building: build(working_copy(url, building)))


def _kept(kind: str, name: str, make: Callable[[str], object]) -> str:
    """The cached database `name`, made when missing by `make` under a
    temporary name given to it, and renamed once complete: an interrupted
    build is started again, never reused."""
    building = f"{name}_building"
    if kind == "sqlite":
        path = BENCH_DATA / f"{name}.sqlite3"
        if not path.exists():
            make(building)
            (BENCH_DATA / f"{building}.sqlite3").rename(path)
        return f"sqlite:///{path}"
    if not _postgres_exists(name):
        make(building)
        _postgres_admin(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    return _postgres_url(name)


def up_to_date(url: str, kind: str, posts: int, console: Any) -> None:
    """The cached organisation at `url` migrated, fully indexed for the
    search and with everyone's expertise computed, in the cache itself:
    once, not in every working copy (which would pay for it on every run).
    Interrupted, the next run redoes what is missing."""
    commonplace(url, "migrate", "--noinput", "-v0")
    run = commonplace(
        url,
        "shell",
        "-c",
        f"from bench.indexing import main; main({kind!r}, {posts})",
        stream=True,
    )
    console.print(f"Search index checked in {run.seconds:.0f} s.")
    expertise_up_to_date(url, kind, posts, console)


def expertise_up_to_date(url: str, kind: str, posts: int, console: Any) -> None:
    """Expertise computed in every community of the cached organisation
    that has answers (bench.expertise_cache): all of them at once when
    none has any (a full rebuild, timed and recorded), else only those
    an interrupted rebuild left without."""
    check = commonplace(
        url, "shell", "-c", "from bench.expertise_cache import main; main()"
    )
    found = [line for line in check.output.splitlines() if line.startswith("{")]
    state = json.loads(found[-1])
    missing, communities = state["missing"], state["communities"]
    if not missing:
        console.print("Expertise up to date.")
        return
    # None computed anywhere: everything, communities without answers too.
    full = state["computed"] == 0
    chosen = communities if full else len(missing)
    console.print(f"Computing expertise in {chosen:,} of {communities:,} communities…")
    run = commonplace(url, "rebuild_expertise", *([] if full else missing), stream=True)
    expertise_cache.record(
        kind,
        posts,
        {
            "posts": posts,
            "communities": chosen,
            "full": full,
            "seconds": run.seconds,
            "peak_mb": run.peak_mb,
            "by": "bench (cached organisation)",
        },
    )
    console.print(f"Expertise computed in {run.seconds:.0f} s.")


def _generate(url: str, kind: str, posts: int, console: Any) -> None:
    commonplace(url, "migrate", "--noinput", "-v0")
    console.print(f"Generating an organisation with {posts:,} posts…")
    run = commonplace(
        url,
        "generate",
        "--people",
        str(PEOPLE),
        "--communities",
        str(COMMUNITIES),
        "--posts",
        str(posts),
    )
    output = run.output.replace("\n", " ")
    found = re.search(r"Indexed for the search in ([\d.]+) s", output)
    if found:
        indexing.record(
            kind,
            posts,
            {"posts": posts, "seconds": float(found.group(1)), "by": "generator"},
        )


def working_copy(url: str, name: str) -> str:
    """A fresh copy of the database at `url`, named `name`: what a bench
    writes never reaches the cached organisation, and every run starts
    from the same one. SQLite copies through its backup API (a WAL file's
    pages come along); PostgreSQL clones the database as a template."""
    if url.startswith("sqlite"):
        import sqlite3

        copy = fresh_database("sqlite", name)
        with (
            sqlite3.connect(url.removeprefix("sqlite:///")) as reading,
            sqlite3.connect(copy.removeprefix("sqlite:///")) as writing,
        ):
            reading.backup(writing)
        return copy
    source = urlsplit(url).path.lstrip("/")
    _postgres_admin(f'DROP DATABASE IF EXISTS "{name}"')
    _postgres_admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return _postgres_url(name)


def empty_redis() -> str:
    """The benches' Redis database, emptied: sessions and jobs of the last
    run belong to a database copy that is gone."""
    import redis

    redis.Redis.from_url(BENCH_REDIS, socket_connect_timeout=3).flushdb()
    return BENCH_REDIS


def redis_available() -> bool:
    try:
        empty_redis()
        return True
    except Exception:  # any failure to connect means "not here"
        return False


def _postgres_url(name: str) -> str:
    return urlunsplit(urlsplit(_server_url())._replace(path=f"/{name}"))


def _postgres_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(_server_url(), autocommit=True) as connection:
        connection.execute(statement)


def _postgres_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(_server_url(), autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    return found is not None
