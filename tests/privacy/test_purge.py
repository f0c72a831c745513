"""The retention purge with time travel: cases ended 2 and 5 years ago, holds, dry runs."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import select

from portal import storage
from portal.extensions import db
from portal.models import Attachment, Case, CaseStatus, ReporterContact, User, UserRole
from portal.models.privacy import PurgeLogEntry, PurgeRun
from portal.privacy.holds import mark_evidence, place_hold, release_hold
from portal.privacy.masking import MASK
from portal.privacy.purge import purge_office
from portal.reports.figures import compute_figures
from portal.reports.periods import parse_period
from portal.search import case_text_condition
from tests.privacy.factories import NOW, ended_case


def _officer(office) -> User:
    user = User(
        office_id=office.id,
        email="legal@test.example",
        name="นิติกร",
        password_hash="x",
        roles=[UserRole(role="integrity")],
    )
    db.session.add(user)
    db.session.flush()
    return user


def _contact(case_id: int) -> ReporterContact:
    db.session.expire_all()
    return db.session.scalar(select(ReporterContact).where(ReporterContact.case_id == case_id))


def _raw_contact(case_id: int) -> tuple:
    return db.session.execute(
        sa.text("SELECT name, phone, email, line_id FROM reporter_contacts WHERE case_id = :c"),
        {"c": case_id},
    ).one()


def test_dry_run_lists_and_changes_nothing(app, office):
    recent = ended_case(office, years_ago=1)
    two = ended_case(office, years_ago=2.1)
    five = ended_case(office, years_ago=5.1)
    db.session.commit()
    result = purge_office(office, now=NOW, dry_run=True)
    assert sorted(result.numbers["contacts"]) == sorted([two.number, five.number])
    assert sorted(result.numbers["attachments"]) == sorted([two.number, five.number])
    assert result.numbers["text"] == [five.number]
    assert recent.number not in sum(result.numbers.values(), [])
    assert _contact(two.id).phone == "0812345678"
    assert db.session.scalar(select(sa.func.count()).select_from(PurgeRun)) == 0
    keys = db.session.scalars(select(Attachment.storage_key)).all()
    assert len(keys) == 3 and all(storage.path_for(k).exists() for k in keys)


def test_purge_removes_by_age_and_keeps_reports(app, office):
    recent = ended_case(office, years_ago=1)
    two = ended_case(office, years_ago=2.1, word="ชอล์กหัก")
    five = ended_case(office, years_ago=5.1, word="หลังคารั่ว")
    declined = ended_case(office, years_ago=2.5, status=CaseStatus.DECLINED)
    db.session.commit()
    keys = {c.id: [a.storage_key for a in c.attachments] for c in (recent, two, five)}
    periods = [parse_period("fy2564"), parse_period("fy2567"), parse_period("fy2569")]
    before = [compute_figures(office.id, p, public=False, now=NOW) for p in periods]

    result = purge_office(office, now=NOW)

    assert sorted(result.numbers["contacts"]) == sorted([two.number, five.number, declined.number])
    # Contact details are NULL in the table itself, not flagged.
    assert _raw_contact(two.id) == (None, None, None, None)
    assert _raw_contact(five.id) == (None, None, None, None)
    assert _contact(recent.id).phone == "0812345678"
    # Files are gone from the disk, and their rows with them.
    assert all(not storage.path_for(k).exists() for k in keys[two.id] + keys[five.id])
    assert all(storage.path_for(k).exists() for k in keys[recent.id])
    # Text of the five-year-old case is masked; the two-year-old case keeps its text.
    db.session.expire_all()
    old = db.session.get(Case, five.id)
    assert "สมศรี" not in old.description and MASK in old.description
    assert "0891234567" not in old.description
    assert old.respondent == MASK and old.witnesses == MASK
    assert "หลังคารั่ว" in old.description  # what happened stays
    assert "สมศรี" in db.session.get(Case, two.id).description
    # The search index finds nothing purged, still finds what stays.
    dialect = db.engine.dialect.name
    found = db.session.scalars(
        select(Case.number).where(case_text_condition("สมศรี", dialect))
    ).all()
    assert five.number not in found and two.number in found
    assert (
        db.session.scalars(select(Case.number).where(case_text_condition("0891234567", dialect)))
        .all()
        .count(five.number)
        == 0
    )
    # The figures come from fields the purge keeps.
    after = [compute_figures(office.id, p, public=False, now=NOW) for p in periods]
    assert after == before
    assert (
        before[1]["received"]["total"] >= 1 if isinstance(before[1].get("received"), dict) else True
    )
    # The log keeps counts and case numbers, never the data.
    run = db.session.scalar(select(PurgeRun))
    assert (run.contacts, run.attachments, run.texts) == (3, 3, 1)
    logged = db.session.scalars(select(PurgeLogEntry.case_number)).all()
    assert set(logged) == {two.number, five.number, declined.number}
    dump = " ".join(
        str(v)
        for r in db.session.execute(select(PurgeLogEntry)).scalars()
        for v in vars(r).values()
    )
    assert "0812345678" not in dump and "สมศรี" not in dump


def test_second_run_finds_nothing_new(app, office):
    ended_case(office, years_ago=3)
    db.session.commit()
    first = purge_office(office, now=NOW)
    second = purge_office(office, now=NOW + timedelta(days=1))
    assert first.count("contacts") == 1
    assert second.count("contacts") == second.count("attachments") == 0


def test_legal_hold_stops_the_purge_until_released(app, office):
    held = ended_case(office, years_ago=5.5)
    db.session.commit()
    officer = _officer(office)
    hold = place_hold(held, "nacc", "ป.ป.ช. ขอเอกสารประกอบการไต่สวน", "สำนักงาน ป.ป.ช.", officer)
    db.session.commit()
    result = purge_office(office, now=NOW)
    assert result.held == {held.number}
    assert sum(result.numbers.values(), []) == []
    assert _contact(held.id).phone == "0812345678"
    release_hold(db.session.merge(hold), officer)
    db.session.commit()
    result = purge_office(office, now=NOW + timedelta(days=1))
    assert result.numbers["contacts"] == [held.number]
    assert _raw_contact(held.id) == (None, None, None, None)


def test_evidence_file_outlives_the_schedule(app, office):
    case = ended_case(office, years_ago=3)
    db.session.commit()
    attachment = case.attachments[0]
    mark_evidence(attachment, _officer(office))
    db.session.commit()
    purge_office(office, now=NOW)
    assert storage.path_for(attachment.storage_key).exists()
    assert db.session.get(Attachment, attachment.id) is not None


def test_purged_text_leaves_no_trace_in_the_database_files(app, office, backend):
    """SQLite: secure_delete zeroes freed cells and the WAL is emptied after the purge."""
    ended_case(office, years_ago=6, name="วิไลพรรณ")
    db.session.commit()
    purge_office(office, now=NOW)
    db.session.remove()
    if db.engine.dialect.name == "postgresql":
        # PostgreSQL: no live row holds it; dead tuples go with (auto)vacuum (README).
        with db.engine.connect() as conn:
            assert (
                conn.scalar(
                    sa.text(
                        "SELECT count(*) FROM cases WHERE description LIKE '%วิไลพรรณ%' "
                        "OR subject LIKE '%วิไลพรรณ%' OR respondent LIKE '%วิไลพรรณ%'"
                    )
                )
                == 0
            )
        return
    with db.engine.connect() as conn:
        assert conn.scalar(sa.text("PRAGMA secure_delete")) == 1
    db.engine.dispose()
    path = backend["root"] / "portal.sqlite3"
    # Read by another process: closing a file this process opened would drop every POSIX lock
    # it holds on that file, including those of other apps' pooled connections to the same
    # database. The next process to close its connection would then take itself for the last
    # one and delete the WAL and shared-memory files under them: the later tests of this
    # process then wrote to a WAL no other process could see (workers found nothing to send)
    # and new connections failed with "disk I/O error".
    raw = subprocess.run(["cat", *map(str, sorted(path.parent.glob("portal.sqlite3*")))],
                         capture_output=True, check=True).stdout
    assert "วิไลพรรณ".encode() not in raw


def test_worker_purges_once_a_day_from_the_purge_hour(app, office):
    from portal.models.privacy import RopaVersion
    from portal.privacy.daily import purge_if_due

    ended_case(office, years_ago=3)
    db.session.commit()
    early = NOW.replace(hour=18, minute=30)  # 01:30 in Bangkok: before the purge hour
    assert purge_if_due(None, early) is None
    later = NOW.replace(hour=19, minute=30)  # 02:30 in Bangkok
    day = purge_if_due(None, later)
    assert day is not None and purge_if_due(day, later) == day
    assert purge_if_due(None, later + timedelta(minutes=5)) == day  # a second worker
    assert db.session.scalar(select(sa.func.count()).select_from(PurgeRun)) == 1
    assert db.session.scalar(select(RopaVersion.number)) == 1
