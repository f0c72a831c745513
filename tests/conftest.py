"""Fixtures: the app on SQLite and on PostgreSQL, a client, the database, files.

Every test that uses ``app`` runs twice, once per backend. PostgreSQL must be reachable at
PORTAL_TEST_POSTGRES_URL (default: 127.0.0.1:5432, database ``test``, user ``postgres``); when
it is not, those tests fail: they are never skipped.
"""

from __future__ import annotations

import functools
import gc
import os
import secrets
import uuid
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from cryptography.fernet import Fernet
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import settings
from jinja2.bccache import Bucket, BytecodeCache

from portal import create_app, storage
from portal.extensions import db, limiter
from portal.search.schema import install_trigram_extension
from portal.security import passwords

POSTGRES_URL = os.environ.get(
    "PORTAL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
ENCRYPTION_KEY = Fernet.generate_key().decode()
# The browser fixtures, one definition for every package (see that module's docstring).
pytest_plugins = ["tests.browser.fixtures"]
BACKENDS = ["sqlite", "postgresql"]
# No test is timed (speed is measured under bench/): Hypothesis's 200 ms deadline per example
# failed a property test whose first example loads the Thai dictionary, on a loaded machine.
settings.register_profile("portal", deadline=None)
settings.load_profile("portal")


# Files whose tests share something outside the database (a Redis database): both backends'
# halves run in one process. Every other file's SQLite and PostgreSQL halves are work units
# of their own, so that `-n` spreads the heavy files over the processes.
KEEP_WHOLE = {"tests/test_rate_limit_redis.py"}


# Pages in a real browser depend on the templates and scripts, not on the database under the
# server: each browser test file runs on one backend, half the files on each (by a hash of
# the file's path, so the choice is stable), and both backends stay driven through pages.
# PORTAL_TEST_BROWSER_BACKENDS=both runs every browser test on both.
BROWSER_BACKENDS = os.environ.get("PORTAL_TEST_BROWSER_BACKENDS", "one")
# Started first, so that the longest files do not begin last and leave one process running
# alone at the end: the fault harness (real gunicorn, PostgreSQL, Redis and SMTP processes)
# and the national topology (nginx, two app hosts, pgbouncer, S3…), then every file that
# drives a browser.
FIRST = ("tests/faults/test_fault_ledger.py", "tests/deploy/test_national_topology.py")


def pytest_configure(config) -> None:
    """The collector runs a young generation every 20,000 new objects instead of every 700.

    A test process holds 1–1.7 million objects (the modules, PyThaiNLP's word dictionary,
    compiled templates, the apps), and the default thresholds made the collector walk them
    all a dozen times a minute, up to a second each: 8–10 s of each process's 70 s on
    tests/cases, inbox, reports and publishing, against 3–4 s with this (measured with
    gc.callbacks). Cyclic garbage waits a little longer to be freed; nothing else changes.
    """
    gc.set_threshold(20_000, 10, 10)


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config) -> None:
    """Everything still alive after the last test is kept out of pytest's final collections.

    pytest collects garbage twice at the very end (to report exceptions raised in finalizers);
    each walked the process's 1–1.2 million objects: 0.6–0.9 s, 1.5 s a process (measured).
    Frozen, those objects are not walked; what unconfiguring frees is still collected. The
    cost: cyclic garbage made after the collector's last run in the session (``gc.set_threshold``
    above) is not collected, so an exception in its finalizer would go unreported.
    """
    gc.freeze()


def browser_backend(path: str) -> str:
    return BACKENDS[zlib.crc32(path.encode()) % len(BACKENDS)]


