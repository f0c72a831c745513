"""Replies are plain text everywhere: shown with paragraphs, line breaks and links, escaped."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from portal.models import CaseEvent, EventKind
from portal.security.sanitize import html_to_plain_text, text_to_html

TYPED = "เรียน ท่านผู้แจ้ง\nเราได้ตรวจสอบแล้ว\n\nรายละเอียดที่ https://www.nkp2.go.th/a?x=1&y=2 <b>ครับ</b>"


def test_text_becomes_paragraphs_breaks_and_links_and_stays_escaped():
    html = str(text_to_html(TYPED))
    assert html.count("<p>") == 2 and "เรียน ท่านผู้แจ้ง<br>" in html
    assert ('<a href="https://www.nkp2.go.th/a?x=1&amp;y=2" rel="nofollow noopener">'
            in html)
    assert "&lt;b&gt;ครับ&lt;/b&gt;" in html and "<b>" not in html
    assert str(text_to_html("javascript:alert(1) <script>x()</script>")) == (
        "<p>javascript:alert(1) &lt;script&gt;x()&lt;/script&gt;</p>")
    assert str(text_to_html("  \n ")) == ""


def test_older_html_replies_read_as_their_text():
    html = ('<p>เรียน<br><strong>ผล</strong> &amp; <a href="https://x.org">ลิงก์</a></p>'
            '<ul><li>หนึ่ง</li><li>สอง</li></ul><script>bad()</script>')
    assert html_to_plain_text(html) == "เรียน\nผล & ลิงก์ (https://x.org)\n\n- หนึ่ง\n- สอง"


def _reply_bodies() -> list[str]:
    db.session.remove()
    bodies = list(db.session.scalars(sa.select(CaseEvent.body).where(
        CaseEvent.kind == EventKind.PUBLIC_REPLY).order_by(CaseEvent.id)))
    # End the read's transaction: on PostgreSQL a later migration's DROP TABLE of a table
    # referring to case_events (chat_outgoing) waits for its lock otherwise.
    db.session.remove()
    return bodies


def test_the_migration_turns_stored_html_replies_into_text_and_back(app, office):
    from tests.cases.factories import file_case

    case = file_case(office)
    db.session.add(CaseEvent(case=case, kind=EventKind.INTERNAL_NOTE, actor_type="staff",
                             body="<p>ไม่ใช่คำตอบ</p>", visibility="internal"))
    db.session.commit()
    case_id = case.id
    db.session.remove()
    downgrade(revision="e81c5a3f90d2")
    # What the older code wrote: an HTML reply.
    with db.engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO case_events (case_id, kind, actor_type, body, visibility, created_at) "
            "VALUES (:case, 'public_reply', 'staff', :body, 'public', CURRENT_TIMESTAMP)"),
            {"case": case_id, "body": "<p>หนึ่ง<br>สอง</p><p>ดู <a href=\"https://x.org\">นี่</a></p>"})
    upgrade(revision="heads")
    assert _reply_bodies() == ["หนึ่ง\nสอง\n\nดู นี่ (https://x.org)"]
    downgrade(revision="e81c5a3f90d2")
    assert _reply_bodies() == ["<p>หนึ่ง<br>\nสอง</p>\n<p>ดู นี่ (<a href=\"https://x.org\" "
                               "rel=\"nofollow noopener\">https://x.org</a>)</p>"]
    upgrade(revision="heads")
    note = db.session.scalar(sa.select(CaseEvent.body).where(
        CaseEvent.kind == EventKind.INTERNAL_NOTE))
    assert note == "<p>ไม่ใช่คำตอบ</p>"  # notes were always text: left alone
