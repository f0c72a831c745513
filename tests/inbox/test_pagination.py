"""Keyset pages: every case exactly once in order, ties broken by id, one query per page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.cases.inbox import (
    InboxFilters,
    InvalidCursor,
    Queue,
    Sort,
    inbox_page,
    inbox_select,
)
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Case, Category, Role, School, User, WorkGroup
from tests.inbox.factories import group, make_case, make_user, schools

T0 = utcnow().replace(microsecond=0) + timedelta(days=5)


@pytest.fixture
def intake(office):
    return make_user(office, Role.INTAKE)


@pytest.fixture
def many(office, intake):
    """23 cases; ten share one deadline and five share one received time."""
    for i in range(23):
        make_case(office, f"case {i:02d}",
                  reply_due_at=T0 if i % 2 == 0 and i < 20 else T0 + timedelta(hours=i),
                  received_at=T0 - timedelta(days=30) if i < 5 else T0 - timedelta(hours=i),
                  flush=False)
    db.session.commit()


def walk(user, sort: Sort, page_size: int, **kwargs) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        page = inbox_page(user, Queue.ALL, sort=sort, cursor=cursor, page_size=page_size,
                          **kwargs)
        pages.append([c.id for c in page.cases])
        if not page.has_next:
            return pages
        cursor = page.next_cursor


def expected_order(user, sort: Sort) -> list[int]:
    stmt = inbox_select(user, Queue.ALL, InboxFilters(), sort)
    return [c.id for c in db.session.scalars(stmt).unique()]


@pytest.mark.parametrize("sort", list(Sort))
@pytest.mark.parametrize("page_size", [1, 4, 5, 23, 100])
def test_pages_cover_every_case_once_in_order(many, intake, sort, page_size):
    pages = walk(intake, sort, page_size)
    flat = [i for page in pages for i in page]
    assert flat == expected_order(intake, sort)
    assert len(flat) == len(set(flat)) == 23
    assert all(len(p) == page_size for p in pages[:-1])
    assert len(pages) == -(-23 // page_size)


def test_order_of_each_sort(many, intake):
    cases = {c.id: c for c in db.session.scalars(select(Case))}
    deadline = [cases[i] for i in expected_order(intake, Sort.DEADLINE)]
    assert [(c.reply_due_at, c.id) for c in deadline] == sorted(
        (c.reply_due_at, c.id) for c in deadline)
    newest = [cases[i] for i in expected_order(intake, Sort.RECEIVED_DESC)]
    assert [(c.received_at, c.id) for c in newest] == sorted(
        ((c.received_at, c.id) for c in newest), reverse=True)


def test_pages_stay_stable_when_cases_arrive_meanwhile(office, many, intake):
    first = inbox_page(intake, Queue.ALL, page_size=5)
    make_case(office, "arrived early", reply_due_at=T0 - timedelta(days=1))
    db.session.commit()
    second = inbox_page(intake, Queue.ALL, cursor=first.next_cursor, page_size=5)
    seen = {c.id for c in first.cases}
    assert not seen & {c.id for c in second.cases}
    assert "arrived early" not in {c.subject for c in second.cases}


def test_no_offset_is_ever_sent(many, intake, query_counter):
    with query_counter() as counter:
        walk(intake, Sort.DEADLINE, 4)
    assert counter.statements
    for statement, parameters in counter.statements:
        if "OFFSET" in statement:  # SQLAlchemy's SQLite dialect always adds "OFFSET 0"
            assert statement.rstrip().endswith("OFFSET ?") and parameters[-1] == 0


def test_cursors_are_opaque_and_checked(app, many, intake):
    page = inbox_page(intake, Queue.ALL, sort=Sort.DEADLINE, page_size=3)
    token = page.next_cursor
    assert token and all(ch.isalnum() or ch in "-_" for ch in token)
    with app.test_request_context():  # the error's message is translated
        with pytest.raises(InvalidCursor):
            inbox_page(intake, Queue.ALL, sort=Sort.RECEIVED_DESC, cursor=token)
        for bad in ("garbage!", "e30", "WyJkZWFkbGluZSIsIjIwMjYiXQ", "W10", "bnVsbA"):
            with pytest.raises(InvalidCursor):
                inbox_page(intake, Queue.ALL, cursor=bad)


def test_page_size_is_bounded(many, intake):
    assert inbox_page(intake, Queue.ALL, page_size=0).page_size == 1
    assert len(inbox_page(intake, Queue.ALL, page_size=10_000).cases) == 23


@pytest.fixture
def varied(office) -> int:
    """60 cases with varied categories, schools, groups and officers; the intake user's id."""
    extra_groups = [WorkGroup(office_id=office.id, code=f"g{i}", name_th=f"กลุ่ม {i}")
                    for i in range(4)]
    extra_schools = [School(office_id=office.id, code=f"S{i}", name_th=f"โรงเรียน {i}")
                     for i in range(6)]
    db.session.add_all(extra_groups + extra_schools)
    db.session.flush()
    groups = [group(office, "promotion"), group(office, "legal"), *extra_groups]
    categories = list(db.session.scalars(select(Category).where(Category.office_id == office.id)))
    officers = [make_user(office, Role.CASE_OFFICER, groups=[g]) for g in groups]
    all_schools = schools(office)
    for i in range(60):
        make_case(office, f"varied {i}", work_group=groups[i % len(groups)],
                  school=all_schools[i % len(all_schools)],
                  category=categories[i % len(categories)],
                  assignee=officers[i % len(officers)], reply_due_at=T0 + timedelta(minutes=i),
                  flush=False)
    intake = make_user(office, Role.INTAKE)
    db.session.commit()
    return intake.id


def fresh_user(user_id: int) -> User:
    """As at the start of a request: an empty session, the user and roles loaded by login."""
    db.session.expunge_all()
    user = db.session.get(User, user_id)
    user.role_set  # noqa: B018
    return user


def _inbox_row(case) -> None:
    """What templates/staff/inbox.html shows of each row's related rows."""
    _ = (case.school.name_th, case.work_group.name_th, case.assignee.name)


def _export_row(case) -> None:
    """What the CSV export writes of them (portal/cases/export.py)."""
    _ = (case.category.name_th, case.school.name_th, case.school.district,
         case.work_group.name_th, case.assignee.name)


@pytest.mark.parametrize("sort", list(Sort))
@pytest.mark.parametrize(("with_places", "touch"), [(False, _inbox_row), (True, _export_row)])
def test_queries_per_page_do_not_grow_with_page_size(varied, query_counter, sort, with_places,
                                                    touch):
    counts = {}
    for size in (5, 25, 50):
        first = inbox_page(fresh_user(varied), Queue.ALL, sort=sort, page_size=size)
        user = fresh_user(varied)
        with query_counter() as counter:
            page = inbox_page(user, Queue.ALL, sort=sort, page_size=size,
                              cursor=first.next_cursor, with_places=with_places)
            for case in page.cases:
                touch(case)
        assert len(page.cases) == min(size, 60 - size)
        counts[size] = counter.value
    assert counts == {5: 1, 25: 1, 50: 1}
