"""Full-text search on both databases, over a ``search_document`` column the services maintain.

SQLite: an FTS5 external-content table ``<table>_fts`` kept in step by triggers (migration
:func:`fts_migration_operations`). PostgreSQL: a stored generated column
``search_vector = to_tsvector('simple', search_document)`` with a GIN index (migration
:func:`stored_vector_operations`), so rechecks and filters read the vector instead of parsing the
document again for every row.
Both use the language-neutral "simple" tokenisation, so Russian, English and Kazakh words are
found by prefix; Chinese has no spaces, so CJK characters are indexed one by one and a Chinese
query becomes a phrase of characters (finds any substring). See docs/adr/0002-search.md.
"""

import re
from collections.abc import Iterable

from django.db import connection, models
from django.db.migrations.operations.base import Operation
from django.db.migrations.operations.special import RunSQL
from django.db.models.expressions import RawSQL

_CJK = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af])")
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


def _fold(text: str) -> str:
    """Lower-case, and «ё» as «е»: Russian writers use either, and readers search with either."""
    return text.lower().replace("ё", "е")


def normalise(text: str) -> str:
    """Folded, with CJK characters separated so each one is a token."""
    return _CJK.sub(r" \1 ", _fold(text))


def build_document(*parts: str | Iterable[str] | None) -> str:
    """Join the searchable parts of an object into its ``search_document``."""
    words: list[str] = []
    for part in parts:
        if not part:
            continue
        if isinstance(part, str):
            words.append(part)
        else:
            words.extend(p for p in part if p)
    return " ".join(normalise(" ".join(words)).split())


def query_terms(query: str) -> list[list[str]]:
    """Terms of a user's query; a run of CJK characters is one phrase of single-character tokens."""
    terms: list[list[str]] = []
    for chunk in _fold(query).split():
        for word in _WORD.findall(chunk):
            pieces = [p for p in _CJK.split(word) if p]
            if any(_CJK.fullmatch(p) for p in pieces):
                terms.append([c for p in pieces for c in (list(p) if _CJK.fullmatch(p) else [p])])
            else:
                terms.append([word])
    return terms[:MAX_TERMS]


def _fts5_query(terms: list[list[str]]) -> str:
    parts = []
    for term in terms:
        if len(term) == 1:
            parts.append('"' + term[0].replace('"', '""') + '"*')
        else:
            parts.append('"' + " ".join(t.replace('"', '""') for t in term) + '"')
    return " AND ".join(parts)


def _tsquery(terms: list[list[str]]) -> str:
    def token(text: str) -> str:
        return "'" + text.replace("'", "''").replace("\\", "") + "'"

    parts = []
    for term in terms:
        if len(term) == 1:
            parts.append(token(term[0]) + ":*")
        else:
            parts.append("(" + " <-> ".join(token(t) for t in term) + ")")
    return " & ".join(parts)


def matching(queryset: models.QuerySet, query: str, *, filtered: bool = False) -> models.QuerySet:
    """Filter ``queryset`` to rows whose search document matches every term of ``query``.

    ``filtered``: the queryset already narrows by indexed columns (country, kind, …). On SQLite the
    match list is then only checked, never used to drive the query: with statistics (after
    ANALYZE) the planner would otherwise fetch every match of a common word and sort them all,
    four times slower at 150,000 organisations than walking the filter's index (ADR 0002).
    """
    terms = query_terms(query)
    if not terms:
        return queryset
    table = queryset.model._meta.db_table
    if connection.vendor == "postgresql":
        condition = RawSQL(
            f"{table}.search_vector @@ to_tsquery('simple'::regconfig, %s)",
            [_tsquery(terms)],
            output_field=models.BooleanField(),
        )
    else:
        driving = "" if not filtered else "+"  # unary plus: SQLite's "do not use this for an index"
        condition = RawSQL(
            f"{driving}{table}.id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s)",
            [_fts5_query(terms)],
            output_field=models.BooleanField(),
        )
    return queryset.filter(condition)


def fts_migration_operations(table: str) -> list[Operation]:
    """Migration operations creating the search index for ``table`` on either database."""
    return [_FullTextIndex(table)]


def fts_trigger_operations(table: str) -> list[Operation]:
    """SQLite only: re-create the triggers that keep ``<table>_fts`` in step, and rebuild it.

    Put it after any later migration that makes SQLite *remake* the table (adding a NOT NULL
    column, altering or removing a column): Django copies the rows into a new table and drops
    the old one, and the triggers go with it, so new rows would silently stop being searchable.
    """
    return [_FullTextTriggers(table)]


