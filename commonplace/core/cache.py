"""The cache every process shares when there is no Redis: a database table.

Without REDIS_URL, `make run` still serves from two Granian workers (and
a company may run several app machines on one PostgreSQL). A cache in each
process's memory would count rate limits once per process, so a limit of 5
would let 5 attempts through each worker. This cache lives in the
database every process already shares (the table of `CacheEntry`, created
by `migrate`).

Django's own database cache increments by reading and then writing, so two
processes counting at once could both write the same number, and its
write restarts the entry's timeout. `incr` here is one transaction holding
the entry's row lock (PostgreSQL) or the database's write lock (SQLite,
whose transactions begin IMMEDIATE), so concurrent increments queue and
none is lost, and the entry keeps the expiry it was added with, so a rate
limit's window stays fixed. Inside a caller's transaction the increment
commits or rolls back with it.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class SharedDatabaseCache(DatabaseCache):
    """Django's database cache with an atomic, expiry-keeping `incr`."""

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        table = connection.ops.quote_name(self.cache_model_class._meta.db_table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(
            timezone.now().replace(microsecond=0)
        )
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires > %s"  # noqa: S608 - the table name is the setting's, quoted
                f"{lock}",
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = self._decode(row[0]) + delta
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",  # noqa: S608 - as above
                [self._encode(value), key],
            )
        return value

    def _encode(self, value: Any) -> str:
        """As Django's database cache stores values: pickled, in base64."""
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode(
            "latin1"
        )

    @staticmethod
    def _decode(stored: str) -> Any:
        # Only this cache writes the table, as Django's own backend assumes.
        return pickle.loads(base64.b64decode(stored.encode()))  # noqa: S301
