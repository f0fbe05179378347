"""Two independent app processes on one database (and Redis, when set) act
as one site: what one process records, the other honours.

The processes are Granian servers as production runs them, started by
`bench.scaled` on the test database (a file on SQLite, WAL), with the main
settings, so the cache is the one production uses: Redis, or without it
the shared database cache.
"""

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

from bench import scaled, servers
from commonplace.people.models import User
from tests.support import database_url_for_processes, require

PASSWORD = "two-processes-password"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN = "/accounts/login/"
TASK_SECONDS = 15


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor's cookies, sent to whichever process it asks."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirects)

    def request(self, url: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(url, data=data)  # noqa: S310 - loopback
        request.add_header(
            "Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        )
        try:
            response = self.opener.open(request, timeout=20)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, response.read().decode()

    def submit(self, base: str, path: str, fields: dict[str, str]) -> int:
        """Open the form's page on `base`, then post it there with its token."""
        _, page = self.request(base + path)
        token = CSRF_FIELD.search(page)
        assert token, f"no CSRF token on {path}"
        status, _ = self.request(
            base + path, {**fields, "csrfmiddlewaretoken": token.group(1)}
        )
        return status


def _person(email: str) -> User:
    """Someone the processes can sign in: their hasher is Argon2, not the
    test settings' fast one."""
    hasher = Argon2PasswordHasher()
    person = User(email=email, display_name="Two Processes")
    person.password = hasher.encode(PASSWORD, hasher.salt())
    person.save()
    return person


@pytest.fixture
def processes(transactional_db, tmp_path):
    """Two Granian app processes and one task worker on the test database.

    The test profile only spares them the static-files manifest; the cache,
    sessions and tasks are the main settings' for this database and Redis.
    """
    require((servers.BIN / "granian").exists(), "granian")
    env = scaled.environment(database_url_for_processes(), _test_redis_url())
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env |= {
        "COMMONPLACE_ENV": "test",
        "COMMONPLACE_DATA_DIR": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
    }
    output = tmp_path / "worker-output"
    with (
        output.open("wb") as worker_output,
        scaled.scaled(
            env,
            app_ports=[servers.free_port(), servers.free_port()],
            balancer_port=None,
            task_workers=1,
            worker_output=worker_output,
        ) as running,
    ):
        yield running, output


def _test_redis_url() -> str:
    return settings.RQ_QUEUES["default"]["URL"] if settings.REDIS_URL else ""


def test_a_session_made_on_one_process_is_valid_on_the_other(processes):
    running, _ = processes
    first, second = running.apps
    _person("session@example.org")
    browser = Browser()

    status = browser.submit(
        first, LOGIN, {"username": "session@example.org", "password": PASSWORD}
    )
    status_elsewhere, me = browser.request(second + "/api/v1/me")

    assert status == 302
    assert status_elsewhere == 200
    assert json.loads(me)["email"] == "session@example.org"


def test_a_rate_limit_counted_on_one_process_holds_on_the_other(processes):
    running, _ = processes
    first, second = running.apps
    attempts, _window = settings.RATE_LIMITS["login:account"]
    wrong = {"username": "limited@example.org", "password": "not-the-password"}
    browser = Browser()

    answers = [browser.submit(first, LOGIN, wrong) for _ in range(attempts)]
    over_budget = browser.submit(second, LOGIN, wrong)

    assert answers == [200] * attempts
    assert over_budget == 429


def test_a_task_enqueued_by_a_request_is_run_by_a_worker(processes):
    running, output = processes
    first, _ = running.apps

    status = Browser().submit(
        first, "/accounts/signup/", {"email": "newcomer@example.org"}
    )

    assert status == 302
    deadline = time.monotonic() + TASK_SECONDS
    while "newcomer@example.org" not in output.read_text(errors="replace"):
        assert time.monotonic() < deadline, "no worker sent the sign-up mail"
        time.sleep(0.2)
