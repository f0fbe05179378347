"""The text search reads: one document per searchable thing.

A document holds the plain text of one post, person, community or topic,
in three fields weighted differently (title over body over replies). The
full-text index over these rows is the database's own (an FTS5 table on
SQLite, a generated `tsvector` column on PostgreSQL, both made by this
app's migration), so nothing here depends on which one runs.

A document says nothing about who may see its thing: every search joins
the live tables for that, so only the text may lag behind an edit.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SearchDocument(models.Model):
    kind = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    replies = models.TextField(blank=True)
    # When the thing was made (the "newest" order); never changes.
    created_at = models.DateTimeField(default=timezone.now)
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_document_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