def _item_backend(item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("backend") if callspec is not None else None


def pytest_collection_modifyitems(config, items):
    if BROWSER_BACKENDS != "both":
        kept, dropped = [], []
        for item in items:
            path = item.nodeid.split("::", 1)[0]
            backend = _item_backend(item)
            if ("live_server" in item.fixturenames and backend is not None
                    and backend != browser_backend(path)):
                dropped.append(item)
            else:
                kept.append(item)
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept

    # The order work units are handed out in (xdist's own reordering, by test count, is
    # turned off in the scheduler below): the fault harness, then browser files, then the
    # rest, each group's larger units first.
    sizes: dict[str, int] = {}
    for item in items:
        sizes[work_unit(item.nodeid)] = sizes.get(work_unit(item.nodeid), 0) + 1

    def order(item) -> tuple[int, int]:
        if item.nodeid.split("::", 1)[0] in FIRST:
            group = 0
        else:
            group = 1 if "live_server" in item.fixturenames else 2
        return group, -sizes[work_unit(item.nodeid)]

    items.sort(key=order)


def work_unit(nodeid: str) -> str:
    """The unit one process runs whole: a file's tests of one backend (see below)."""
    path = nodeid.split("::", 1)[0]
    if path in KEEP_WHOLE:
        return path
    params = nodeid.partition("[")[2].rstrip("]").split("-")
    backend = next((b for b in BACKENDS if b in params), "")
    return f"{path}::{backend}" if backend else path


def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FileAndBackend(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    config.option.loadscopereorder = False  # the collection's order (above) is the plan
    return FileAndBackend(config, log)


def create_private_schema(conn: sa.Connection, name: str) -> None:
    """Create schema ``name`` for one test process or test, pg_trgm being in ``public`` first.

    The migrations create pg_trgm where the search path points when it is missing: in a
    private schema, whose ``DROP SCHEMA … CASCADE`` at the end would then drop the extension
    and with it the trigram index of every other schema in use (and deadlock with their
    queries). Installed in ``public`` once, it outlives every private schema.
    """
    install_trigram_extension(conn, "public")
    conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))


@pytest.fixture(scope="session")
def postgres_schema():
    """A private schema in the shared ``test`` database, dropped at the end."""
    name = f"sujarit_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        create_private_schema(conn, name)
    yield name
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
    engine.dispose()


def database_url(backend: str, tmp_root: Path, request) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_root / 'portal.sqlite3'}"
    schema = request.getfixturevalue("postgres_schema")
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def migrated_databases(request, tmp_path_factory):
    """Each backend's database, migrated the first time a test asks for it, kept all session.

    Tests share it and empty its tables afterwards (``app``), which is much cheaper than
    migrating again, and keeps every test on the migrated schema. It is a session cache
    rather than a parametrised session fixture: pytest tears such a fixture down whenever the
    next test wants the other backend, which under xdist would migrate again for every file.
    """
    made: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in made:
            root = tmp_path_factory.mktemp(name)
            url = database_url(name, root, request)
            app = create_app(base_config(url, root / "uploads"))
            with app.app_context():
                # The schema that ships: what `flask db upgrade` builds, never one made from
                # the models directly.
                upgrade(revision="heads")
                db.engine.dispose()
            made[name] = {"name": name, "url": url, "root": root}
        return made[name]

    return get


@pytest.fixture(params=BACKENDS)
def backend(request, migrated_databases):
    """The database backend of this test run and its URL."""
    return migrated_databases(request.param)


def base_config(url: str, upload_dir: Path, **extra) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": secrets.token_hex(16),
        "SQLALCHEMY_DATABASE_URI": url,
        "PORTAL_ENCRYPTION_KEY": ENCRYPTION_KEY,
        "PORTAL_UPLOAD_DIR": str(upload_dir),
        "PORTAL_RATE_LIMIT_SUBMIT": "1000 per minute",
        "PORTAL_RATE_LIMIT_TRACK": "1000 per minute",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 1,  # nothing listens: tests that send start a real SMTP server
        "PORTAL_BASE_URL": "http://portal.test",
        # The test client's and the live server's host names.
        "PORTAL_TRUSTED_HOSTS": ["localhost", "127.0.0.1"],
        **extra,
    }


@pytest.fixture
def app_config(backend, tmp_path) -> dict:
    """Overridable: a test module may extend this to change settings."""
    return base_config(backend["url"], tmp_path / "uploads")


