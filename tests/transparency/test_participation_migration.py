"""Revision f3a8c1d5e927 moves participation reports into publications, on both backends.

Each report becomes a participation item whose only version awaits approval by someone other
than its author (the texts were never checked); a report saved by nobody goes to the office's
first director. Downgrade puts them back.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from portal.ita.participation import participation_in_year
from portal.models import (
    Office,
    Publication,
    PublicationKind,
    PublicationState,
    Role,
    VersionState,
)
from tests.conftest import POSTGRES_URL, base_config, create_private_schema
from tests.factories import make_user

BEFORE = "66ac40bb82b7"  # the revision before it (the models of users are its)
REVISION = "f3a8c1d5e927"


@pytest.fixture(params=["sqlite", "postgresql"])
def before(request, tmp_path):
    """An app on a database migrated to the revision before this one."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'participation.sqlite3'}"
    else:
        schema = f"participation_{uuid.uuid4().hex[:8]}"
        engine = sa.create_engine(POSTGRES_URL)
        with engine.begin() as conn:
            create_private_schema(conn, schema)
        url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    app = create_app(base_config(url, tmp_path / "uploads"))
    with app.app_context():
        upgrade(revision=BEFORE)
        yield app
        db.session.remove()
        db.engine.dispose()
    if request.param == "postgresql":
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def _seed() -> tuple[int, int, int]:
    """An office (inserted as the revision before has it), its director and an officer (the
    model of users is that revision's), and two reports: one by the officer, one by nobody."""
    given = {"code": "NP2", "name_th": "สำนักงานทดสอบ", "name_en": "Test office",
             "dpo_contact": "dpo@test.example", "reply_due_days": 15}
    with db.engine.begin() as conn:
        # The columns offices had then, each required one filled with its model default.
        for column in sa.inspect(conn).get_columns("offices"):
            model_column = Office.__table__.columns[column["name"]]
            if column["name"] in given or column["nullable"] or model_column.primary_key:
                continue
            default = model_column.default
            given[column["name"]] = default.arg if default is not None and default.is_scalar else ""
        names = ", ".join(given)
        conn.execute(sa.text(f"INSERT INTO offices ({names}) VALUES "  # noqa: S608 (reflected names)
                             f"({', '.join(':' + n for n in given)})"), given)
        office = SimpleNamespace(id=conn.scalar(sa.text("SELECT id FROM offices")))
    director = make_user(office, Role.DIRECTOR)
    officer = make_user(office, Role.CASE_OFFICER)
    db.session.commit()
    rows = ((officer.id, "เวทีรับฟังความคิดเห็นผู้ปกครอง", "โทร 081-234-5678"),
            (None, "ก" * 300, "-"))
    with db.engine.begin() as conn:
        for creator, topic, participants in rows:
            conn.execute(sa.text(
                "INSERT INTO participation_reports (office_id, held_on, topic, participants, "
                "outcome, improvement, created_by_id, created_at) VALUES (:office, :held, "
                ":topic, :participants, 'ขอให้ประกาศเมนู', 'ประกาศเมนูทุกวันศุกร์', :creator, :at)"),
                {"office": office.id, "held": date(2026, 3, 15), "topic": topic,
                 "participants": participants, "creator": creator, "at": datetime(2026, 3, 16)})
    ids = office.id, director.id, officer.id
    db.session.remove()
    return ids


def test_reports_become_items_awaiting_approval_and_come_back_on_downgrade(before):
    office_id, director_id, officer_id = _seed()
    upgrade(revision=REVISION)
    items = db.session.scalars(sa.select(Publication).order_by(Publication.id)).all()
    assert [i.kind for i in items] == [PublicationKind.PARTICIPATION] * 2
    # nobody's report: the first director's
    assert [i.author_id for i in items] == [officer_id, director_id]
    for item in items:
        assert item.state is PublicationState.DRAFT and item.live_number == 0
        [version] = item.versions
        assert version.state is VersionState.AWAITING_APPROVAL
        assert version.author_id == item.author_id and version.held_on == date(2026, 3, 15)
        assert version.body == "ขอให้ประกาศเมนู" and version.improvement == "ประกาศเมนูทุกวันศุกร์"
    assert items[0].latest.title == "เวทีรับฟังความคิดเห็นผู้ปกครอง"
    assert items[0].latest.participants == "โทร 081-234-5678"
    assert items[1].latest.title == "ก" * 300  # the topic's old limit still fits
    # none is public before a second person has read it
    assert participation_in_year(SimpleNamespace(id=office_id), 2569) == []
    assert "participation_reports" not in sa.inspect(db.engine).get_table_names()
    db.session.remove()

    downgrade(revision=BEFORE)
    with db.engine.connect() as conn:
        back = conn.execute(sa.text(
            "SELECT topic, participants, outcome, created_by_id FROM participation_reports "
            "ORDER BY id")).all()
        assert conn.scalar(sa.text("SELECT COUNT(*) FROM publications")) == 0
    assert [tuple(r) for r in back] == [
        ("เวทีรับฟังความคิดเห็นผู้ปกครอง", "โทร 081-234-5678", "ขอให้ประกาศเมนู", officer_id),
        ("ก" * 300, "-", "ขอให้ประกาศเมนู", director_id)]
