"""Each filter narrows the view; they combine; dates follow the Bangkok calendar."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from portal.cases.inbox import InboxFilters, Queue, inbox_page
from portal.extensions import db
from portal.models import CaseStatus, CaseType, Channel, District, Role
from tests.inbox.factories import category, group, make_case, make_user, schools


@pytest.fixture
def world(office):
    s1, s2, s3 = schools(office)  # s1, s2 in ศรีสงคราม; s3 in นาทม
    officer = make_user(office, Role.CASE_OFFICER, groups=[group(office, "promotion")])
    make_case(office, "lunch", school=s1, channel=Channel.PHONE, status=CaseStatus.IN_PROGRESS,
              category=category(office, CaseType.COMPLAINT), assignee=officer,
              description="นักเรียนได้รับอาหารกลางวันไม่ครบ",
              received_at=datetime(2026, 11, 23, 17, 30))  # 24 Nov 00:30 in Bangkok
    make_case(office, "question", school=s2, case_type=CaseType.QUESTION,
              category=category(office, CaseType.QUESTION),
              received_at=datetime(2026, 11, 23, 16, 30))  # 23 Nov 23:30 in Bangkok
    make_case(office, "suggestion", school=s3, case_type=CaseType.SUGGESTION,
              channel=Channel.LINE, status=CaseStatus.CLOSED,
              received_at=datetime(2026, 11, 1, 3, 0))
    make_case(office, "no school", received_at=datetime(2026, 10, 1, 3, 0))
    db.session.commit()
    return {"intake": make_user(office, Role.INTAKE), "officer": officer,
            "schools": (s1, s2, s3)}


def subjects(user, **filters) -> set[str]:
    page = inbox_page(user, Queue.ALL, InboxFilters(**filters), page_size=100)
    return {c.subject for c in page.cases}


def test_each_filter(office, world):
    intake, officer, (s1, s2, s3) = world["intake"], world["officer"], world["schools"]
    nathom = db.session.get(District, s3.district_id)
    assert subjects(intake) == {"lunch", "question", "suggestion", "no school"}
    assert subjects(intake, case_type=CaseType.QUESTION) == {"question"}
    assert subjects(intake, status=CaseStatus.CLOSED) == {"suggestion"}
    assert subjects(intake, category_id=category(office, CaseType.COMPLAINT).id) == {"lunch"}
    assert subjects(intake, school_id=s2.id) == {"question"}
    assert subjects(intake, district_id=nathom.id) == {"suggestion"}
    assert subjects(intake, district_id=s1.district_id) == {"lunch", "question"}
    assert subjects(intake, channel=Channel.LINE) == {"suggestion"}
    assert subjects(intake, assignee_id=officer.id) == {"lunch"}
    assert subjects(intake, text="อาหารกลางวัน") == {"lunch"}


def test_dates_are_bangkok_days(world):
    intake = world["intake"]
    assert subjects(intake, date_from=date(2026, 11, 24)) == {"lunch"}
    assert subjects(intake, date_to=date(2026, 11, 23)) == {"question", "suggestion",
                                                             "no school"}
    assert subjects(intake, date_from=date(2026, 11, 23), date_to=date(2026, 11, 23)) == {
        "question"}
    assert subjects(intake, date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)) == {
        "lunch", "question", "suggestion"}


def test_filters_combine_with_queue_and_visibility(world):
    intake, officer, (s1, _, _) = world["intake"], world["officer"], world["schools"]
    assert subjects(intake, school_id=s1.id, status=CaseStatus.IN_PROGRESS) == {"lunch"}
    assert subjects(intake, school_id=s1.id, status=CaseStatus.NEW) == set()
    assert subjects(intake, district_id=s1.district_id, text="กลางวัน",
                    channel=Channel.PHONE) == {"lunch"}
    # A filter never widens what a user may see.
    assert subjects(officer, case_type=CaseType.QUESTION) == set()
    page = inbox_page(intake, Queue.NEW, InboxFilters(school_id=s1.id))
    assert page.cases == []
