"""The record of processing: generated from the configuration, a new version on each change."""

from __future__ import annotations

import io
import re

import pikepdf
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import ChannelAccount, DeliveryChannel, Role
from portal.models.privacy import RopaVersion
from tests.helpers import post_form

SCHEDULE = {
    "contact_days": "730",
    "attachment_days": "730",
    "text_mask_days": "1826",
    "view_log_days": "730",
    "access_log_days": "90",
    "delivery_days": "365",
}


def _versions() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(RopaVersion))


def test_ropa_is_rebuilt_when_settings_change(app, office, signed_in):
    admin = signed_in(Role.ADMIN)
    html = admin.get("/admin/privacy/ropa").get_data(as_text=True)
    assert "ฉบับที่ 1" in html and "730 วันหลังปิดเรื่อง" in html
    assert "reporter_contacts.phone" in html and "มาตรา 24(4)" in html
    admin.get("/admin/privacy/ropa")
    assert _versions() == 1  # nothing changed, no new version
    post_form(admin, "/admin/privacy", {**SCHEDULE, "contact_days": "400"})
    assert _versions() == 2
    assert "400 วันหลังปิดเรื่อง" in admin.get("/admin/privacy/ropa").get_data(as_text=True)
    post_form(
        admin,
        "/admin/privacy/processors",
        {
            "name": "ผู้ให้บริการอีเมลตัวอย่าง",
            "service": "ส่งอีเมลแจ้งเตือน",
            "data_kinds": "อีเมลผู้แจ้ง",
            "location": "ประเทศไทย",
            "safeguards": "สัญญาประมวลผล",
        },
    )
    assert _versions() == 3
    # A channel the office connects is a recipient too: settings elsewhere change the record.
    db.session.add(
        ChannelAccount(
            office_id=office.id, channel=DeliveryChannel.LINE_BROADCAST, display_name="สพป.ทดสอบ"
        )
    )
    db.session.commit()
    html = admin.get("/admin/privacy/ropa").get_data(as_text=True)
    assert "ฉบับที่ 4" in html and "LINE (LY Corporation)" in html
    assert "ผู้ให้บริการอีเมลตัวอย่าง" in html
    old = admin.get("/admin/privacy/ropa?version=1").get_data(as_text=True)
    assert "730 วันหลังปิดเรื่อง" in old and "ผู้ให้บริการอีเมลตัวอย่าง" not in old
    pdf = admin.get("/admin/privacy/ropa/v4.pdf")
    assert pdf.mimetype == "application/pdf"
    with pikepdf.open(io.BytesIO(pdf.data)) as document:
        assert len(document.pages) >= 2


def test_ropa_lists_the_chat_and_network_kinds_in_both_languages(app, office, signed_in, tmp_path):
    import subprocess

    admin = signed_in(Role.ADMIN)
    html = admin.get("/admin/privacy/ropa").get_data(as_text=True)
    assert "ตัวตนของผู้แจ้งในแชต" in html and "chat_users.display_name" in html
    assert "730 วันหลังปิดเรื่อง หรือหลังข้อความสุดท้าย" in html
    assert "ข้อความแชตที่ได้รับและที่ตอบกลับ" in html and "chat_outgoing.messages" in html
    assert "กรรมการเครือข่าย" in html and "network_committee_members.phone" in html
    with admin.session_transaction() as session:
        session["lang"] = "en"
    english = admin.get("/admin/privacy/ropa").get_data(as_text=True)
    assert "Reporters&#39; chat identities" in english
    assert "730 days after closing or after the last message" in english
    pdf = tmp_path / "ropa.pdf"
    current = re.search(r'href="(/admin/privacy/ropa/v\d+\.pdf)"', english).group(1)
    pdf.write_bytes(admin.get(current).data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "chat_users.user_id" in text and "network_correspondents.email" in text
