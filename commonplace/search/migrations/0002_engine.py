"""The full-text index of the documents, in the database's own engine.

SQLite: an FTS5 table over the documents' three fields (the documents are
its content, so the text is stored once), kept in step by triggers; the
porter stemmer over unicode61 words, accents folded.

PostgreSQL: a generated `tsvector` column weighting title (A) over body (B)
over replies (C), with a GIN index (`<`, `>` and `&` read as spaces, as
SQLite does); and trigram matching on people's names,
so "Jon" finds "John" as a name is typed.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, replies,
        content='search_searchdocument', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument
    BEGIN
        INSERT INTO search_fts(rowid, title, body, replies)
        VALUES (new.id, new.title, new.body, new.replies);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument
    BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, replies)
        VALUES ('delete', old.id, old.title, old.body, old.replies);
    END""",
    """CREATE TRIGGER search_fts_update
    AFTER UPDATE OF title, body, replies ON search_searchdocument
    BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, replies)
        VALUES ('delete', old.id, old.title, old.body, old.replies);
        INSERT INTO search_fts(rowid, title, body, replies)
        VALUES (new.id, new.title, new.body, new.replies);
    END""",
]
SQLITE_UNDO = [
    "DROP TRIGGER search_fts_update",
    "DROP TRIGGER search_fts_delete",
    "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_fts",
]

POSTGRESQL = [
    # The parser reads "<b>" as a tag and "&x;" as an entity, and skips
    # words between tags ("<script>alert(1)</script>" gave none), so those
    # signs are spaces to it, as they are to SQLite's tokenizer.
    """ALTER TABLE search_searchdocument ADD COLUMN vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, translate(title, '<>&', '   ')), 'A')
        || setweight(to_tsvector('english'::regconfig, translate(body, '<>&', '   ')), 'B')
        || setweight(
            to_tsvector('english'::regconfig, translate(replies, '<>&', '   ')), 'C'
        )
    ) STORED""",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
    # A trusted extension: the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX search_person_name ON search_searchdocument
    USING gin (title gin_trgm_ops) WHERE kind = 'person'""",
]
POSTGRESQL_UNDO = [
    "DROP INDEX search_person_name",
    "DROP INDEX search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_documents")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRESQL_UNDO}),
        )
    ]
