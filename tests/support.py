"""Helpers shared by the suite-wide tests (browser, privacy, docs)."""

import os

import pytest

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
