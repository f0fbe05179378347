"""What importers remember between runs.

`ImportedRecord` maps an id in another system to the row Commonplace made
for it, so running an import again finds what it made instead of making
it twice, and an interrupted run resumes where it stopped. `ImportNote`
holds what an import must remember while it reads a large dump (who
posted, which answer a question accepted, answers met before their
question) in the database
rather than in memory, so memory stays flat whatever the dump's size.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportedRecord(models.Model):
    """One thing brought in: where it came from, and what it became here."""

    # The system and the place in it ("stackexchange:12" for a dump
    # imported into community 12).
    source = models.CharField(max_length=100)
    kind = models.CharField(max_length=20)
    external_id = models.CharField(max_length=64)
    local_id = models.BigIntegerField()
    # What the other system knew that Commonplace keeps only here
    # (a Stack Exchange user's reputation).
    attributes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "external_id"],
                name="imported_record_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["source", "kind", "local_id"], name="imported_record_local"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.external_id} → {self.local_id}"


class ImportNote(models.Model):
    """A fact an import keeps while it reads: a key and a value, by topic."""

    source = models.CharField(max_length=100)
    topic = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    value = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "topic", "key"], name="import_note_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.topic} {self.key}"
