"""`commonplace rebuild_expertise`: recompute everyone's expertise."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from commonplace.communities.models import Community
from commonplace.expertise import services


class Command(BaseCommand):
    help = (
        "Recompute what everyone knows from their contributions, in every "
        "community (or in the communities named by slug). Tasks keep it up "
        "to date; this is for after a bulk load or a change of weights. "
        "Safe to interrupt and to run again: each community is done whole."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("communities", nargs="*", help="Community slugs.")

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = options["communities"]
        ids = None
        if slugs:
            found = dict(
                Community.objects.filter(slug__in=slugs).values_list("slug", "pk")
            )
            unknown = sorted(set(slugs) - set(found))
            if unknown:
                raise CommandError(f"No community has the slug: {', '.join(unknown)}.")
            ids = list(found.values())
        with Progress(disable=options["verbosity"] == 0) as progress:
            bar = progress.add_task("Expertise by community", total=None)
            done = services.rebuild(
                community_ids=ids,
                on_community=lambda done, total: progress.update(
                    bar, completed=done, total=total
                ),
            )
        self.stdout.write(f"Expertise recomputed in {done:,} communities.")
