"""Imported content answers every viewer as any other content does.

The integrations app has no pages of its own; these declarations request
the post page and the API for a question brought in by the Stack Exchange
importer into each community of the test world.
"""

from __future__ import annotations

import importlib
import tempfile
from pathlib import Path

from commonplace.communities.access_common import api, page, reads
from commonplace.core.access import Route


def _imported_question(world) -> int:
    """Import a small dump into the world's community; the question's id."""
    from commonplace.integrations.stackexchange.dump import Dump
    from commonplace.integrations.stackexchange.importer import StackExchangeImport
    from commonplace.knowledge.models import Post

    dumps = importlib.import_module("commonplace.integrations.tests.dumps")
    with tempfile.TemporaryDirectory() as folder:
        dumps.small_dump(Path(folder))
        StackExchangeImport(Dump.open(Path(folder)), world.community, workers=0).run()
    return Post.objects.filter(community=world.community).latest("pk").pk


ROUTES = [
    Route(
        "knowledge:post",
        label="imported",
        expect_in_community=page(reads),
        kwargs=lambda w: {"pk": _imported_question(w)},
    ),
    Route(
        "api:post",
        label="imported",
        expect_in_community=api(reads),
        kwargs=lambda w: {"post_id": _imported_question(w)},
    ),
]
