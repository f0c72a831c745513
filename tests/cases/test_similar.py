"""Similar open cases for merging: Thai words found without spaces, unrelated cases below."""

from __future__ import annotations

from portal.cases import workflow
from portal.cases.similar import content_words
from portal.extensions import db
from portal.models import CaseStatus, CaseType
from tests.cases.factories import file_case, put_in_status, schools


def test_thai_words_are_segmented_without_spaces():
    words = content_words("อาหารกลางวันของนักเรียนมีปริมาณน้อย")
    assert {"อาหารกลางวัน", "นักเรียน", "ปริมาณ"} <= words
    assert "ของ" not in words and "มี" not in words  # stop words


def test_lunch_cases_rank_above_unrelated_ones(app, office, staff):
    school = schools(office)[0]
    case = file_case(office, subject="อาหารกลางวันไม่พอ",
                     description="อาหารกลางวันที่โรงเรียนบ้านสามผงมีปริมาณน้อยนักเรียนไม่อิ่ม",
                     school=school)
    lunch_1 = file_case(office, subject="ร้องเรียนอาหารกลางวัน",
                        description="นักเรียนได้อาหารกลางวันน้อย ปริมาณไม่เพียงพอ ไม่อิ่ม")
    lunch_2 = file_case(office, subject="คุณภาพอาหารกลางวันโรงเรียน",
                        description="อาหารกลางวันไม่สะอาดและปริมาณน้อยมาก", school=school)
    unrelated = [
        file_case(office, subject="ครูมาสาย", description="ครูประจำชั้นมาสอนสายทุกวันจันทร์"),
        file_case(office, subject="ถนนหน้าโรงเรียนชำรุด",
                  description="ถนนทางเข้าเป็นหลุมเป็นบ่อ รถจักรยานยนต์ล้มบ่อย"),
        file_case(office, CaseType.QUESTION, subject="สอบถามการรับสมัคร",
                  description="ขอทราบกำหนดการรับสมัครนักเรียนชั้นอนุบาล"),
    ]
    closed_lunch = put_in_status(file_case(office), CaseStatus.CLOSED)
    found = workflow.similar_open_cases(case, staff.intake, limit=5)
    ids = [s.case.id for s in found]
    assert set(ids[:2]) == {lunch_1.id, lunch_2.id}
    assert case.id not in ids and closed_lunch.id not in ids
    scores = {s.case.id: s.score for s in found}
    assert all(scores[lunch_1.id] > scores.get(u.id, 0) for u in unrelated)
    assert all(scores[lunch_2.id] > scores.get(u.id, 0) for u in unrelated)
    assert len(workflow.similar_open_cases(case, staff.intake, limit=1)) == 1


def test_only_cases_the_officer_may_see(app, office, staff):
    case = file_case(office, subject="อาหารกลางวันไม่พอ")
    secret = file_case(office, CaseType.CORRUPTION, subject="ทุจริตงบอาหารกลางวัน",
                       description="อาหารกลางวันไม่พอเพราะมีการทุจริตงบประมาณ")
    db.session.commit()
    assert secret.id not in [s.case.id for s in workflow.similar_open_cases(case, staff.intake)]
    assert secret.id in [s.case.id for s in workflow.similar_open_cases(case, staff.director)]
    assert workflow.similar_open_cases(case, staff.pr) == []
