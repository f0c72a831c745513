"""PostgreSQL through pgbouncer in transaction mode, a real pgbouncer process in front of the
test database: the portal's engine options leave no server-side prepared statement behind,
and its advisory locks end with their transaction."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from portal.config import engine_options
from portal.search.schema import install_trigram_extension

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
DIRECT = "host=127.0.0.1 port=5432 dbname=test user=postgres"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def pgbouncer(tmp_path_factory):
    """A pgbouncer in transaction mode with ONE server connection: every transaction of every
    client runs on it, so whatever a client leaves on the server, the next one meets."""
    root = tmp_path_factory.mktemp("pgbouncer")
    root.chmod(0o755)
    port = _free_port()
    users = root / "users.txt"
    users.write_text('"postgres" ""\n')
    config = root / "pgbouncer.ini"
    config.write_text(f"""[databases]
test = host=127.0.0.1 port=5432 dbname=test user=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {users}
pool_mode = transaction
default_pool_size = 1
max_client_conn = 20
ignore_startup_parameters = extra_float_digits
""")
    for path in (users, config):
        path.chmod(0o644)
    command = [PGBOUNCER, str(config)]
    if os.geteuid() == 0:  # pgbouncer refuses to run as root
        command[1:1] = ["-u", "nobody"]
    log = (root / "pgbouncer.log").open("wb")  # opened here: pgbouncer may not reach /tmp's
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 20
    while True:
        try:
            psycopg.connect(f"host=127.0.0.1 port={port} dbname=test user=postgres").close()
            break
        except psycopg.OperationalError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    "pgbouncer did not start: " + (root / "pgbouncer.log").read_text()
                ) from None
            time.sleep(0.2)
    yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/test"
    process.terminate()
    process.wait(timeout=10)
    log.close()


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
