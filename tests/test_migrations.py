"""`flask db upgrade` builds exactly the schema the models describe, on both backends.

Alembic's ``compare_metadata`` checks tables, columns, types and nullability; tests/schema_diff.py
adds what it leaves out (CHECK constraints and their allowed values, server defaults, unique
constraints, indexes, foreign-key actions). A model whose enum gained a value without a
migration once passed this test while the database refused the value: these tests now fail.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import NAMING_CONVENTION, db
from portal.models import Role
from portal.models.enums import (
    ActorType,
    CaseStatus,
    CaseType,
    Channel,
    DeliveryChannel,
    DeliveryStatus,
    EventKind,
    Visibility,
)
from portal.search.schema import include_name
from tests.conftest import POSTGRES_URL, base_config, create_private_schema
from tests.schema_diff import schema_differences


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
        return
    schema = f"migrate_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        create_private_schema(conn, schema)
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def migrated(empty_database, tmp_path):
    """An app on a database built by ``upgrade heads``, inside an app context."""
    app = create_app(base_config(empty_database, tmp_path / "uploads"))
    with app.app_context():
        upgrade(revision="heads")
        yield app
        db.session.remove()
        db.engine.dispose()


def test_upgrade_head_matches_models(migrated):
    with db.engine.connect() as conn:
        # The same filter as migrations/env.py: search objects are not in the models.
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        assert compare_metadata(context, db.metadata) == [], "models and migrations differ"
        assert schema_differences(conn, db.metadata, include_name) == []


def test_downgrade_to_base_removes_everything(migrated):
    downgrade(revision="base")
    remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()


def _drifted_metadata() -> sa.MetaData:
    """The models with four small drifts, each of a kind compare_metadata does not see."""
    drifted = sa.MetaData(naming_convention=NAMING_CONVENTION)
    for table in db.metadata.sorted_tables:
        table.to_metadata(drifted)
    events = drifted.tables["case_events"]
    kind_check = next(c for c in events.constraints if isinstance(c, sa.CheckConstraint)
                      and "kind" in str(c.sqltext) and "actor" not in str(c.sqltext))
    events.constraints.remove(kind_check)
    kinds = [*(kind.value for kind in EventKind), "escalated"]
    events.append_constraint(sa.CheckConstraint(sa.column("kind").in_(kinds), name="kind"))
    cases = drifted.tables["cases"]
    cases.c.priority.server_default = sa.DefaultClause(sa.text("'high'"))
    sa.Index("ix_cases_subject", cases.c.subject)
    schools = drifted.tables["schools"]
    schools.constraints.remove(next(c for c in schools.constraints
                                    if isinstance(c, sa.UniqueConstraint)))
    return drifted


def test_a_drifted_model_is_caught(migrated):
    with db.engine.connect() as conn:
        found = schema_differences(conn, _drifted_metadata(), include_name)
    joined = "\n".join(found)
    assert "case_events check constraints: ck_case_events_kind differs" in joined
    assert "escalated" in joined
    assert "cases server defaults: priority differs" in joined
    assert "cases indexes: ix_cases_subject is in the models only" in joined
    assert "schools unique constraints: uq_schools_office_id is in the database only" in joined
    assert len(found) == 4, found


def _placeholder(column: sa.Column, serial: int):
    """A value the column's type accepts; foreign keys are not enforced where this is used."""
    python_type = _python_type(column)
    if python_type is bool:
        return False
    if python_type is int:
        return serial
    if python_type is datetime:
        return datetime(2026, 1, 1, 12, 0)
    if python_type is date:
        return date(2026, 1, 1)
    if python_type is dict:
        return {}
    if python_type is bytes:
        return b""
    if isinstance(column.type, sa.Enum):
        return column.type.enums[0]
    length = getattr(column.type, "length", None) or 20
    return f"v{serial}"[:length]


