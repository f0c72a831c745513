"""`flask db upgrade` builds exactly the schema the models describe, on both backends."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from portal.search.schema import include_name
from tests.conftest import POSTGRES_URL, base_config


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
        return
    schema = f"migrate_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def test_upgrade_head_matches_models(empty_database, tmp_path):
    app = create_app(base_config(empty_database, tmp_path / "uploads"))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            # The same filter as migrations/env.py: search objects are not in the models.
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": include_name}
            )
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(revision="base")
        remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        db.engine.dispose()


def test_create_app_has_no_side_effects(tmp_path):
    url = f"sqlite:///{tmp_path / 'untouched.sqlite3'}"
    app = create_app(base_config(url, tmp_path / "uploads"))
    with app.app_context():
        assert sa.inspect(db.engine).get_table_names() == []
        db.engine.dispose()
