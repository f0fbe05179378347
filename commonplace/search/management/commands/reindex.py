"""`commonplace reindex`: rebuild the search index from the live tables."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from commonplace.search import registry, services


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every kind (or of the kinds named). "
        "Safe to interrupt and to run again."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "kinds",
            nargs="*",
            help="Kinds to reindex: " + ", ".join(k.name for k in registry.kinds()),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        known = {kind.name for kind in registry.kinds()}
        unknown = set(options["kinds"]) - known
        if unknown:
            raise CommandError(
                f"Unknown kinds: {', '.join(sorted(unknown))}. "
                f"Known: {', '.join(sorted(known))}."
            )
        with Progress(disable=options["verbosity"] == 0) as progress:
            bars: dict[str, Any] = {}

            def on_batch(kind: str, done: int, total: int) -> None:
                if kind not in bars:
                    bars[kind] = progress.add_task(f"Indexing {kind}", total=total)
                progress.update(bars[kind], completed=done)

            written = services.reindex(options["kinds"] or None, on_batch=on_batch)
        for kind, count in written.items():
            self.stdout.write(f"{kind}: {count:,} documents")
