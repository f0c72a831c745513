"""Database-enforced append-only tables: UPDATE, DELETE (and TRUNCATE) are refused.

The application never updates or deletes audit rows; these triggers make sure nothing that
reaches the database through the application's account can either, on both backends. Someone
with the database owner's rights can still drop a trigger, and that is a schema change an
operator sees, not a click in the administration pages.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

APPEND_ONLY_TABLES = ("account_audit_log", "report_views", "national_log", "breach_edits")


def _statements(table: str, dialect: str) -> list[str]:
    message = f"{table} is append-only"
    if dialect == "postgresql":
        function = f"{table}_append_only"
        return [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'insufficient_privilege'; "
            "END $$",
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return [
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        for verb in ("UPDATE", "DELETE")
    ]


def install_append_only(conn: Connection, table: str) -> None:
    for statement in _statements(table, conn.dialect.name):
        conn.execute(text(statement))


def remove_append_only(conn: Connection, table: str) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}"))
        conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"))
        conn.execute(text(f"DROP FUNCTION IF EXISTS {table}_append_only()"))
        return
    for verb in ("update", "delete"):
        conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{verb}"))
