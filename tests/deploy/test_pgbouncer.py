"""PostgreSQL through pgbouncer in transaction mode, a real pgbouncer process in front of the
test database: the portal's engine options leave no server-side prepared statement behind,
and its advisory locks end with their transaction."""

from __future__ import annotations

import re
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from portal.config import engine_options
from portal.search.schema import install_trigram_extension
from tests.deploy.pgbouncer import Pgbouncer

DIRECT = "host=127.0.0.1 port=5432 dbname=test user=postgres"


@pytest.fixture(scope="module")
def pgbouncer(tmp_path_factory):
    """A pgbouncer in transaction mode with ONE server connection: every transaction of every
    client runs on it, so whatever a client leaves on the server, the next one meets."""
    bouncer = Pgbouncer(tmp_path_factory.mktemp("pgbouncer"), "test", DIRECT, 1).start()
    yield bouncer.url
    bouncer.stop()


def _prepared_statements(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM pg_prepared_statements")).scalar()


def _work(engine: sa.Engine) -> None:
    """The same parameterised query many times, each in its own transaction, as requests do."""
    for i in range(12):
        with engine.begin() as conn:
            assert conn.execute(sa.text("SELECT :n + 1"), {"n": i}).scalar() == i + 1


def test_psycopgs_default_would_leave_prepared_statements(pgbouncer):
    # What the setting is for: with psycopg's default, statements end up prepared on the one
    # server connection, where another client's transaction would find (or miss) them.
    engine = sa.create_engine(pgbouncer, **engine_options(pgbouncer))
    _work(engine)
    assert _prepared_statements(engine) > 0
    engine.dispose()


def test_transaction_pooling_leaves_no_prepared_statement(pgbouncer):
    engine = sa.create_engine(pgbouncer, **engine_options(pgbouncer, "transaction"))
    with engine.connect() as conn:  # whatever an earlier client left on the server
        conn.execute(sa.text("DEALLOCATE ALL"))
        conn.commit()
    _work(engine)
    assert _prepared_statements(engine) == 0
    engine.dispose()


def test_advisory_locks_end_with_their_transaction(pgbouncer):
    # The lock the portal takes (portal.search.schema), taken as the portal takes it.
    lock = "SELECT pg_advisory_xact_lock(hashtext('sujarit:pg_trgm'))"
    # Other processes share the test database: only the pooled server connection counts.
    count = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = %s"
    engine = sa.create_engine(pgbouncer, **engine_options(pgbouncer, "transaction"))
    with engine.begin() as conn:
        server = conn.execute(sa.text("SELECT pg_backend_pid()")).scalar()
        conn.execute(sa.text(lock))
        assert conn.exec_driver_sql(count, (server,)).scalar() == 1
    with engine.begin() as conn:  # the next transaction, on the same server connection
        assert conn.execute(sa.text("SELECT pg_backend_pid()")).scalar() == server
        assert conn.exec_driver_sql(count, (server,)).scalar() == 0
        install_trigram_extension(conn, "public")
    with psycopg.connect(DIRECT) as direct:
        assert direct.execute(count, (server,)).fetchone()[0] == 0
    engine.dispose()


def test_no_session_level_advisory_lock_in_the_code():
    # A session-level lock (pg_advisory_lock) would stay on a pooled server connection after
    # the transaction, held for some other client; only the _xact_ forms are safe.
    root = Path(__file__).resolve().parents[2] / "portal"
    pattern = re.compile(r"pg_(try_)?advisory_lock(_shared)?\s*\(")
    offenders = [str(p) for p in root.rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []
