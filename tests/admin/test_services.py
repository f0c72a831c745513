"""The admin services without HTTP: the rules hold for any caller, not only the pages."""

from __future__ import annotations

import pytest

from portal.admin import accounts, catalog, policies
from portal.admin.accounts import AccountFields
from portal.admin.catalog import CategoryFields
from portal.admin.policies import DeadlineFields, TemplateFields
from portal.cases.errors import CaseError
from portal.models import CaseType, Role
from tests.admin.conftest import group
from tests.admin.factories import make_user


def test_create_user_keeps_a_hash_nobody_knows_and_sends_the_owner_a_link(app, office):
    admin = make_user(office, Role.ADMIN)
    created = accounts.create_user(admin, office, " Officer@Example.COM ",
                                   AccountFields("ผู้ใช้ ใหม่", [Role.INTAKE], []))
    assert created.user.email == "officer@example.com"
    assert created.user.password_hash.startswith("$argon2id$")
    assert not hasattr(created, "password")  # nothing to show anyone
    assert created.invitation.recipient == "officer@example.com"
    assert "/staff/password/set/" in created.invitation.body_text


def test_update_user_keeps_role_rows_that_stay(app, office):
    user = make_user(office, Role.INTAKE, Role.PR)
    admin = make_user(office, Role.ADMIN)
    accounts.update_user(admin, user, AccountFields("ชื่อ", [Role.PR, Role.CASE_OFFICER],
                                                    [group(office, "promotion").id]))
    assert user.role_set == {Role.PR, Role.CASE_OFFICER}


def test_self_protection_holds_in_the_services(app, office):
    admin = make_user(office, Role.ADMIN)
    with pytest.raises(CaseError):
        accounts.update_user(admin, admin, AccountFields("ชื่อ", [Role.INTAKE], []))
    for action in (accounts.deactivate_user, accounts.reset_two_factor):
        with pytest.raises(CaseError):
            action(admin, admin)
    assert admin.active and admin.session_version == 1


def test_corruption_category_cannot_route_to_an_ordinary_group(app, office):
    fields = CategoryFields(CaseType.CORRUPTION, "ทุจริตจัดซื้อ", "", group(office, "promotion").id,
                            0, True)
    with pytest.raises(CaseError):
        catalog.create_category(office, fields)
    fields.work_group_id = group(office, "legal").id
    assert catalog.create_category(office, fields).work_group_id == fields.work_group_id


@pytest.mark.parametrize(("body", "problem"), [
    ("เลขที่ {number} {subject} {office} {due_date} {{ปีกกา}}", False),
    ("{name}", True),
    ("{}", True),
    ("{0}", True),
    ("{number.__class__}", True),
    ("{subject[0]}", True),
    ("{number:>10}", True),
    ("{number!s}", True),
    ("{number", True),
    ("}", True),
])
def test_placeholders(body, problem):
    assert bool(policies.placeholder_problem(body)) is problem


def test_template_service_refuses_unknown_placeholders(app, office):
    with pytest.raises(CaseError):
        policies.create_response_template(office, TemplateFields("ชื่อ", "{secret}", None, True))


def test_deadline_rules(app, office):
    good = DeadlineFields(15, 3, 10, 15, 7, 15, False)
    assert policies.deadline_problem(good) is None
    assert policies.deadline_problem(DeadlineFields(15, 3, 10, 16, 7, 15, False))[0] == (
        "second_reminder_day")
    assert policies.deadline_problem(DeadlineFields(15, 3, 12, 11, 7, 15, False))[0] == (
        "first_reminder_day")
    assert policies.deadline_problem(DeadlineFields(15, 0, 10, 15, 7, 15, False))[0] == (
        "acknowledge_days")
    with pytest.raises(CaseError):
        policies.set_deadline_policy(office, CaseType.COMPLAINT,
                                     DeadlineFields(5, 3, 10, 15, 7, 15, True))
    policies.set_deadline_policy(office, CaseType.COMPLAINT, good)
    rows = {row.case_type: row for row in policies.deadline_rows(office)}
    assert rows[CaseType.COMPLAINT].stored and not rows[CaseType.QUESTION].stored
