"""What an import did, file by file: rows read, created, updated, skipped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class FileTally:
    name: str
    read: int = 0
    created: int = 0
    updated: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str, count: int = 1) -> None:
        if count:
            self.skipped[reason] += count


@dataclass
class Summary:
    """Every file's tally, and the problems that make the import fail."""

    files: dict[str, FileTally] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def tally(self, name: str) -> FileTally:
        return self.files.setdefault(name, FileTally(name))

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def lines(self) -> list[str]:
        """The summary as text, a line per file and per reason to skip."""
        lines = [
            f"{'file':<18}{'read':>10}{'created':>10}{'updated':>10}{'skipped':>10}"
        ]
        for tally in self.files.values():
            lines.append(
                f"{tally.name:<18}{tally.read:>10,}{tally.created:>10,}"
                f"{tally.updated:>10,}{tally.skipped.total():>10,}"
            )
            lines += [
                f"    skipped {count:,}: {reason}"
                for reason, count in sorted(tally.skipped.items())
            ]
        return lines + self.notes + self.problems
