"""Queue membership and counts, as each role sees them; confidentiality and recusal hold."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.cases.inbox import (
    InboxFilters,
    Queue,
    available_queues,
    inbox_page,
    inbox_select,
    queue_counts,
)
from portal.extensions import db
from portal.models import OPEN_STATUSES, CaseStatus, CaseType, Recusal, RecusalReason, Role
from portal.search.schema import OPEN_STATUS_VALUES
from tests.factories import make_office
from tests.inbox.factories import group, make_case, make_user

# 10:00 in Bangkok on 24 Nov 2026; Bangkok midnight starting that day is 23 Nov 17:00 UTC.
NOW = datetime(2026, 11, 24, 3, 0)
TODAY = datetime(2026, 11, 23, 17, 0)


def due(days: float) -> dict:
    return {"reply_due_at": TODAY + timedelta(days=days)}


@pytest.fixture
def world(office):
    promotion, legal = group(office, "promotion"), group(office, "legal")
    people = {
        "intake": make_user(office, Role.INTAKE),
        "officer": make_user(office, Role.CASE_OFFICER, groups=[promotion]),
        "legal_officer": make_user(office, Role.CASE_OFFICER, groups=[legal]),
        "integrity": make_user(office, Role.INTEGRITY, groups=[legal]),
        "director": make_user(office, Role.DIRECTOR),
    }
    officer = people["officer"]
    g = {"work_group": promotion}
    cases = {
        "new": make_case(office, "new", status=CaseStatus.NEW, **g, **due(10)),
        "acknowledged": make_case(office, "acknowledged", status=CaseStatus.ACKNOWLEDGED,
                                  **g, **due(9)),
        "mine": make_case(office, "mine", status=CaseStatus.IN_PROGRESS, assignee=officer,
                          **g, **due(8)),
        "due_today": make_case(office, "due_today", status=CaseStatus.IN_PROGRESS,
                               assignee=officer, **g, **due(0.01)),
        "due_in_3": make_case(office, "due_in_3", status=CaseStatus.IN_PROGRESS, **g,
                              **due(3.99)),
        "due_in_4": make_case(office, "due_in_4", status=CaseStatus.IN_PROGRESS, **g,
                              **due(4.0)),
        "overdue": make_case(office, "overdue", status=CaseStatus.ACKNOWLEDGED, **g,
                             **due(-0.01)),
        "awaiting": make_case(office, "awaiting", status=CaseStatus.AWAITING_REPORTER,
                              assignee=officer, **g, **due(-2)),  # paused: not overdue
        "closed": make_case(office, "closed", status=CaseStatus.CLOSED, **g, **due(-30)),
        "no_group": make_case(office, "no_group", status=CaseStatus.NEW, **due(12)),
        "corruption": make_case(office, "corruption", case_type=CaseType.CORRUPTION,
                                status=CaseStatus.NEW, work_group=legal, **due(1)),
        "corruption_mine": make_case(office, "corruption_mine", case_type=CaseType.CORRUPTION,
                                     status=CaseStatus.IN_PROGRESS, work_group=legal,
                                     assignee=people["integrity"], **due(-1)),
    }
    other = make_office("XX2")
    make_case(other, "other office", status=CaseStatus.NEW, **due(1))
    db.session.commit()
    return people, cases


def listed(user, queue, **filters) -> set[str]:
    page = inbox_page(user, queue, InboxFilters(**filters), page_size=500, now=NOW)
    return {c.subject for c in page.cases}


OPEN_GENERAL = {"new", "acknowledged", "mine", "due_today", "due_in_3", "due_in_4", "overdue",
                "awaiting", "no_group"}

INTAKE_EXPECTED = {
    Queue.OPEN: OPEN_GENERAL,
    Queue.NEW: {"new", "no_group"},
    Queue.UNASSIGNED: OPEN_GENERAL - {"mine", "due_today", "awaiting"},
    Queue.MINE: set(),
    Queue.MY_GROUPS: set(),
    Queue.DUE_SOON: {"due_today", "due_in_3"},
    Queue.OVERDUE: {"overdue"},
    Queue.AWAITING_REPORTER: {"awaiting"},
    Queue.ALL: OPEN_GENERAL | {"closed"},
}


@pytest.mark.parametrize("queue", list(INTAKE_EXPECTED))
def test_intake_queues(world, queue):
    people, _ = world
    assert listed(people["intake"], queue) == INTAKE_EXPECTED[queue]


def test_case_officer_sees_their_groups_and_their_own(world):
    people, _ = world
    officer = people["officer"]
    assert listed(officer, Queue.MINE) == {"mine", "due_today", "awaiting"}
    assert listed(officer, Queue.MY_GROUPS) == OPEN_GENERAL - {"no_group"}
    assert listed(officer, Queue.ALL) == OPEN_GENERAL - {"no_group"} | {"closed"}
    assert listed(officer, Queue.NEW) == {"new"}
    legal_officer = people["legal_officer"]
    assert listed(legal_officer, Queue.ALL) == set()  # corruption is not for case officers


def test_confidential_cases_only_for_integrity_and_director(world):
    people, _ = world
    assert Queue.CONFIDENTIAL not in available_queues(people["intake"])
    assert Queue.CONFIDENTIAL not in available_queues(people["officer"])
    assert listed(people["intake"], Queue.CONFIDENTIAL) == set()
    assert "confidential" not in queue_counts(people["intake"], now=NOW)
    for role in ("integrity", "director"):
        user = people[role]
        assert Queue.CONFIDENTIAL in available_queues(user)
        assert listed(user, Queue.CONFIDENTIAL) == {"corruption", "corruption_mine"}
        assert {"corruption", "corruption_mine"} <= listed(user, Queue.ALL)
    integrity = people["integrity"]
    assert listed(integrity, Queue.MINE) == {"corruption_mine"}
    assert listed(integrity, Queue.OVERDUE) == {"overdue", "corruption_mine"}
    assert listed(integrity, Queue.MY_GROUPS) == {"corruption", "corruption_mine"}


def test_recused_staff_lose_the_case_everywhere(world):
    people, cases = world
    intake, integrity = people["intake"], people["integrity"]
    db.session.add_all([
        Recusal(case_id=cases["new"].id, user_id=intake.id, reason=RecusalReason.DECLARED_CONFLICT),
        Recusal(case_id=cases["corruption"].id, user_id=integrity.id,
                reason=RecusalReason.NAMED_RESPONDENT),
    ])
    db.session.commit()
    assert "new" not in listed(intake, Queue.ALL) | listed(intake, Queue.NEW)
    assert queue_counts(intake, now=NOW)["new"] == 1
    assert listed(integrity, Queue.CONFIDENTIAL) == {"corruption_mine"}
    assert "new" in listed(people["director"], Queue.NEW)


@pytest.mark.parametrize("role", ["intake", "officer", "integrity", "director", "legal_officer"])
@pytest.mark.parametrize("include_all", [False, True])
def test_counts_match_the_lists_in_one_query(world, role, include_all, query_counter):
    people, _ = world
    user = people[role]
    user.role_set  # noqa: B018 - roles loaded before counting queries
    with query_counter() as count:
        counts = queue_counts(user, now=NOW, include_all=include_all)
    assert count.value == 1
    queues = [q for q in available_queues(user) if include_all or q is not Queue.ALL]
    assert list(counts) == [q.value for q in queues]
    for queue in queues:
        assert counts[queue.value] == len(listed(user, queue)), queue


def test_work_queues_read_the_open_cases_index(world):
    people, _ = world
    statuses = tuple(s.value for s in OPEN_STATUSES)
    assert statuses == OPEN_STATUS_VALUES  # the partial indexes' WHERE repeats these literals
    if db.engine.dialect.name != "sqlite":
        return
    sql = str(inbox_select(people["intake"], Queue.OVERDUE, InboxFilters(), now=NOW)
              .compile(db.engine, compile_kwargs={"render_postcompile": True}))
    assert "status IN ('new', 'acknowledged', 'in_progress', 'awaiting_reporter')" in sql


def test_other_offices_cases_never_appear(world):
    people, _ = world
    for user in people.values():
        assert "other office" not in listed(user, Queue.ALL)


def test_inactive_or_non_case_roles_see_nothing(world, office):
    people, _ = world
    pr = make_user(office, Role.PR)
    assert listed(pr, Queue.ALL) == set()
    intake = people["intake"]
    intake.active = False
    assert listed(intake, Queue.ALL) == set()
