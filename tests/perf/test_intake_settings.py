"""The office's intake settings are kept per process and office version, and a change made by
an administrator reaches every process on its next request."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal import create_app
from portal.extensions import db
from portal.intake_settings import intake_settings
from portal.models import Case, CaseType, DeadlinePolicy, Office, Role, School
from tests.admin.conftest import post_action, sign_in
from tests.admin.factories import make_user
from tests.conftest import IsolatedClient
from tests.helpers import field_errors, post_form, valid_case

POLICY = {"reply_days": "30", "acknowledge_days": "2", "first_reminder_day": "5",
          "second_reminder_day": "20", "reporter_completion_days": "7", "feedback_days": "14",
          "counting": "calendar"}


def _admin_client(app, office):
    admin = make_user(office, Role.ADMIN)
    db.session.commit()
    browser = app.test_client()
    sign_in(browser, admin)
    return browser


def _latest_case() -> Case:
    db.session.expire_all()
    return db.session.scalar(sa.select(Case).order_by(Case.id.desc()).limit(1))


def _version(office) -> int:
    return db.session.scalar(sa.select(Office.settings_version).where(Office.id == office.id))


def test_an_administrators_change_reaches_another_process(app, app_config, client, office):
    # A second application object has a cache of its own, as a second gunicorn worker does.
    other = create_app(app_config)
    other.test_client_class = IsolatedClient
    reporter = other.test_client()
    assert post_form(reporter, "/submit", valid_case()).status_code == 302  # fills its cache
    assert (_latest_case().reply_due_at - _latest_case().received_at).days == 15
    before = _version(office)

    admin = _admin_client(app, office)
    assert post_form(admin, "/admin/deadlines/complaint", POLICY).status_code == 302
    assert _version(office) == before + 1

    assert post_form(reporter, "/submit", valid_case()).status_code == 302
    case = _latest_case()
    assert case.reply_due_at - case.received_at == timedelta(days=30)


def test_a_school_taken_off_the_list_is_refused_at_once(app, client, office):
    school = db.session.scalar(sa.select(School).order_by(School.id))
    data = valid_case(school_id=str(school.id))
    assert post_form(client, "/submit", data).status_code == 302  # kept as active
    admin = _admin_client(app, office)
    post_action(admin, "/admin/schools", f"/admin/schools/{school.id}/deactivate")
    refused = post_form(client, "/submit", data)
    assert refused.status_code == 422
    assert "ไม่พบโรงเรียนที่เลือก กรุณาเลือกใหม่" in field_errors(refused.get_data(as_text=True))


def test_an_uncommitted_change_is_seen_but_not_kept(app, office):
    with app.test_request_context("/"):
        assert intake_settings(office).policies[CaseType.QUESTION].reply_days == 15
        db.session.add(DeadlinePolicy(office_id=office.id, case_type=CaseType.QUESTION,
                                      reply_days=5, acknowledge_days=1, first_reminder_day=2,
                                      second_reminder_day=5, reporter_completion_days=7,
                                      feedback_days=15, working_days=False))
        db.session.flush()
        assert intake_settings(office).policies[CaseType.QUESTION].reply_days == 5
        db.session.rollback()
        office = db.session.get(Office, office.id)
        assert intake_settings(office).policies[CaseType.QUESTION].reply_days == 15


def test_only_real_changes_raise_the_version(app, office):
    before = _version(office)
    office.reply_due_days = office.reply_due_days  # no change
    db.session.commit()
    assert _version(office) == before
    office.name_en = "Another name"
    db.session.commit()
    assert _version(office) == before + 1
    school = db.session.scalar(sa.select(School).order_by(School.id))
    school.name_th = "โรงเรียนใหม่"
    db.session.commit()
    assert _version(office) == before + 2