class SharedTemplates(BytecodeCache):
    """Compiled templates kept for the whole test process, shared by every app it builds:
    each test's new app would otherwise parse and compile every template it renders again
    (a third of a second for a page). Keyed by each template's source checksum, as Jinja does."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = SharedTemplates()


class IsolatedClient(FlaskClient):
    """Each request in an app context of its own, as in production.

    Tests hold an app context open for their own queries; without this, requests would
    share its ``g`` and database session, hiding bugs (and Flask-WTF's CSRF token).
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


# Settings that differ between tests that may share an app: the upload folder (each test's
# own, set on the shared app per test) and the random secret key.
PER_TEST_SETTINGS = {"SECRET_KEY", "PORTAL_UPLOAD_DIR"}
# Settings the portal reads from ``current_app.config`` each time it uses them, never while
# building the app: the addresses of Facebook's and LINE's APIs and their timeout. A module
# that points them at its own fake servers (tests/channels, tests/chat) still shares the
# process's app; they are set on it for each test.
RUNTIME_SETTINGS = {"PORTAL_FACEBOOK_GRAPH_URL", "PORTAL_FACEBOOK_GRAPH_VERSION",
                    "PORTAL_LINE_API_URL", "PORTAL_LINE_DATA_URL", "PORTAL_CHANNEL_TIMEOUT"}
# Caches an app keeps in ``app.extensions`` keyed by office id and version: ids come again
# once the tables are emptied (SQLite), so a shared app starts each test without them.
APP_CACHES = ("board_cache", "portal_live_report", "portal_option_cache")
_SHARED_APPS: dict[str, Flask] = {}
# Both backends' default apps and a few modules' own: a module whose settings differ in every
# test (a server's new port) builds an app each time, and only the last few stay in memory.
SHARED_APPS_KEPT = 6


def _shared_app(config: dict, backend: dict) -> Flask:
    """This process's app for ``config`` but for per-test and run-time settings: building an
    app (390 URL rules compiled) costs a quarter of a second, and every test used to pay it.
    A module that changes other settings for all its tests (the routing by path, the SMTP
    server's port) shares one app among them; the last few apps built are kept."""
    own = PER_TEST_SETTINGS | RUNTIME_SETTINGS
    key = repr(sorted((k, v) for k, v in config.items() if k not in own))
    app = _SHARED_APPS.pop(key, None)
    if app is None:
        app = _new_app(config)
        app.extensions["test_built_settings"] = {k: app.config[k] for k in RUNTIME_SETTINGS}
    _SHARED_APPS[key] = app  # the most recently used last
    while len(_SHARED_APPS) > SHARED_APPS_KEPT:
        dropped = _SHARED_APPS.pop(next(iter(_SHARED_APPS)))
        with dropped.app_context():
            db.engine.dispose()  # its kept connections (see ``app``) go with it
    for name, built in app.extensions["test_built_settings"].items():
        app.config[name] = config.get(name, built)
    app.config["PORTAL_UPLOAD_DIR"] = config["PORTAL_UPLOAD_DIR"]
    app.extensions["portal_storage_root"] = Path(config["PORTAL_UPLOAD_DIR"])
    app.extensions["portal_storage"] = storage.make_backend(app.config)  # this test's folder
    for name in APP_CACHES:
        app.extensions.get(name, {}).clear()
    app.extensions["intake_settings"][0].clear()
    return app


def _new_app(config: dict) -> Flask:
    app = create_app(config)
    app.test_client_class = IsolatedClient
    app.jinja_env.bytecode_cache = TEMPLATES
    # The limiter is one object for every app of the process, bound to the storage of the app
    # built last: a shared app takes its own back before each test (a test that built an app
    # with Redis out of reach must not leave it to the next one).
    app.extensions["test_limiter_state"] = (limiter.enabled, limiter._storage, limiter._limiter)
    return app


@pytest.fixture
def app(app_config, backend):
    app = _shared_app(app_config, backend)
    settings = dict(app.config)  # a test may change settings: restored after it
    limiter.enabled, limiter._storage, limiter._limiter = app.extensions["test_limiter_state"]
    limiter._storage_dead = False
    with app.app_context():
        limiter.reset()
        yield app
        db.session.remove()
        _empty_tables()
        # The engine's connections stay open for the next test on this app: a new one cost
        # about 55 ms of CPU a test on PostgreSQL (the server's new backend and its catalog
        # caches, the driver's and SQLAlchemy's first-connect queries). A test that changes a
        # connection's settings disposes of the engine itself (tests/test_errors.py).
    app.config.clear()
    app.config.update(settings)


def _empty_tables() -> None:
    """Every table emptied for the next test, the append-only guards kept in place."""
    from portal.oversight.append_only import (
        APPEND_ONLY_TABLES,
        install_append_only,
        remove_append_only,
    )

    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql" and _superuser(conn):
            # No trigger fires for a session in replica mode (the append-only guards, the
            # foreign keys' checks), so one round trip empties them all, in any order. Only
            # a superuser may set it; any other role takes the way below.
            conn.exec_driver_sql(";".join(["SET LOCAL session_replication_role = replica",
                                           *_deletes(conn, tables)]))
            return
        # The audit tables refuse DELETE: their triggers are lifted and put back only when
        # they hold rows (on SQLite a schema change prepares every statement again).
        guarded = [name for name in APPEND_ONLY_TABLES
                   if conn.scalar(sa.select(sa.literal(1)).select_from(sa.table(name)).limit(1))]
        for name in guarded:
            remove_append_only(conn, name)
        for table in tables:
            conn.execute(table.delete())
        for name in guarded:
            install_append_only(conn, name)


_DELETES: dict[str, list[str]] = {}


def _deletes(conn: sa.Connection, tables: list[sa.Table]) -> list[str]:
    """Each table's DELETE as the dialect writes it, children first: compiled once, not for
    every test (2 of the 3.4 ms that emptying took on PostgreSQL)."""
    if conn.dialect.name not in _DELETES:
        _DELETES[conn.dialect.name] = [str(table.delete().compile(conn)) for table in tables]
    return _DELETES[conn.dialect.name]


_SUPERUSER: dict[str, bool] = {}


def _superuser(conn: sa.Connection) -> bool:
    """Whether the tests' PostgreSQL role is a superuser (asked once per database URL)."""
    url = str(conn.engine.url)
    if url not in _SUPERUSER:
        setting = conn.exec_driver_sql("SELECT current_setting('is_superuser')").scalar()
        _SUPERUSER[url] = setting == "on"
    return _SUPERUSER[url]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def office(app):
    from tests.factories import make_office

    office = make_office()
    db.session.commit()
    return office


def sign_in_client(app, client, user) -> None:
    """Put ``user`` in ``client``'s session as Flask-Login does after a full sign-in."""
    from importlib.metadata import version

    from flask_login.utils import _create_identifier

    agent = f"Werkzeug/{version('werkzeug')}"  # what the test client sends
    with app.test_request_context(headers={"User-Agent": agent},
                                  environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["_id"] = identifier


@pytest.fixture
def login_as(app, office):
    """``login_as(Role.INTAKE, groups=[...])`` → a client signed in as a new staff member."""
    from portal.models import User, UserRole

    made = []

    def make(*roles, groups=(), name=None, email=None):
        user = User(office_id=office.id, email=email or f"staff{len(made)}@test.example",
                    name=name or f"เจ้าหน้าที่ {len(made)}", password_hash=_staff_hash(),
                    roles=[UserRole(role=r) for r in roles], work_groups=list(groups))
        db.session.add(user)
        db.session.commit()
        client = app.test_client()
        sign_in_client(app, client, user)
        made.append(user)
        client.user = user
        return client

    return make


STAFF_PASSWORD = "correct horse battery staple"
# The portal's own argon2id hasher (the library's recommended parameters: 3 passes over 64 MiB,
# about 0.17 s of CPU a hash or a check here), kept for the test that checks it.
PORTAL_PASSWORD_HASHER = passwords._hasher
# What every test hashes and checks staff passwords with: still argon2id, through the same
# code, with cheap parameters (a check reads them from the stored hash).
CHEAP_PASSWORD_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "_hasher", CHEAP_PASSWORD_HASHER)


@functools.cache
def _staff_hash() -> str:
    return CHEAP_PASSWORD_HASHER.hash(STAFF_PASSWORD)
