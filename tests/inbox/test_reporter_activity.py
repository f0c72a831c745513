""""New from the reporter" and the last activity: kept as timeline entries are written, cleared
per staff member when that staff member opens the case."""

from __future__ import annotations

from datetime import timedelta

from portal.cases.activity import mark_seen
from portal.cases.inbox import InboxFilters, Queue, Sort, inbox_page
from portal.cases.tracking import add_reporter_message
from portal.clock import utcnow
from portal.extensions import db
from portal.models import (
    ActorType,
    Case,
    CaseEvent,
    CaseStatus,
    EventKind,
    Role,
    User,
    Visibility,
)
from tests.inbox.factories import make_case, make_user


def _marked(user, **filters) -> dict[str, bool]:
    page = inbox_page(user, Queue.ALL, InboxFilters(**filters), page_size=100)
    return {c.subject: bool(c.new_from_reporter) for c in page.cases}


def _reload(case_id: int) -> Case:
    db.session.expire_all()
    return db.session.get(Case, case_id)


def _write(case: Case, body: str = "ข้อมูลเพิ่มเติม") -> None:
    add_reporter_message(case, body, [])
    db.session.commit()


def test_reporter_writing_marks_the_case_for_staff_who_looked_before(office):
    first, second = make_user(office, Role.INTAKE), make_user(office, Role.INTAKE)
    case = make_case(office, "message", status=CaseStatus.IN_PROGRESS)
    make_case(office, "quiet", status=CaseStatus.IN_PROGRESS)
    db.session.commit()
    # Nothing from the reporter since the submission: no marker, opened or not.
    assert _marked(first) == {"message": False, "quiet": False}
    mark_seen(first, case, utcnow() - timedelta(minutes=5))
    db.session.commit()

    _write(case)

    assert _marked(first) == {"message": True, "quiet": False}
    assert _marked(second) == {"message": True, "quiet": False}  # never opened: marked too
    assert _marked(first, from_reporter=True) == {"message": True}


def test_opening_the_case_clears_the_marker_for_that_staff_member_only(office, login_as):
    client = login_as(Role.INTAKE)
    other = make_user(office, Role.INTAKE)
    case = make_case(office, "message", status=CaseStatus.IN_PROGRESS)
    db.session.commit()
    _write(case)
    assert _marked(db.session.get(User, client.user.id)) == {"message": True}

    assert client.get(f"/staff/cases/{case.number}").status_code == 200

    db.session.expire_all()
    assert _marked(db.session.get(User, client.user.id)) == {"message": False}
    assert _marked(db.session.get(User, other.id)) == {"message": True}
    assert _marked(db.session.get(User, client.user.id), from_reporter=True) == {}
    # The reporter writes again: marked again for the one who had looked.
    _write(_reload(case.id), "อีกครั้ง")
    assert _marked(db.session.get(User, client.user.id)) == {"message": True}


def test_every_reporter_word_counts_but_the_submission_and_staff_entries(office):
    staff = make_user(office, Role.INTAKE)
    case = make_case(office, "disputed", status=CaseStatus.RESOLVED)
    db.session.commit()
    before = _reload(case.id).last_activity_at
    later = utcnow() + timedelta(seconds=1)
    db.session.add(CaseEvent(case_id=case.id, kind=EventKind.INTERNAL_NOTE,
                             actor_type=ActorType.STAFF, actor_user_id=staff.id,
                             visibility=Visibility.INTERNAL, created_at=later))
    db.session.commit()
    case = _reload(case.id)
    assert case.last_activity_at == later > before  # any entry is activity …
    assert case.reporter_activity_at is None  # … but only the reporter's words mark
    version = case.lock_version
    disputed = later + timedelta(seconds=1)
    case.events.append(CaseEvent(kind=EventKind.REPORTER_DISPUTED, actor_type=ActorType.REPORTER,
                                 visibility=Visibility.PUBLIC, created_at=disputed))
    db.session.commit()
    case = _reload(case.id)
    assert case.reporter_activity_at == disputed == case.last_activity_at
    assert case.lock_version == version  # a timeline entry does not make open forms stale
    assert _marked(staff) == {"disputed": True}


def test_a_submitted_case_starts_with_its_own_activity_and_no_marker(office):
    intake = make_user(office, Role.INTAKE)
    case = make_case(office, "fresh")
    case.events.append(CaseEvent(kind=EventKind.SUBMITTED, actor_type=ActorType.REPORTER,
                                 visibility=Visibility.PUBLIC, created_at=case.received_at))
    db.session.commit()
    case = _reload(case.id)
    assert case.last_activity_at == case.received_at
    assert case.reporter_activity_at is None
    assert _marked(intake) == {"fresh": False}


def test_sorted_by_last_activity_newest_first_across_pages(office):
    intake = make_user(office, Role.INTAKE)
    now = utcnow()
    for n in range(7):
        make_case(office, f"c{n}", last_activity_at=now - timedelta(hours=(n * 5) % 7))
    db.session.commit()
    seen, cursor = [], None
    while True:
        page = inbox_page(intake, Queue.ALL, sort=Sort.ACTIVITY, cursor=cursor, page_size=3)
        seen += [c.last_activity_at for c in page.cases]
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert len(seen) == 7
    assert seen == sorted(seen, reverse=True)
