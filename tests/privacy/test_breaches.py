"""The breach register: the 72-hour clock on staff pages, drafts, reasons, append-only edits."""

from __future__ import annotations

import io
from datetime import timedelta

import pikepdf
import pytest
import sqlalchemy as sa
from sqlalchemy import select

from portal.clock import utcnow
from portal.extensions import db
from portal.models import Role
from portal.models.privacy import Breach, BreachEdit
from portal.privacy.breaches import (
    BreachError,
    BreachFields,
    breach_clock,
    record_breach,
    update_breach,
)
from tests.helpers import csrf_token

FORM = {
    "title": "ส่งอีเมลรายชื่อผู้แจ้งผิดคน",
    "discovered_at": "",
    "description": "เจ้าหน้าที่ส่งไฟล์รายชื่อผู้แจ้งไปยังอีเมลภายนอก",
    "data_kinds": "ชื่อ เบอร์โทรศัพท์",
    "people_count": "42",
    "risk": "high",
    "risk_assessment": "อาจถูกนำไปใช้หลอกลวง",
    "measures": "ขอให้ผู้รับลบอีเมล",
    "notify_pdpc": "",
    "no_notify_reason": "",
    "notify_people": "",
    "no_people_reason": "",
}


def _local(moment) -> str:
    from portal.clock import to_local

    local = to_local(moment)
    return f"{local:%d/%m}/{local.year + 543} {local:%H:%M}"


def test_clock_shows_on_every_staff_page_while_open(app, office, signed_in):
    admin = signed_in(Role.ADMIN)
    officer = signed_in(Role.CASE_OFFICER)
    assert "breach-clock" not in officer.get("/staff/").get_data(as_text=True)
    url = "/admin/privacy/breaches"
    response = admin.post(
        url,
        data={
            **FORM,
            "csrf_token": csrf_token(admin, url),
            "discovered_at": _local(utcnow() - timedelta(hours=10)),
        },
    )
    assert response.status_code == 302
    html = officer.get("/staff/").get_data(as_text=True)
    assert "breach-clock" in html and "เหลือเวลาอีก 61 ชั่วโมง" in html
    assert "breach-clock" in officer.get("/staff/account").get_data(as_text=True)
    assert "breach-clock" in admin.get("/admin/").get_data(as_text=True)
    breach = db.session.scalar(select(Breach))
    clock = breach_clock(office.id, now=breach.discovered_at + timedelta(hours=80))
    assert clock.overdue and clock.hours_left == -8
    # The drafts: the PDPC's fields and, at high risk, the notice to the people.
    page = admin.get(f"/admin/privacy/breaches/{breach.id}").get_data(as_text=True)
    assert "ร่างแบบแจ้งเหตุ" in page and "ร่างหนังสือแจ้งเจ้าของข้อมูล" in page
    assert "dpo@test.example" in page
    pdf = admin.get(f"/admin/privacy/breaches/{breach.id}/pdpc.pdf")
    with pikepdf.open(io.BytesIO(pdf.data)) as document:
        assert len(document.pages) >= 1
    # Deciding not to notify needs the reason; closing needs both decisions.
    edit_url = f"/admin/privacy/breaches/{breach.id}"
    refused = admin.post(
        edit_url,
        data={
            **FORM,
            "csrf_token": csrf_token(admin, edit_url),
            "discovered_at": _local(breach.discovered_at),
            "notify_pdpc": "no",
        },
    )
    assert "ต้องบันทึกเหตุผล" in refused.get_data(as_text=True)
    admin.post(
        edit_url,
        data={
            **FORM,
            "csrf_token": csrf_token(admin, edit_url),
            "discovered_at": _local(breach.discovered_at),
            "notify_pdpc": "no",
            "risk": "low",
            "no_notify_reason": "ผู้รับเป็นหน่วยงานรัฐและยืนยันการลบแล้ว",
            "notify_people": "no",
            "no_people_reason": "ไม่มีความเสี่ยงต่อสิทธิ",
        },
    )
    close = f"/admin/privacy/breaches/{breach.id}/close"
    assert admin.post(close, data={"csrf_token": csrf_token(admin, edit_url)}).status_code == 302
    assert "breach-clock" not in officer.get("/staff/").get_data(as_text=True)
    db.session.expire_all()
    kept = db.session.get(Breach, breach.id)
    assert kept.no_notify_reason.startswith("ผู้รับเป็นหน่วยงานรัฐ") and kept.closed_at
    assert db.session.scalar(select(sa.func.count()).select_from(BreachEdit)) == 3


def test_edit_log_is_append_only(app, office, signed_in):
    admin = signed_in(Role.ADMIN)
    values = BreachFields(title="แฟ้มเอกสารสูญหาย", discovered_at=utcnow())
    breach = record_breach(office, values, admin.user)
    values.people_count = 3
    changes = update_breach(breach, values, admin.user)
    db.session.commit()
    assert changes == {"people_count": [0, 3]}
    with pytest.raises(sa.exc.DatabaseError):
        db.session.execute(sa.update(BreachEdit).values(changes="{}"))
    db.session.rollback()
    with pytest.raises(sa.exc.DatabaseError):
        db.session.execute(sa.delete(BreachEdit))
    db.session.rollback()
    values.notify_pdpc = False
    with pytest.raises(BreachError):
        update_breach(breach, values, admin.user)
