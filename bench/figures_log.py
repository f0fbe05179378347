"""Figures kept between bench runs in a JSON file under var/bench/: the
latest per database kind and size, stamped with when it was measured."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_VAR = Path(__file__).resolve().parent.parent / "var" / "bench"


def key(kind: str, posts: int) -> str:
    return f"{kind} {posts}"


@dataclass(frozen=True)
class FiguresLog:
    path: Path

    def recorded(self) -> dict[str, dict[str, Any]]:
        """Every figure kept so far, by database kind and size."""
        if not self.path.exists():
            return {}
        return dict(json.loads(self.path.read_text()))

    def record(self, kind: str, posts: int, figures: dict[str, Any]) -> None:
        """Keep one figure (the latest per kind and size)."""
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        kept = self.recorded() | {key(kind, posts): {**figures, "when": when}}
        self.path.write_text(json.dumps(kept, indent=2) + "\n")
