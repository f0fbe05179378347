"""Reading configuration from the environment, and only from there.

Every variable goes through one `Env` object, which remembers the names it
was asked for; a test checks that each of them is documented in the README.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class Env:
    """Typed access to environment variables, with a record of what is read."""

    def __init__(self, source: Mapping[str, str] | None = None) -> None:
        self._source = os.environ if source is None else source
        self.names_read: set[str] = set()

    def get(self, name: str, default: str = "") -> str:
        self.names_read.add(name)
        return self._source.get(name, default).strip()

    def required(self, name: str, why: str) -> str:
        value = self.get(name)
        if not value:
            raise ImproperlyConfigured(f"{name} must be set: {why}")
        return value

    def get_bool(self, name: str, default: bool = False) -> bool:
        raw = self.get(name, "true" if default else "false").lower()
        if raw in TRUE_WORDS:
            return True
        if raw in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")

    def get_int(self, name: str, default: int) -> int:
        raw = self.get(name, str(default))
        try:
            return int(raw)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be a whole number, not {raw!r}"
            ) from None

    def get_list(self, name: str, default: str = "") -> list[str]:
        """A comma-separated list; blanks around items are ignored."""
        return [
            item.strip() for item in self.get(name, default).split(",") if item.strip()
        ]
