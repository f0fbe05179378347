"""Production settings pass Django's deployment checklist without a warning."""

import os
import secrets
import subprocess
import sys


def _production_environment(tmp_path):
    inherited = {
        name: value
        for name, value in os.environ.items()
        # The browser tests allow Django's ORM under Playwright's event loop;
        # a production process must not inherit that.
        if name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "commonplace.config.settings",
        "COMMONPLACE_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "commonplace.example.org",
        "COMMONPLACE_DATA_DIR": str(tmp_path),
    }


def test_check_deploy_passes_at_warning_level_with_production_settings(tmp_path):
    (tmp_path / "assets").mkdir()

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "commonplace",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=_production_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _production_environment(tmp_path)
    del env["SECRET_KEY"]

    result = subprocess.run(
        [sys.executable, "-m", "commonplace", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
