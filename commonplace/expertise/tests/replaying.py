"""What the routing tests share: the command's report on a dump."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from commonplace.search.management.commands.eval import Routing


def routing_report(dump: Path) -> str:
    """What `eval routing DIR` prints, run in the test's own database."""
    out = io.StringIO()
    options = {
        "directory": dump,
        "validation": False,
        "write_docs": False,
        "workers": 0,
    }
    Routing().run(options, Console(file=out, width=300))
    return out.getvalue()
