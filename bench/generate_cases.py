"""Fill a database with realistic Thai cases, fast, for the inbox and search benchmarks.

One office (NP2) with its six districts and 185 schools (the demo reference data), eight work
groups, staff in every role, and N cases received over five years — every type, channel and
state, with deadlines, officers, outcomes and Thai subjects and descriptions combined from
phrases (about 3 % mention อาหารกลางวัน). The schema is the one that ships: ``flask db upgrade``
(``flask_migrate.upgrade``, every head), never ``create_all``. Rows go in with ``executemany``
(SQLite) or ``COPY`` (PostgreSQL), never the ORM per row, while the cases table's indexes and
the text index are set aside; they are rebuilt afterwards from the definitions the migrations
made, so the benchmark reads exactly the migrated schema. Every case gets its timeline events
(submitted, status changes, disputes, reopenings) as the reports and the case page read them.

    .venv/bin/python bench/generate_cases.py --database sqlite --cases 1000000
    .venv/bin/python bench/generate_cases.py --database postgresql --cases 1000000

The SQLite file (default ``bench/results/inbox.sqlite3``) or the PostgreSQL schema (default
``bench_inbox`` in the ``test`` database) is replaced. bench/inbox_scale.py reads it.
"""

from __future__ import annotations

import argparse
import random
import secrets
import sys
import time
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``portal`` and ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from cryptography.fernet import Fernet

from bench.pg_schema import create_schema
from bench.thai_cases import CaseFactory
from portal import create_app
from portal.clock import utcnow
from portal.extensions import db

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "bench" / "results" / "inbox.sqlite3"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_SCHEMA = "bench_inbox"
CHUNK = 20_000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_args(parser)
    parser.add_argument("--cases", type=int, default=1_000_000, help="how many (1,000,000)")
    parser.add_argument("--years", type=float, default=5.0, help="received over (5) years")
    parser.add_argument("--seed", type=int, default=2569)
    return parser.parse_args(argv)


def add_database_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--sqlite-path", type=Path, default=DEFAULT_SQLITE)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--schema", default=DEFAULT_SCHEMA, help="PostgreSQL schema")


def database_url(args: argparse.Namespace) -> str:
    if args.database == "sqlite":
        return f"sqlite:///{args.sqlite_path}"
    return f"{args.postgres_url}?options=-csearch_path%3D{args.schema}"


def bench_app(args: argparse.Namespace, extra: dict | None = None):
    """The real portal app bound to the benchmark database (``extra``: more settings)."""
    return create_app({
        "SQLALCHEMY_DATABASE_URI": database_url(args),
        "SECRET_KEY": secrets.token_hex(16),
        "PORTAL_BASE_URL": "http://127.0.0.1",
        "PORTAL_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "PORTAL_UPLOAD_DIR": str(ROOT / "bench" / "results" / "uploads"),
        **(extra or {}),
    })


def reset_database(args: argparse.Namespace) -> None:
    if args.database == "sqlite":
        args.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.sqlite_path}{suffix}").unlink(missing_ok=True)
        return
    engine = sa.create_engine(args.postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{args.schema}" CASCADE'))
        create_schema(conn, args.schema)
    engine.dispose()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    reset_database(args)
    app = bench_app(args)
    with app.app_context():
        migrate_schema()
        step("schema (flask db upgrade)", started)
        factory = CaseFactory.create(random.Random(args.seed), utcnow(), args.years, args.cases)
        db.session.commit()
        db.session.close()  # no snapshot held open while the rows load (WAL checkpoints, VACUUM)
        step("reference data and staff", started)
        indexes = load_rows(factory, args.database)
        step(f"{args.cases:,} cases", started)
        finish(args.database, indexes)
        step("events, counters, indexes, search index, statistics", started)
        db.engine.dispose()
    print(f"generated_cases {args.cases} cases")
    print(f"generate_seconds {time.perf_counter() - started:.1f} s")


def step(label: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:7.1f} s] {label}", flush=True)


def migrate_schema() -> None:
    """The schema exactly as ``flask db upgrade`` builds it (every head)."""
    from flask_migrate import upgrade

    upgrade(directory=str(ROOT / "migrations"), revision="heads")


def case_indexes(conn) -> list[tuple[str, str]]:
    """``(name, CREATE INDEX …)`` of the cases table's plain indexes, as migrated.

    Indexes behind a constraint (the primary key, the unique case number) stay: the load
    needs them and they cannot be dropped on their own.
    """
    if conn.dialect.name == "sqlite":
        rows = conn.execute(sa.text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' "
            "AND sql IS NOT NULL ORDER BY name"))
    else:
        rows = conn.execute(sa.text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'cases' "
            "AND i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname AND c.connamespace = "
            "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())) "
            "ORDER BY i.indexname"))
    return [(name, sql) for name, sql in rows]


