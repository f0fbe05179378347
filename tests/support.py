"""Helpers shared by the suite-wide tests (browser, privacy, docs)."""

import os

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(available: bool, what: str) -> None:
    """Skip when `what` is missing on a user's machine; fail in CI.

    CI must exercise every real component; a skip there would hide that a
    browser or data set went missing.
    """
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but missing")
    pytest.skip(f"{what} is not available here")


def database_url_for_processes() -> str:
    """The URL of the test database, for processes a test starts (a task
    worker, an import), which must write where the test reads."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
