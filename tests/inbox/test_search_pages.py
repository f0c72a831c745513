"""Text search pages: whichever plan runs (index first, row by row, fallback), same cases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.cases import inbox
from portal.cases.inbox import InboxFilters, Queue, Sort, inbox_page, inbox_select
from portal.clock import utcnow
from portal.extensions import db
from portal.models import CaseStatus, CaseType, Role
from portal.search import query
from tests.inbox.factories import group, make_case, make_user

T0 = utcnow() + timedelta(days=3)


@pytest.fixture
def cases(office):
    """60 cases: lunch in every third; a word only confidential reports use; open and closed."""
    promotion, legal = group(office, "promotion"), group(office, "legal")
    for i in range(60):
        make_case(office, f"เรื่องที่ {i}",
                  description="นักเรียนไม่ได้รับอาหารกลางวัน" if i % 3 == 0 else "ห้องน้ำชำรุด",
                  status=CaseStatus.CLOSED if i % 4 == 0 else CaseStatus.IN_PROGRESS,
                  work_group=promotion, flush=False,
                  reply_due_at=T0 + timedelta(hours=i % 7), received_at=T0 - timedelta(hours=i))
    for i in range(8):
        make_case(office, f"ลับ {i}", description="ใช้รถราชการไปธุระส่วนตัว",
                  case_type=CaseType.CORRUPTION, work_group=legal, flush=False,
                  reply_due_at=T0 - timedelta(hours=i))
    db.session.commit()


@pytest.fixture(params=["index", "rows", "rows_then_index"])
def plan(request, monkeypatch):
    """Force each plan with tiny thresholds: in the last, a page must fill from one case a row."""
    common = {"index": 10**9, "rows": 1, "rows_then_index": 1}[request.param]
    window = {"index": 80, "rows": 80, "rows_then_index": 1}[request.param]
    monkeypatch.setattr(query, "COMMON_MATCHES", common)
    monkeypatch.setattr(inbox, "SEARCH_WINDOW_PER_ROW", window)
    return request.param


def walk(user, queue, filters, sort, size) -> list[int]:
    ids, cursor = [], None
    while True:
        page = inbox_page(user, queue, filters, sort, cursor, size)
        ids += [c.id for c in page.cases]
        assert len(page.cases) <= size
        if not page.has_next:
            return ids
        cursor = page.next_cursor


def expected(user, queue, filters, sort) -> list[int]:
    return [c.id for c in db.session.scalars(inbox_select(user, queue, filters, sort)).unique()]


@pytest.mark.parametrize("sort", list(Sort))
@pytest.mark.parametrize("words", ["อาหารกลางวัน", "รถราชการ", "เรื่องที่ 1", "ที่"])
def test_every_plan_finds_the_same_pages(office, cases, plan, sort, words):
    filters = InboxFilters(text=words)
    for role in (Role.INTAKE, Role.INTEGRITY):
        user = make_user(office, role)
        for queue in (Queue.ALL, Queue.OVERDUE, Queue.CONFIDENTIAL):
            want = expected(user, queue, filters, sort)
            for size in (3, 25):
                assert walk(user, queue, filters, sort, size) == want, (role, queue, size)


def test_a_word_of_confidential_reports_finds_nothing_for_intake(office, cases, plan):
    intake = make_user(office, Role.INTAKE)
    assert inbox_page(intake, filters=InboxFilters(text="รถราชการ")).cases == []
    integrity = make_user(office, Role.INTEGRITY)
    assert len(inbox_page(integrity, filters=InboxFilters(text="รถราชการ")).cases) == 8


def test_queries_per_search_page_do_not_grow_with_its_size(office, cases, plan, query_counter):
    intake = make_user(office, Role.INTAKE)
    intake.role_set  # noqa: B018
    counts = set()
    for size in (2, 10, 40):
        with query_counter() as counter:
            inbox_page(intake, filters=InboxFilters(text="อาหารกลางวัน"), page_size=size)
        counts.add(counter.value)
    assert len(counts) == 1 and counts.pop() <= 4
