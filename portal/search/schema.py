"""The Thai text index and the inbox's indexes, created the same way by migration and tests.

SQLite: an FTS5 table with the trigram tokenizer over the searchable columns of ``cases``
(external content, kept in sync by triggers). PostgreSQL: pg_trgm GIN indexes, which serve
``ILIKE '%…%'``. Neither backend's default word splitting finds Thai words (DESIGN §9 Text).

These objects are not in the models, so ``db.create_all()`` does not make them: the migration
and the test fixtures both call :func:`install_search_index`. :func:`include_name` tells
Alembic's autogenerate and the migration test to leave them alone.
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection


class UnsupportedDatabase(RuntimeError):
    """Thai search is built for SQLite (FTS5 trigram) and PostgreSQL (pg_trgm) only."""

FTS_TABLE = "cases_fts"
SEARCH_COLUMNS = ("subject", "description", "number", "place_text", "respondent")
TRIGRAM_INDEX = "ix_search_cases_trgm"
OPEN_STATUS_VALUES = ("new", "acknowledged", "in_progress", "awaiting_reporter")

# The inbox reads these in order (keyset: sort key, then id). Open cases are a few per cent of
# a five-year history, so the work queues read small partial indexes that also hold the columns
# the queues filter on. The planners use a partial index only when the query repeats its
# condition with the same literal values (portal.cases.inbox.open_condition).
_OPEN = "status IN ({})".format(", ".join(f"'{s}'" for s in OPEN_STATUS_VALUES))
_QUEUE_COLUMNS = "status, assignee_id, work_group_id, confidential"
INBOX_INDEXES = {
    "ix_inbox_cases_deadline": ("office_id, reply_due_at, id", None),
    "ix_inbox_cases_received": ("office_id, received_at, id", None),
    "ix_inbox_cases_open_deadline": (f"office_id, reply_due_at, id, {_QUEUE_COLUMNS}", _OPEN),
    "ix_inbox_cases_open_received": (f"office_id, received_at, id, {_QUEUE_COLUMNS}", _OPEN),
    "ix_inbox_cases_school_status": ("school_id, status, reply_due_at, id", None),
    # The newest activity first (revision c7e52a1d9b30 added the column).
    "ix_inbox_cases_activity": ("office_id, last_activity_at, id", None),
    "ix_inbox_cases_open_activity": (f"office_id, last_activity_at, id, {_QUEUE_COLUMNS}",
                                     _OPEN),
}


def install_search_index(connection: Connection) -> None:
    """Create the text index and the inbox indexes if missing; safe to call again.

    An index over a column the table does not have (yet: an older revision's migration, or a
    downgrade below the revision that added it) is left out.
    """
    if connection.dialect.name == "sqlite":
        _install_sqlite(connection)
    elif connection.dialect.name == "postgresql":
        _install_postgresql(connection)
    else:  # pragma: no cover - the portal supports these two
        raise UnsupportedDatabase(connection.dialect.name)
    present = {c["name"] for c in inspect(connection).get_columns("cases")}
    for name, (columns, where) in INBOX_INDEXES.items():
        if not {c.strip() for c in columns.split(",")} <= present:
            continue
        predicate = f" WHERE {where}" if where else ""
        connection.execute(
            text(f"CREATE INDEX IF NOT EXISTS {name} ON cases ({columns}){predicate}")
        )


def drop_search_index(connection: Connection) -> None:
    """Remove everything :func:`install_search_index` made (the pg_trgm extension stays)."""
    for name in INBOX_INDEXES:
        connection.execute(text(f"DROP INDEX IF EXISTS {name}"))
    if connection.dialect.name == "sqlite":
        for trigger in _sqlite_triggers():
            connection.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
        connection.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
    else:
        connection.execute(text(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}"))


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic ``include_name`` hook: the search objects are managed here, not by the models."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False  # the FTS5 table and its shadow tables (cases_fts_data, _idx, …)
    return not (type_ == "index" and (name == TRIGRAM_INDEX or name in INBOX_INDEXES))


def _install_sqlite(connection: Connection) -> None:
    exists = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": FTS_TABLE},
    ).first()
    if not exists:
        connection.execute(text(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(SEARCH_COLUMNS)}, "
            "content='cases', content_rowid='id', tokenize='trigram')"
        ))
        # Index the rows already there (a migration on a live database).
        connection.execute(text(_sqlite_rebuild()))
    for name, (event, body) in _sqlite_triggers().items():
        connection.execute(
            text(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON cases BEGIN {body} END")
        )


def _sqlite_triggers() -> dict[str, tuple[str, str]]:
    """External content: the FTS table is told of every insert, delete and text update."""
    columns = ", ".join(SEARCH_COLUMNS)
    new = ", ".join(f"new.{c}" for c in SEARCH_COLUMNS)
    old = ", ".join(f"old.{c}" for c in SEARCH_COLUMNS)
    # Identifiers are the constants above; no value is ever formatted into this SQL.
    delete_old = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {columns}) VALUES ('delete', old.id, {old});"  # noqa: E501, S608
    insert_new = f"INSERT INTO {FTS_TABLE}(rowid, {columns}) VALUES (new.id, {new});"  # noqa: S608
    return {
        "cases_fts_insert": ("INSERT", insert_new),
        "cases_fts_delete": ("DELETE", delete_old),
        "cases_fts_update": (f"UPDATE OF {columns}", delete_old + " " + insert_new),
    }


def _sqlite_rebuild() -> str:
    return f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"  # noqa: S608


def install_trigram_extension(connection: Connection, schema: str | None = None) -> None:
    """Create pg_trgm unless the database has it: in ``schema``, else where the search path
    points. Several schemas of one database (test processes, benchmarks) name ``public``, so
    that dropping one of them never drops the extension the others' indexes use."""
    installed = "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"
    if connection.execute(text(installed)).first() is None:
        # Two schemas of one database migrated at once would both try to create it, and
        # IF NOT EXISTS does not stop the second from failing on the catalogue's unique key:
        # the first holds this lock until its transaction ends.
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('sujarit:pg_trgm'))"))
        where = f' SCHEMA "{schema}"' if schema else ""
        connection.execute(text(f"CREATE EXTENSION IF NOT EXISTS pg_trgm{where}"))


def _install_postgresql(connection: Connection) -> None:
    install_trigram_extension(connection)
    # The extension may live in another schema (usually public) than the tables.
    schema = connection.execute(text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'"
    )).scalar_one()
    opclass = f'"{schema}".gin_trgm_ops'
    columns = ", ".join(f"{c} {opclass}" for c in SEARCH_COLUMNS)
    connection.execute(text(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON cases USING gin ({columns})"
    ))
