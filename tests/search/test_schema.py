"""The search index: made by the migration on a live database, idempotent, removable."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from portal.models import Case
from portal.search import case_text_condition
from portal.search.schema import FTS_TABLE, INBOX_INDEXES, TRIGRAM_INDEX, install_search_index
from tests.conftest import POSTGRES_URL, base_config, create_private_schema
from tests.test_migrations import _old_row

BEFORE_SEARCH = "5c59e7414024"


def search_objects() -> set[str]:
    inspector = sa.inspect(db.engine)
    names = {i["name"] for i in inspector.get_indexes("cases")}
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            names |= set(conn.scalars(sa.text(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') "
                "AND name LIKE 'cases_fts%'")))
    return names & ({FTS_TABLE, TRIGRAM_INDEX, "cases_fts_insert", "cases_fts_delete",
                     "cases_fts_update"} | set(INBOX_INDEXES))


def expected_objects() -> set[str]:
    if db.engine.dialect.name == "sqlite":
        return {FTS_TABLE, "cases_fts_insert", "cases_fts_delete", "cases_fts_update",
                *INBOX_INDEXES}
    return {TRIGRAM_INDEX, *INBOX_INDEXES}


def test_install_is_idempotent(app):
    for _ in range(2):
        with db.engine.begin() as conn:
            install_search_index(conn)
    assert search_objects() == expected_objects()


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated_app(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'search.sqlite3'}"
    else:
        schema = f"search_{uuid.uuid4().hex[:8]}"
        engine = sa.create_engine(POSTGRES_URL)
        with engine.begin() as conn:
            create_private_schema(conn, schema)
        url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    app = create_app(base_config(url, tmp_path / "uploads"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if request.param == "postgresql":
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def test_migration_indexes_the_cases_already_there(migrated_app):
    upgrade(revision=BEFORE_SEARCH)
    # Rows as that revision's tables hold them (today's models have columns it lacks).
    old = sa.MetaData()
    old.reflect(db.engine, only=["offices", "cases"])
    with db.engine.begin() as conn:
        conn.execute(old.tables["offices"].insert().values(**_old_row(old.tables["offices"])))
        conn.execute(old.tables["cases"].insert().values(**{
            **_old_row(old.tables["cases"]), "subject": "อาหารกลางวันไม่ครบ",
            "description": "นักเรียนได้รับน้ำดื่มไม่สะอาด"}))
    upgrade()
    assert search_objects() == expected_objects()
    dialect = db.engine.dialect.name
    for words in ("กลางวัน", "น้ำดื่ม", "อาหาร ไม่สะอาด"):
        found = db.session.scalars(sa.select(Case.subject).where(
            case_text_condition(words, dialect))).all()
        assert found == ["อาหารกลางวันไม่ครบ"], words
    db.session.rollback()
    downgrade(revision=BEFORE_SEARCH)
    assert search_objects() == set()
    upgrade()  # and back again
    assert search_objects() == expected_objects()


def test_dropping_a_private_schema_leaves_the_trigram_extension_to_the_others(tmp_path):
    """Every test process migrates a schema of its own in one database; pg_trgm lives in
    ``public``, so dropping one schema (CASCADE) cannot take the extension, and the trigram
    indexes of the other schemas, with it."""
    engine = sa.create_engine(POSTGRES_URL)
    schema = f"search_{uuid.uuid4().hex[:8]}"
    where = sa.text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                    "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'")
    try:
        with engine.begin() as conn:
            create_private_schema(conn, schema)
            assert conn.execute(where).scalar_one() == "public"
        app = create_app(base_config(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}",
                                     tmp_path / "uploads"))
        with app.app_context():
            upgrade(revision="heads")
            db.engine.dispose()
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            assert conn.execute(where).scalar_one() == "public"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
