"""Two officers on the same case at once: the second is told, and nothing is lost."""

from __future__ import annotations

import pytest

from portal.cases import workflow
from portal.cases.errors import StaleCase
from portal.extensions import db
from portal.models import Case, CaseStatus, DeclineReason, EventKind, User
from tests.cases.factories import file_case


def in_other_session(app, case_id: int, user_id: int, action) -> None:
    """Load the case afresh in a second app context (its own session), act and commit."""
    with app.app_context():
        case = db.session.get(Case, case_id)
        action(case, db.session.get(User, user_id))
        db.session.commit()
        db.session.remove()


def test_the_slower_officer_gets_stale_case_and_the_first_change_stays(app, office, staff):
    case = file_case(office)
    case_id, loaded_version = case.id, case.lock_version
    case = db.session.get(Case, case_id)  # officer A has the page open …
    assert case.status is CaseStatus.NEW

    # … meanwhile officer B, in another session, acknowledges and assigns.
    in_other_session(app, case_id, staff.intake.id, lambda c, u: workflow.assign_case(
        c, u, c.work_group, db.session.get(User, staff.officer.id), c.lock_version))

    # A acts on the stale copy: the version check passes in memory, the UPDATE finds no row.
    with pytest.raises(StaleCase) as stale:
        workflow.decline_case(case, staff.intake, DeclineReason.INSUFFICIENT, "", loaded_version)
    assert "ถูกแก้ไขโดยผู้อื่น" in str(stale.value)
    db.session.rollback()

    fresh = db.session.get(Case, case_id)
    assert fresh.status is CaseStatus.ACKNOWLEDGED and fresh.assignee_id == staff.officer.id
    assert EventKind.ASSIGNED in [e.kind for e in fresh.events]
    assert fresh.lock_version > loaded_version

    # A reloads the page and submits again with the version it was shown: refused up front.
    with pytest.raises(StaleCase):
        workflow.reply_publicly(fresh, staff.intake, "ตอบ", loaded_version)
    db.session.rollback()
    # With the current version it works, and B's work is still there.
    workflow.reply_publicly(fresh, staff.intake, "ตอบ", fresh.lock_version)
    db.session.commit()
    assert fresh.status is CaseStatus.IN_PROGRESS and fresh.assignee_id == staff.officer.id


def test_concurrent_notes_do_not_conflict(app, office, staff):
    case = file_case(office)
    case = db.session.get(Case, case.id)
    in_other_session(app, case.id, staff.intake.id,
                     lambda c, u: workflow.add_internal_note(c, u, "บันทึกของ B"))
    workflow.add_internal_note(case, staff.director, "บันทึกของ A")
    db.session.commit()
    db.session.expire_all()
    bodies = [e.body for e in db.session.get(Case, case.id).events]
    assert "บันทึกของ A" in bodies and "บันทึกของ B" in bodies
