"""Per-backend connection settings; an SQLite database file is created for its owner only."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from portal.extensions import db


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers proceed while one writer commits; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA secure_delete=ON")  # purged data leaves no trace in free pages
    cursor.close()


def sqlite_file(database: str | None) -> Path | None:
    """The file behind an SQLite URL's database part; None for memory databases."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _create_private_file(dialect, conn_rec, cargs, cparams) -> None:
    # Before SQLite opens (and would create) the file: make it 0600, its directory 0700.
    # SQLite gives the -wal and -shm files the database file's permissions.
    path = sqlite_file(cargs[0] if cargs else cparams.get("database"))
    # A missing directory is a mistyped setting, not a place for a new, empty database: leave
    # it to SQLite to refuse (the portal then answers "unavailable"). The set-up scripts make
    # instance/ themselves.
    if path is None or path.exists() or not path.parent.is_dir():
        return
    with contextlib.suppress(FileExistsError):  # another process created it first
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _close_session(_error) -> None:
    # Registered after Flask-SQLAlchemy's own teardown, so it runs first. The rollback that
    # closing a session does fails when the server ended the connection after the answer was
    # written (a restart's "terminating connection"): the visitor got the page, so drop the
    # dead connection quietly instead of turning the finished request into a bare 500.
    try:
        db.session.remove()
    except DBAPIError:
        with contextlib.suppress(Exception):
            db.session.invalidate()
        db.session.registry.clear()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(_close_session)
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite" and not event.contains(
            engine, "connect", _sqlite_pragmas
        ):
            event.listen(engine, "do_connect", _create_private_file)
            event.listen(engine, "connect", _sqlite_pragmas)