def load_rows(factory: CaseFactory, backend: str) -> list[tuple[str, str]]:
    """COPY or executemany, with the cases table's indexes and text index set aside.

    Returns the index definitions to build again once the rows are in.
    """
    from portal.search.schema import TRIGRAM_INDEX, drop_search_index

    with db.engine.begin() as conn:
        indexes = [(n, sql) for n, sql in case_indexes(conn) if n != TRIGRAM_INDEX]
        drop_search_index(conn)  # FTS triggers and table (SQLite), trigram index (PostgreSQL)
        for name, _sql in indexes:
            conn.execute(sa.text(f'DROP INDEX IF EXISTS "{name}"'))
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA synchronous=OFF" if backend == "sqlite"
                       else "SET synchronous_commit = off")
        for table, columns, rows in factory.tables():
            if backend == "sqlite":
                _sqlite_insert(cursor, table, columns, rows)
            else:
                _postgres_copy(cursor, table, columns, rows)
            raw.commit()
        cursor.close()
    finally:
        raw.close()
    return indexes


def _sqlite_insert(cursor, table: str, columns: list[str], rows) -> None:
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    batch = []
    for row in rows:
        batch.append(tuple(_sqlite_value(v) for v in row))
        if len(batch) >= CHUNK:
            cursor.executemany(sql, batch)
            batch.clear()
    if batch:
        cursor.executemany(sql, batch)


def _sqlite_value(value):
    # SQLAlchemy stores SQLite timestamps as text with microseconds; comparisons are textual.
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value.isoformat() if hasattr(value, "isoformat") else value


def _postgres_copy(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


DERIVED_ROWS = (
    # Every case's first event, and one for the status it has reached.
    "INSERT INTO case_events (case_id, kind, actor_type, actor_user_id, from_status, to_status,"
    " body, visibility, created_at) SELECT id, 'submitted', 'reporter', NULL, NULL, 'new', '',"
    " 'public', received_at FROM cases",
    "INSERT INTO case_events (case_id, kind, actor_type, actor_user_id, from_status, to_status,"
    " body, visibility, created_at) SELECT id, 'status_changed', 'staff', assignee_id, 'new',"
    " status, '', 'public', COALESCE(resolved_at, paused_since, acknowledged_at, received_at)"
    " FROM cases WHERE status <> 'new'",
    # One settled case in fifty was disputed by its reporter and reopened once (the reports
    # count disputes and reopenings from these counters; the timeline shows both events).
    "UPDATE cases SET disputed_count = 1, reopened_count = 1"
    " WHERE status IN ('resolved', 'closed') AND id % 50 = 0",
    "INSERT INTO case_events (case_id, kind, actor_type, actor_user_id, from_status, to_status,"
    " body, visibility, created_at) SELECT id, 'reporter_disputed', 'reporter', NULL, NULL, NULL,"
    " '', 'public', resolved_at FROM cases WHERE disputed_count > 0",
    "INSERT INTO case_events (case_id, kind, actor_type, actor_user_id, from_status, to_status,"
    " body, visibility, created_at) SELECT id, 'reopened', 'staff', assignee_id, status,"
    " 'in_progress', '', 'public', resolved_at FROM cases WHERE reopened_count > 0",
    # NP2-2569-000123: the counters continue where the generated numbers stop.
    "INSERT INTO case_counters (office_id, year_be, last_value) SELECT office_id,"
    " CAST(substr(number, 5, 4) AS INTEGER), max(CAST(substr(number, 10) AS INTEGER))"
    " FROM cases GROUP BY office_id, CAST(substr(number, 5, 4) AS INTEGER)",
)


def finish(backend: str, indexes: list[tuple[str, str]]) -> None:
    from portal.search.schema import install_search_index

    with db.engine.begin() as conn:
        if backend == "sqlite":  # a large page cache makes index builds much faster
            conn.execute(sa.text("PRAGMA cache_size = -1000000"))
            conn.execute(sa.text("PRAGMA temp_store = MEMORY"))
        else:
            conn.execute(sa.text("SET maintenance_work_mem = '1GB'"))
            conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('cases', 'id'), "
                                 "(SELECT max(id) FROM cases))"))
        for sql in DERIVED_ROWS:  # before the indexes: the UPDATE then maintains none
            conn.execute(sa.text(sql))
        for _name, sql in indexes:  # as the migrations defined them
            conn.execute(sa.text(sql))
        install_search_index(conn)  # text index rebuilt over the loaded rows, triggers back
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(sa.text("VACUUM ANALYZE" if backend == "postgresql" else "ANALYZE"))


if __name__ == "__main__":
    main()
