"""Demo transparency: published reports for the past months the demo cases cover, the ITA
items of 2569 and one participation report, so the public pages look real on first run."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal import clock
from portal.extensions import db
from portal.ita.items import seed_default_items
from portal.models import Case, Office, Role, User, UserRole
from portal.publishing.approval import approve_version
from portal.publishing.drafting import DraftText, draft_participation, submit_for_approval
from portal.publishing.fingerprint import seen_of
from portal.reports.periods import month_of
from portal.reports.publishing import publish_report


def create_demo_transparency(office: Office) -> int:
    """Returns how many monthly reports were published."""
    seed_default_items(office, 2569)
    director = _user(office, Role.DIRECTOR)
    published = 0
    # The last finished month stays unpublished: the director has one to review and publish.
    for period in past_months_with_cases(office)[:-1]:
        publish_report(office, period, publisher=director)
        published += 1
    today = clock.to_local(clock.utcnow()).date()
    _participation(office, DraftText(
        held_on=today - timedelta(days=20),
        title="ประชุมรับฟังความคิดเห็นผู้ปกครองเรื่องอาหารกลางวันและความปลอดภัยในโรงเรียน",
        participants="ผู้ปกครอง 42 คน คณะกรรมการสถานศึกษา 9 คน ผู้อำนวยการโรงเรียน 12 คน "
                     "และเจ้าหน้าที่ สพป. 5 คน (ตัวอย่าง)",
        body="ผู้ปกครองเสนอให้เผยแพร่เมนูอาหารกลางวันล่วงหน้ารายสัปดาห์ "
                "และให้มีช่องทางแจ้งเรื่องความปลอดภัยทาง LINE",
        improvement="โรงเรียนในสังกัดประกาศเมนูอาหารกลางวันทุกวันศุกร์ "
                    "และเพิ่มหมวดหมู่ความปลอดภัยในแบบฟอร์มแจ้งเรื่องของพอร์ทัล"))
    return published


def _user(office: Office, role: Role) -> User:
    return db.session.scalar(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(User.office_id == office.id, UserRole.role == role).order_by(User.id).limit(1))


def _participation(office: Office, text: DraftText) -> None:
    """Written by the intake officer and approved by the director, as every public text."""
    author = _user(office, Role.INTAKE)
    item = draft_participation(office, author, text)
    submit_for_approval(item, author)
    approve_version(item, _user(office, Role.DIRECTOR), seen_of(item.latest))


def past_months_with_cases(office: Office):
    """Every finished month from the first demo case's month to last month.

    Cases older than a year are the PDPA demo's archive (portal/privacy/demo.py), purged
    long ago: their months get no report.
    """
    first = db.session.scalar(select(func.min(Case.received_at)).where(
        Case.office_id == office.id,
        Case.received_at >= clock.utcnow() - timedelta(days=366)))
    if first is None:
        return []
    month = month_of(clock.to_local(first).date())
    this_month = month_of(clock.to_local(clock.utcnow()).date())
    months = []
    while month.start < this_month.start:
        months.append(month)
        month = month_of(month.end + timedelta(days=1))
    return months


