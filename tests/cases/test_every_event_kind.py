"""Every EventKind the models declare is written through the services on the migrated schema.

Issue 6: the first migration's CHECK on case_events.kind allowed five kinds, and the suite,
built from the models rather than the migrations,
never noticed. This walks one case (and a duplicate merged into it)
through every service that writes an event, committing after each step as a request would,
and compares the kinds stored in the database with the enum itself.
"""

from __future__ import annotations

import sqlalchemy as sa

from portal.cases import workflow
from portal.cases.tracking import add_reporter_message
from portal.extensions import db
from portal.models import EventKind, Outcome, Priority
from tests.cases.factories import file_case, group


def test_every_event_kind_is_written_on_the_migrated_database(app, office, staff, frozen):
    intake, officer = staff.intake, staff.officer
    case = file_case(office)  # submitted
    duplicate = file_case(office, subject="อาหารกลางวันไม่พอ")
    steps = [
        lambda: workflow.acknowledge_case(case, intake, case.lock_version),
        lambda: workflow.assign_case(case, intake, group(office, "promotion"), officer,
                                     case.lock_version),
        lambda: workflow.update_case_details(case, intake, case.lock_version,
                                             priority=Priority.HIGH),
        lambda: workflow.request_information(case, officer, "ขอทราบชื่อชั้นเรียน",
                                             case.lock_version),
        lambda: add_reporter_message(case, "ชั้นประถมศึกษาปีที่ 3", []),
        lambda: workflow.reply_publicly(case, officer, "<p>กำลังตรวจสอบ</p>", case.lock_version),
        lambda: workflow.add_internal_note(case, officer, "โทรหาโรงเรียนแล้ว"),
        lambda: workflow.resolve_case(case, officer, Outcome.UPHELD, "โรงเรียนเพิ่มปริมาณอาหาร",
                                      case.lock_version),
        lambda: workflow.dispute_outcome(case, "ยังไม่เพียงพอ"),
        lambda: workflow.resolve_case(case, officer, Outcome.PARTLY_UPHELD,
                                      "เพิ่มอาหารอีกมื้อ", case.lock_version),
        lambda: workflow.confirm_outcome(case),
        lambda: workflow.rate_handling(case, 4, "ดีขึ้นแล้ว"),
        lambda: workflow.reopen_case(case, intake, "ผู้ปกครองแจ้งว่ากลับเป็นเหมือนเดิม",
                                     case.lock_version),
        lambda: workflow.merge_case(duplicate, intake, case, duplicate.lock_version),
        lambda: workflow.declare_conflict(case, officer, "ญาติเป็นครูในโรงเรียนนี้"),
    ]
    for step in steps:
        frozen.advance(minutes=5)
        step()
        db.session.commit()  # one commit per step, as each request makes
    db.session.expire_all()

    stored = db.session.execute(sa.text("SELECT DISTINCT kind FROM case_events")).scalars()
    assert {EventKind(kind) for kind in stored} == set(EventKind)