def _python_type(column: sa.Column):
    try:
        return column.type.python_type
    except NotImplementedError:  # a TypeDecorator over text (encrypted columns)
        return str


def _enum_columns():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, sa.Enum):
                yield table, column


def test_every_enum_value_is_accepted_by_the_migrated_schema(migrated):
    """One row of every value of every enum column, written to the migrated tables.

    Foreign keys are switched off for the rows (PostgreSQL: replica role; SQLite: the pragma)
    so that each table is tested alone; CHECK constraints stay enforced on both.
    """
    refused = []
    columns = list(_enum_columns())
    assert _model_enums() >= {EventKind, CaseStatus, DeliveryStatus, DeliveryChannel, Role,
                              CaseType, Channel, Visibility, ActorType}
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        else:
            conn.exec_driver_sql("SET session_replication_role = replica")
        conn.commit()
        serial = 1000
        for table, column in columns:
            for value in column.type.enums:
                serial += 1
                row = {c.name: _placeholder(c, serial) for c in table.columns
                       if not c.nullable or c.primary_key}
                row[column.name] = value
                savepoint = conn.begin_nested()
                try:
                    conn.execute(table.insert().values(**row))
                except sa.exc.IntegrityError as error:
                    refused.append(f"{table.name}.{column.name} = {value!r}: {error.orig}")
                savepoint.rollback()
        conn.rollback()
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        else:
            conn.exec_driver_sql("SET session_replication_role = DEFAULT")
        conn.commit()
    assert refused == []


def _model_enums() -> set[type[enum.Enum]]:
    return {column.type.enum_class for _t, column in _enum_columns()
            if column.type.enum_class is not None}


BEFORE_FIX = "a61e7a3c5140"  # the last revision whose CHECK refused nine event kinds


def test_upgrade_keeps_rows_and_downgrade_refuses_to_drop_newer_kinds(migrated, capfd):
    downgrade(revision=BEFORE_FIX)
    reflected = sa.MetaData()
    reflected.reflect(db.engine)
    with db.engine.begin() as conn:  # one consistent row in every table: every id is 1
        for table in reflected.sorted_tables:
            if table.name == "alembic_version" or table.name.startswith("cases_fts"):
                continue
            conn.execute(table.insert().values(**_old_row(table)))
    counts_before = _row_counts(reflected)
    upgrade(revision="heads")
    assert _row_counts(reflected) == counts_before
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE case_events SET kind = 'conflict_declared'"))
    capfd.readouterr()
    with pytest.raises(SystemExit):  # Flask-Migrate logs the revision's error and exits
        downgrade(revision=BEFORE_FIX)
    # alembic.ini's logging configuration writes to stderr (and replaces pytest's handlers)
    assert "case_events holds kinds the older schema refuses: conflict_declared (1)" \
        in capfd.readouterr().err
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE case_events SET kind = 'internal_note'"))
    downgrade(revision=BEFORE_FIX)
    assert _row_counts(reflected) == counts_before


def _old_row(table: sa.Table) -> dict:
    model = db.metadata.tables.get(table.name)
    row = {}
    for column in table.columns:
        if column.nullable and not column.primary_key:
            continue
        # A column a later revision drops is in the old table only: its reflected type serves.
        model_column = model.c.get(column.name, column) if model is not None else column
        row[column.name] = 1 if column.foreign_keys else _placeholder(model_column, 1)
    return row


def _row_counts(reflected: sa.MetaData) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {t.name: conn.scalar(sa.select(sa.func.count()).select_from(t))
                for t in reflected.sorted_tables if not t.name.startswith("cases_fts")}


def test_create_app_has_no_side_effects(tmp_path):
    url = f"sqlite:///{tmp_path / 'untouched.sqlite3'}"
    app = create_app(base_config(url, tmp_path / "uploads"))
    with app.app_context():
        assert sa.inspect(db.engine).get_table_names() == []
        db.engine.dispose()
