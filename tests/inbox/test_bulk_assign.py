"""Bulk assign: each case checked on its own, refusals reported, one event per case."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.cases.bulk import bulk_assign
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import (
    ActorType,
    Case,
    CaseEvent,
    CaseStatus,
    CaseType,
    EventKind,
    Recusal,
    RecusalReason,
    Role,
    Visibility,
)
from tests.factories import make_office
from tests.inbox.factories import group, make_case, make_user


@pytest.fixture
def setup(office):
    promotion, legal = group(office, "promotion"), group(office, "legal")
    people = {
        "intake": make_user(office, Role.INTAKE),
        "officer": make_user(office, Role.CASE_OFFICER, groups=[promotion], name="ครูสมศรี"),
        "colleague": make_user(office, Role.CASE_OFFICER, groups=[promotion]),
        "legal_officer": make_user(office, Role.CASE_OFFICER, groups=[legal]),
        "integrity": make_user(office, Role.INTEGRITY, groups=[legal]),
    }
    cases = {name: make_case(office, name, work_group=promotion if i % 2 else None)
             for i, name in enumerate(("a", "b", "c", "d"))}
    cases["closed"] = make_case(office, "closed", status=CaseStatus.CLOSED, work_group=promotion)
    cases["corruption"] = make_case(office, "corruption", case_type=CaseType.CORRUPTION,
                                    work_group=legal)
    cases["other_office"] = make_case(make_office("XX9"), "elsewhere")
    db.session.commit()
    return people, cases


def events(case: Case) -> list[CaseEvent]:
    return list(db.session.scalars(select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == EventKind.ASSIGNED)))


def test_intake_assigns_several_cases_with_one_event_each(office, setup):
    people, cases = setup
    promotion = group(office, "promotion")
    notified = []
    ids = [cases[n].id for n in ("a", "b", "c")]
    result = bulk_assign(people["intake"], ids + ids[:1], promotion, people["officer"],
                         on_assigned=notified.append)
    db.session.commit()
    assert [c.id for c in result.assigned] == ids and result.skipped == []
    assert notified == result.assigned
    for case in result.assigned:
        assert case.work_group_id == promotion.id and case.assignee_id == people["officer"].id
        [event] = events(case)
        assert event.actor_type is ActorType.STAFF
        assert event.actor_user_id == people["intake"].id
        assert event.visibility is Visibility.INTERNAL
        assert "ครูสมศรี" in event.body and promotion.name_th in event.body
    assert events(cases["d"]) == []


def test_refusals_are_reported_and_the_rest_assigned(office, setup):
    people, cases = setup
    db.session.add(Recusal(case_id=cases["b"].id, user_id=people["intake"].id,
                            reason=RecusalReason.DECLARED_CONFLICT))
    db.session.commit()
    ids = [cases[n].id for n in ("a", "b", "closed", "corruption", "other_office")] + [999_999]
    result = bulk_assign(people["intake"], ids, group(office, "promotion"), None)
    assert [c.subject for c in result.assigned] == ["a"]
    skipped = {s.case_id: s for s in result.skipped}
    assert set(skipped) == set(ids) - {cases["a"].id}
    # Cases the user may not see are "not found", without their number.
    for name in ("b", "corruption", "other_office"):
        assert skipped[cases[name].id].number == ""
    assert skipped[cases["closed"].id].number == cases["closed"].number
    assert all(events(cases[n]) == [] for n in ("b", "closed", "corruption", "other_office"))


def test_the_officer_named_must_be_able_to_see_the_case(office, setup):
    people, cases = setup
    integrity = people["integrity"]
    db.session.add(Recusal(case_id=cases["c"].id, user_id=people["officer"].id,
                            reason=RecusalReason.NAMED_RESPONDENT))
    db.session.commit()
    promotion, legal = group(office, "promotion"), group(office, "legal")
    result = bulk_assign(integrity, [cases["a"].id, cases["c"].id], promotion, people["officer"])
    assert [c.subject for c in result.assigned] == ["a"]
    assert [s.case_id for s in result.skipped] == [cases["c"].id]
    # A confidential case goes to someone with the integrity role, not to a case officer.
    result = bulk_assign(integrity, [cases["corruption"].id], legal, people["legal_officer"])
    assert result.assigned == [] and len(result.skipped) == 1
    result = bulk_assign(integrity, [cases["corruption"].id], legal, integrity)
    assert result.assigned == [cases["corruption"]]


def test_officer_not_in_the_group_is_refused(office, setup):
    people, cases = setup
    result = bulk_assign(people["intake"], [cases["b"].id], None, people["legal_officer"])
    assert result.assigned == [] and len(result.skipped) == 1


def test_moving_to_another_group_clears_the_officer(office, setup):
    people, cases = setup
    b = cases["b"]
    bulk_assign(people["intake"], [b.id], None, people["officer"])
    legal = group(office, "legal")
    bulk_assign(people["intake"], [b.id], legal, None)
    assert b.work_group_id == legal.id and b.assignee_id is None
    assert len(events(b)) == 2


def test_case_officers_assign_within_their_groups_only(app, office, setup):
    people, cases = setup
    officer = people["officer"]
    with app.test_request_context(), pytest.raises(CaseError):
        bulk_assign(officer, [cases["b"].id], group(office, "legal"), None)
    result = bulk_assign(officer, [cases["b"].id, cases["d"].id], None, people["colleague"])
    assert [c.subject for c in result.assigned] == ["b", "d"]
    result = bulk_assign(people["legal_officer"], [cases["b"].id], None, people["officer"])
    assert result.assigned == []


def test_nothing_to_assign_or_unusable_targets_are_refused(app, office, setup):
    people, cases = setup
    pr = make_user(office, Role.PR)
    other_office_user = make_user(make_office("XX8"), Role.CASE_OFFICER)
    with app.test_request_context():
        for work_group, assignee in ((None, None), (None, pr), (None, other_office_user),
                                     (group(make_office("XX7"), "legal"), None)):
            with pytest.raises(CaseError):
                bulk_assign(people["intake"], [cases["a"].id], work_group, assignee)
    assert events(cases["a"]) == []


def test_assigning_as_it_already_is_changes_nothing(office, setup):
    people, cases = setup
    b = cases["b"]
    bulk_assign(people["intake"], [b.id], None, people["officer"])
    result = bulk_assign(people["intake"], [b.id], group(office, "promotion"), people["officer"])
    assert result.assigned == [] and len(result.skipped) == 1
    assert len(events(b)) == 1
