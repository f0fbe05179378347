"""What an import remembers, in the database: what each id became, and the
notes it keeps while reading (see `integrations.models`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from commonplace.core import bulk
from commonplace.integrations.models import ImportedRecord, ImportNote

ANALYSE_EVERY = 20
# (external id, local id, attributes): one record to keep.
Pair = tuple[str, int, dict[str, Any]]


class Records:
    """The mapping of one import's ids to local ones."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._writes = 0

    def grown(self) -> None:
        """Note a batch written; every few, refresh the statistics the
        lookups' plans depend on (`core.bulk.analyse`)."""
        self._writes += 1
        if self._writes % ANALYSE_EVERY == 1:
            bulk.analyse(ImportedRecord, ImportNote)

    def find(self, kind: str, external_ids: Iterable[str]) -> dict[str, int]:
        """Local ids of those of `external_ids` imported already."""
        rows = ImportedRecord.objects.filter(
            source=self.source, kind=kind, external_id__any_of=set(external_ids)
        ).values_list("external_id", "local_id")
        return dict(rows)

    def prepare(self, kind: str, pairs: Sequence[Pair]) -> bulk.Prepared:
        """Mapping rows for (external id, local id, attributes)."""
        self.grown()
        return bulk.prepare(
            ImportedRecord,
            ["source", "kind", "external_id", "local_id", "attributes"],
            [
                (self.source, kind, external, local, _json(attributes))
                for external, local, attributes in pairs
            ],
        )

    def local_ids(self, kind: str) -> Iterable[int]:
        """Every local id of one kind, streamed."""
        return (
            ImportedRecord.objects.filter(source=self.source, kind=kind)
            .order_by("local_id")
            .values_list("local_id", flat=True)
            .iterator(chunk_size=2000)
        )


def _json(attributes: dict[str, Any]) -> str:
    """JSON as text, which both backends take in a bulk write."""
    return json.dumps(attributes)


class Notes:
    """Facts kept while reading, by topic: keys, each with a value."""

    def __init__(self, source: str) -> None:
        self.source = source

    def _of(self, topic: str) -> Any:
        return ImportNote.objects.filter(source=self.source, topic=topic)

    def keep(self, topic: str, values: dict[str, str]) -> None:
        """Remember key -> value (once: a key kept already keeps its value)."""
        ImportNote.objects.bulk_create(
            [
                ImportNote(source=self.source, topic=topic, key=key, value=value)
                for key, value in values.items()
            ],
            ignore_conflicts=True,
        )

    def present(self, topic: str, keys: Iterable[str]) -> set[str]:
        found = self._of(topic).filter(key__any_of=set(keys))
        return set(found.values_list("key", flat=True))

    def items(self, topic: str) -> Iterable[tuple[str, str]]:
        """(key, value) of a topic, streamed in key order."""
        return (
            self._of(topic)
            .order_by("key")
            .values_list("key", "value")
            .iterator(chunk_size=2000)
        )

    def any(self, topic: str) -> bool:
        return bool(self._of(topic).exists())

    def forget_keys(self, topic: str, keys: Sequence[str]) -> None:
        self._of(topic).filter(key__any_of=keys).delete()
