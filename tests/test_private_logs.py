"""Logs link no one to a case; files and the SQLite database are the portal account's alone."""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import threading
import urllib.error
import urllib.request
from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from gunicorn.config import Config
from gunicorn.glogging import SafeAtoms
from werkzeug.serving import make_server

from portal import access_log, create_app, storage
from portal.extensions import db
from tests.conftest import base_config

NUMBER = "NP2-2569-000123"
ADDRESS = "203.0.113.45"
AGENT = "Mozilla/5.0 (Linux; Android 14; SM-A546E) FBAV/450"


def environ(path: str, query: str = "") -> dict:
    return {"REQUEST_METHOD": "GET", "RAW_URI": path + (f"?{query}" if query else ""),
            "PATH_INFO": path, "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT,
            "HTTP_REFERER": f"https://portal.example/track/{NUMBER}",
            "HTTP_X_FORWARDED_FOR": ADDRESS}


def gunicorn_line(path: str, query: str = "", location: str = "") -> str:
    logger = access_log.GunicornAccessLogger(Config())
    response = SimpleNamespace(status="302 FOUND", sent=120,
                               headers=[("Location", location)] if location else [])
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", ADDRESS), ("USER-AGENT", AGENT)])
    atoms = logger.atoms(response, request, environ(path, query), timedelta(milliseconds=3))
    format_ = Config().access_log_format + ' "%({x-forwarded-for}i)s" "%({location}o)s" %(q)s'
    return format_ % SafeAtoms(atoms)


@pytest.mark.parametrize("path, query", [
    (f"/track/{NUMBER}", ""), (f"/track/{NUMBER}/files/7", ""), ("/track", f"number={NUMBER}"),
    (f"/track/{NUMBER.lower()}", ""),
])
def test_gunicorn_logs_public_requests_without_address_agent_or_case(path, query):
    line = gunicorn_line(path, query, location=f"/track/{NUMBER}")
    assert ADDRESS not in line and "Android" not in line
    assert NUMBER not in line.upper() and "000123" not in line
    assert "/track" in line and '" 302 ' in line


def test_gunicorn_keeps_staff_addresses_but_not_case_numbers():
    line = gunicorn_line(f"/staff/cases/{NUMBER}", f"q={NUMBER}",
                         location=f"/staff/cases/{NUMBER}")
    assert line.startswith(ADDRESS)
    assert NUMBER not in line and "000123" not in line
    assert "/staff/cases/<case>" in line


def test_an_abuse_investigation_turns_addresses_on_but_never_case_numbers(monkeypatch):
    monkeypatch.setenv("PORTAL_LOG_CLIENT_ADDRESSES", "true")
    line = gunicorn_line(f"/track/{NUMBER}", location=f"/track/{NUMBER}")
    assert line.startswith(ADDRESS) and NUMBER not in line


def test_gunicorn_conf_installs_the_logger():
    config = Config()
    config.set("logger_class", "portal.access_log.GunicornAccessLogger")
    namespace: dict = {}
    umask = os.umask(0o022)
    try:
        with open("gunicorn.conf.py") as source:
            exec(compile(source.read(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
        assert os.umask(0o022) == 0o077
    finally:
        os.umask(umask)
    assert namespace["logger_class"] == "portal.access_log.GunicornAccessLogger"


@pytest.fixture
def dev_server(tmp_path):
    app = create_app(base_config(f"sqlite:///{tmp_path / 'p.sqlite3'}", tmp_path / "uploads"))
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def test_the_development_server_logs_like_gunicorn(dev_server, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    staff_case = f"/staff/cases/{NUMBER}"
    for path in (f"/track/{NUMBER}", f"/track?number={NUMBER}", "/staff/", staff_case,
                 f"/staff/?q={NUMBER}"):
        # 404, or 500 without a schema: only the log line matters here.
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(dev_server + path)  # noqa: S310 (a local test server)
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    # Access lines only (a 500 also logs its traceback through this logger).
    public = [line for line in lines if "/track" in line and '"GET ' in line]
    assert len(public) == 2 and all(NUMBER not in line for line in public)
    assert all(line.startswith("- - - ") and "/track" in line for line in public)
    assert any(line.startswith("127.0.0.1 ") and "/staff/" in line for line in lines)
    staff = [line for line in lines if "/staff/" in line and '"GET ' in line]
    assert len(staff) >= 3 and all(NUMBER not in line for line in staff)
    assert any("/staff/cases/<case>" in line for line in staff)


def test_the_limiter_does_not_log_the_address():
    record = logging.LogRecord("flask-limiter", logging.INFO, __file__, 1,
                               "ratelimit %s (%s) exceeded at endpoint: %s",
                               ("10 per 1 hour", ADDRESS, "public.submit_general"), None)
    access_log.PrivateRequestLogFilter(keep_addresses=False).filter(record)
    assert ADDRESS not in record.getMessage()


def test_uploads_and_the_sqlite_database_are_private(tmp_path):
    umask = os.umask(0o022)  # the usual default, which made everything 0644
    (tmp_path / "data").mkdir()  # the operator's directory; the portal never invents one
    try:
        app = create_app(base_config(f"sqlite:///{tmp_path / 'data' / 'portal.sqlite3'}",
                                     tmp_path / "uploads"))
        with app.app_context(), db.engine.connect() as conn:
            conn.execute(sa.text("CREATE TABLE t (x INTEGER)"))
            conn.commit()
            wal = tmp_path / "data" / "portal.sqlite3-wal"  # exists while a connection is open
            assert stat.S_IMODE(wal.stat().st_mode) == 0o600
            key = storage.save(b"evidence")
    finally:
        os.umask(umask)
    created = [tmp_path / "data" / "portal.sqlite3", storage_path(tmp_path, key)]
    for path in created:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for path in (tmp_path / "uploads", storage_path(tmp_path, key).parent):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path


def test_a_mistyped_database_directory_is_refused_not_created(tmp_path):
    app = create_app(base_config(f"sqlite:///{tmp_path / 'typo' / 'portal.sqlite3'}",
                                 tmp_path / "uploads"))
    with app.app_context(), pytest.raises(sa.exc.OperationalError):
        db.engine.connect()
    assert not (tmp_path / "typo").exists()


def storage_path(root, key: str):
    return root / "uploads" / key
