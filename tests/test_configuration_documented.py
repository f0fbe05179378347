"""Every environment variable the settings read is in the README's table."""

import re
from pathlib import Path

from commonplace.config import settings as project_settings

README = Path(__file__).resolve().parent.parent / "README.md"


def _documented_names():
    return set(
        re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", README.read_text(), re.MULTILINE)
    )


def test_every_setting_read_from_the_environment_is_documented():
    undocumented = project_settings.env.names_read - _documented_names()

    assert undocumented == set(), "Add these to the configuration table in README.md"


def test_the_readme_documents_no_setting_that_does_not_exist():
    extra = _documented_names() - project_settings.env.names_read

    assert extra == set()
