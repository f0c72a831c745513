"""The administrator's retention schedule, legal holds and purge log pages."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Role
from portal.models.privacy import LegalHold, RetentionSchedule
from portal.privacy.purge import purge_office
from tests.helpers import post_form
from tests.privacy.factories import NOW, ended_case


def test_schedule_shows_defaults_and_saves(app, office, signed_in):
    admin = signed_in(Role.ADMIN)
    html = admin.get("/admin/privacy").get_data(as_text=True)
    assert 'value="730"' in html and 'value="90"' in html and 'value="1826"' in html
    response = post_form(
        admin,
        "/admin/privacy",
        {
            "contact_days": "365",
            "attachment_days": "730",
            "text_mask_days": "1826",
            "view_log_days": "730",
            "access_log_days": "90",
            "delivery_days": "365",
        },
    )
    assert response.status_code == 302
    assert db.session.get(RetentionSchedule, office.id).contact_days == 365
    response = post_form(
        admin,
        "/admin/privacy",
        {
            "contact_days": "5",
            "attachment_days": "730",
            "text_mask_days": "1826",
            "view_log_days": "730",
            "access_log_days": "90",
            "delivery_days": "365",
        },
    )
    assert response.status_code == 200 and "30 ถึง 36500" in response.get_data(as_text=True)


def test_hold_needs_reason_and_holder_and_is_listed(app, office, signed_in):
    case = ended_case(office, years_ago=3)
    db.session.commit()
    admin = signed_in(Role.ADMIN)
    response = post_form(
        admin,
        "/admin/privacy/holds",
        {"case_number": case.number, "kind": "court", "reason": "", "holder": ""},
    )
    assert response.status_code == 200
    assert db.session.scalar(select(LegalHold)) is None
    response = post_form(
        admin,
        "/admin/privacy/holds",
        {
            "case_number": case.number.lower(),
            "kind": "court",
            "reason": "คดีปกครองหมายเลขดำ ๑๒/๒๕๖๙",
            "holder": "ศาลปกครองอุดรธานี",
        },
    )
    assert response.status_code == 302
    hold = db.session.scalar(select(LegalHold))
    assert hold.holder == "ศาลปกครองอุดรธานี" and hold.placed_by_id == admin.user.id
    assert case.number in admin.get("/admin/privacy/holds").get_data(as_text=True)


def test_purge_log_page_lists_counts_and_numbers(app, office, signed_in):
    case = ended_case(office, years_ago=3)
    db.session.commit()
    purge_office(office, now=NOW)
    admin = signed_in(Role.ADMIN)
    html = admin.get("/admin/privacy/purge-log").get_data(as_text=True)
    assert "ลบข้อมูลติดต่อ 1 เรื่อง" in html
    run_link = html.split('href="/admin/privacy/purge-log/')[1].split('"')[0]
    detail = admin.get(f"/admin/privacy/purge-log/{run_link}").get_data(as_text=True)
    assert case.number in detail and "0812345678" not in detail


def test_other_roles_are_refused(app, office, signed_in):
    director = signed_in(Role.DIRECTOR)
    assert director.get("/admin/privacy").status_code == 403
