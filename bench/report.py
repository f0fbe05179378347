"""Writing figures into docs/performance.md, section by section.

Each benchmark owns one section, between `<!-- bench:NAME -->` and
`<!-- /bench:NAME -->`; running it with --write-docs replaces that section
and leaves the others as they are. The page is never edited by hand.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

YARDSTICK_RUNS = 2_000
YARDSTICK_POST = """Our **deploys** stall when the `migrate` step locks a table.

1. Split the migration in two.
2. Run the backfill in batches of *500* rows.

See [the runbook](https://example.org/runbook) before Friday.
"""
DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
HEADER = """# Performance

Every figure here is written by a benchmark in `bench/`, with the command
that produced it; nothing on this page is typed by hand.
"""


def machine() -> str:
    """One line about where the figures were measured."""
    cpu = "unknown CPU"
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.*)", info).group(1)  # type: ignore[union-attr]
    except (OSError, AttributeError):
        pass
    cores = subprocess.run(
        ["nproc"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"{platform.system()} {platform.machine()}, {cores} cores ({cpu}), "
        f"Python {platform.python_version()}"
    )


def markdown_per_second() -> int:
    """How many posts one core of this machine renders per second: a
    yardstick beside each figure, since both the generator and the importer
    render every text they write (`knowledge.markdown.render`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonplace.config.settings")
    import django  # the renderer's mention rule reads the people app's names

    django.setup()
    from commonplace.knowledge.markdown import render

    post = YARDSTICK_POST
    started = time.perf_counter()
    for _ in range(YARDSTICK_RUNS):
        render(post)
    return round(YARDSTICK_RUNS / (time.perf_counter() - started))


def shortfall(rate: float, target: float) -> str:
    return f"{(1 - rate / target) * 100:.0f} % under the target"


def stamp(command: str) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Measured {when} on {machine()} by `{command}`; one core here renders "
        f"{markdown_per_second():,} short posts per second."
    )


def publish(
    name: str,
    title: str,
    command: str,
    *parts: str,
    write: bool,
    console: Any,
) -> None:
    """A benchmark's section: title, stamp, then its parts; printed, and
    written into docs/performance.md when `write`."""
    body = "\n\n".join([f"## {title}", stamp(command), *parts])
    if write:
        write_section(name, body)
    console.print(body)


def write_section(name: str, body: str) -> None:
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    text = DOCS.read_text() if DOCS.exists() else HEADER
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text:
        text = re.sub(
            re.escape(start) + ".*?" + re.escape(end),
            lambda _m: block,
            text,
            flags=re.S,
        )
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOCS.write_text(text)


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
