"""Case numbers never repeat, even with two hundred submissions at once."""

from __future__ import annotations

import threading
from collections import Counter

import sqlalchemy as sa

from portal.cases.numbering import format_case_number
from portal.cases.submit import CaseSubmission, submit_case
from portal.extensions import db
from portal.models import Case, CaseType, Office

SUBMISSIONS = 200
THREADS = 20


def test_two_hundred_concurrent_submissions_get_distinct_numbers(app, office):
    office_id = office.id
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def reporter(count: int) -> None:
        with app.app_context():
            barrier.wait()
            for i in range(count):
                try:
                    current = db.session.get(Office, office_id)
                    submit_case(current, CaseSubmission(
                        case_type=CaseType.COMPLAINT, subject=f"เรื่องทดสอบพร้อมกัน {i}",
                        description="ทดสอบการส่งเรื่องพร้อมกันจำนวนมากเพื่อดูเลขรับเรื่อง"))
                    db.session.commit()
                except BaseException as exc:  # collected and re-raised in the test thread
                    db.session.rollback()
                    errors.append(exc)
            db.session.remove()

    threads = [threading.Thread(target=reporter, args=(SUBMISSIONS // THREADS,))
               for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    numbers = db.session.scalars(sa.select(Case.number)).all()
    assert len(numbers) == SUBMISSIONS
    assert [n for n, c in Counter(numbers).items() if c > 1] == []
    sequences = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert sequences == list(range(1, SUBMISSIONS + 1))  # no gaps, no repeats


def test_number_format():
    assert format_case_number("NP2", 2569, 123) == "NP2-2569-000123"


def test_failed_submission_gives_its_number_back(app, office):
    submit_case(office, CaseSubmission(case_type=CaseType.QUESTION, subject="สอบถามการรับสมัคร",
                                       description="อยากทราบกำหนดการรับสมัครนักเรียนชั้นอนุบาล"))
    db.session.rollback()
    kept = submit_case(office, CaseSubmission(
        case_type=CaseType.QUESTION, subject="สอบถามการรับสมัคร",
        description="อยากทราบกำหนดการรับสมัครนักเรียนชั้นอนุบาล"))
    db.session.commit()
    assert kept.case.number.endswith("-000001")
