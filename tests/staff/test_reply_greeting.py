"""Reply templates open as the e-mails do: "เรียน คุณ<name>", or "เรียน ท่านผู้แจ้ง" anonymous."""

from __future__ import annotations

import html
import re

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Case, ResponseTemplate, Role
from tests.helpers import post_form, receipt_from, valid_case


def reply_body(client, number: str, template: ResponseTemplate) -> str:
    page = client.get(f"/staff/cases/{number}?template={template.id}").get_data(as_text=True)
    found = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "no reply box"
    return html.unescape(found.group(1)).strip()


def filed(app, **fields) -> str:
    reporter = app.test_client()
    assert post_form(reporter, "/submit", valid_case(**fields)).status_code == 302
    number, _ = receipt_from(reporter.get("/receipt").get_data(as_text=True))
    return number


def test_templates_greet_the_reporter_by_name_or_as_anonymous(app, office, login_as):
    new_style = ResponseTemplate(
        office_id=office.id, title="ตอบรับ", body="{greeting}\n\nได้รับเรื่อง {number} แล้ว"
    )
    old_style = ResponseTemplate(
        office_id=office.id, title="แบบเดิม", body="เรียน ผู้แจ้ง\n\nได้รับเรื่องแล้ว"
    )
    db.session.add_all([new_style, old_style])
    db.session.commit()
    named = filed(app)
    anonymous = filed(app, anonymous="y", name="", phone="", email="")
    assert db.session.scalar(sa.select(Case.is_anonymous).where(Case.number == anonymous))
    staff = login_as(Role.INTAKE)

    assert reply_body(staff, named, new_style) == f"เรียน คุณสมชาย ใจดี\n\nได้รับเรื่อง {named} แล้ว"
    assert reply_body(staff, named, old_style).startswith("เรียน คุณสมชาย ใจดี\n")
    assert reply_body(staff, anonymous, new_style).startswith("เรียน ท่านผู้แจ้ง\n")
    assert reply_body(staff, anonymous, old_style) == "เรียน ท่านผู้แจ้ง\n\nได้รับเรื่องแล้ว"