def stored_vector_operations(table: str) -> list[Operation]:
    """PostgreSQL only: replace the expression index by a stored ``search_vector`` column."""
    return [_StoredSearchVector(table)]


class _TableOperation(RunSQL):
    """A migration operation on one table whose SQL depends on the database vendor."""

    def __init__(self, table: str) -> None:
        self.table = table
        super().__init__(sql="", reverse_sql="")

    def deconstruct(self) -> tuple[str, list[str], dict[str, str]]:
        return (f"{__name__}.{type(self).__name__}", [self.table], {})

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:  # type: ignore[no-untyped-def]
        for statement in self._statements(schema_editor.connection.vendor, forwards=True):
            schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:  # type: ignore[no-untyped-def]
        for statement in self._statements(schema_editor.connection.vendor, forwards=False):
            schema_editor.execute(statement, params=None)

    def _statements(self, vendor: str, *, forwards: bool) -> list[str]:
        raise NotImplementedError


class _StoredSearchVector(_TableOperation):
    """A generated tsvector column and its GIN index on PostgreSQL; nothing on SQLite."""

    def describe(self) -> str:
        return f"Stored search vector on {self.table}"

    def _statements(self, vendor: str, *, forwards: bool) -> list[str]:
        t = self.table
        if vendor != "postgresql":
            return []
        if not forwards:
            return [
                f"CREATE INDEX {t}_search_gin ON {t} USING gin "
                f"(to_tsvector('simple'::regconfig, search_document))",
                f"ALTER TABLE {t} DROP COLUMN search_vector",
            ]
        return [
            f"ALTER TABLE {t} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('simple'::regconfig, search_document)) STORED",
            f"CREATE INDEX {t}_search_vector_gin ON {t} USING gin (search_vector)",
            f"DROP INDEX IF EXISTS {t}_search_gin",
        ]


def _sqlite_triggers(t: str) -> list[str]:
    return [
        f"CREATE TRIGGER {t}_fts_ai AFTER INSERT ON {t} BEGIN "
        f"INSERT INTO {t}_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
        f"CREATE TRIGGER {t}_fts_ad AFTER DELETE ON {t} BEGIN "
        f"INSERT INTO {t}_fts({t}_fts, rowid, search_document) "
        f"VALUES ('delete', old.id, old.search_document); END",
        f"CREATE TRIGGER {t}_fts_au AFTER UPDATE OF search_document ON {t} BEGIN "
        f"INSERT INTO {t}_fts({t}_fts, rowid, search_document) "
        f"VALUES ('delete', old.id, old.search_document); "
        f"INSERT INTO {t}_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
    ]


def _drop_sqlite_triggers(t: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {t}_fts_{name}" for name in ("ai", "ad", "au")]


class _FullTextTriggers(_TableOperation):
    """Re-creates the FTS5 triggers on SQLite and rebuilds the index; nothing on PostgreSQL."""

    def describe(self) -> str:
        return f"Full-text triggers on {self.table}"

    def _statements(self, vendor: str, *, forwards: bool) -> list[str]:
        t = self.table
        if vendor != "sqlite":
            return []
        return [
            *_drop_sqlite_triggers(t),
            *_sqlite_triggers(t),
            f"INSERT INTO {t}_fts({t}_fts) VALUES ('rebuild')",
        ]


class _FullTextIndex(_TableOperation):
    """Creates the FTS5 table and triggers on SQLite, or the GIN index on PostgreSQL."""

    def describe(self) -> str:
        return f"Full-text index on {self.table}"

    def _statements(self, vendor: str, *, forwards: bool) -> list[str]:
        t = self.table
        if vendor == "postgresql":
            if not forwards:
                return [f"DROP INDEX IF EXISTS {t}_search_gin"]
            return [
                f"CREATE INDEX {t}_search_gin ON {t} USING gin "
                f"(to_tsvector('simple'::regconfig, search_document))"
            ]
        if vendor == "sqlite":
            if not forwards:
                return [f"DROP TABLE IF EXISTS {t}_fts", *_drop_sqlite_triggers(t)]
            return [
                f"CREATE VIRTUAL TABLE {t}_fts USING fts5(search_document, content='{t}', "
                f"content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
                *_sqlite_triggers(t),
                f"INSERT INTO {t}_fts({t}_fts) VALUES ('rebuild')",
            ]
        return []
