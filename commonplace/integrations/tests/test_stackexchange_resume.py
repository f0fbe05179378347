"""An import killed half-way (kill -9) and started again ends with the same
contents, compared by natural keys, as one clean run.

Its own module: the import runs in another process, which sees only what
is committed, so no module-wide transaction may be open around it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from commonplace.communities.tests.factories import CommunityFactory
from commonplace.integrations.tests.dumps import (
    contents,
    dump_params,
    import_dump,
    need,
)
from commonplace.knowledge.models import Answer
from tests.support import database_url_for_processes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("dump", dump_params())
def test_a_run_killed_half_way_and_started_again_equals_one_clean_run(dump):
    need(dump)
    clean = CommunityFactory(slug="clean")
    import_dump(dump, clean)
    resumed = CommunityFactory(slug="resumed")

    _kill_half_way(dump, resumed)
    half = contents(resumed)
    import_dump(dump, resumed)

    assert half["questions"]
    assert half != contents(clean)
    assert contents(resumed) == contents(clean)


def _kill_half_way(dump: Path, community) -> None:
    """Start the import in a process of its own and kill -9 it once the
    first answers are in, while comments, votes and history are still to
    come."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "commonplace.config.settings_test",
        "DATABASE_URL": database_url_for_processes(),
    }
    command = [
        sys.executable,
        "-m",
        "commonplace",
        "import",
        "stackexchange",
        str(dump),
        "--community",
        community.slug,
    ]
    # A session of its own, so the kill takes its converting processes too.
    process = subprocess.Popen(  # noqa: S603
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if Answer.objects.filter(post__community=community).exists():
            break
        time.sleep(0.02)
    assert process.poll() is None, process.communicate()[1].decode()[-2000:]
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
