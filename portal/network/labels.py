"""Staff wording of the network pages."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from portal.filters import ENGLISH_MONTHS, THAI_MONTHS
from portal.network.invitations import InvitationState
from portal.network.models import CorrespondentKind, NewsState

KIND_LABELS = {
    CorrespondentKind.MAIN: _l("ผู้ประสานงาน"),
    CorrespondentKind.DEPUTY: _l("ผู้ประสานงานสำรอง"),
}
INVITATION_STATES = {
    InvitationState.OPEN: _l("รอโรงเรียนตอบรับ"),
    InvitationState.USED: _l("ตอบรับแล้ว"),
    InvitationState.EXPIRED: _l("หมดอายุ"),
    InvitationState.REVOKED: _l("ยกเลิกแล้ว"),
}
CHANGE_ACTIONS = {
    "created": _l("เพิ่ม"),
    "updated": _l("แก้ไข"),
    "removed": _l("ลบ"),
    "imported": _l("นำเข้าจากไฟล์"),
    "revoked": _l("ยกเลิก"),
    "accepted": _l("ตอบรับคำเชิญ"),
    "submitted": _l("ส่งข่าว"),
    "accepted_news": _l("รับข่าวเป็นร่าง"),
    "photos_checked": _l("ตรวจภาพนักเรียนแล้ว"),
    "returned": _l("ส่งข่าวกลับ"),
}
SUBJECTS = {
    "correspondent_main": _l("ผู้ประสานงาน"),
    "correspondent_deputy": _l("ผู้ประสานงานสำรอง"),
    "profile": _l("เพจและการเข้าร่วมกลุ่ม"),
    "invitation": _l("หนังสือเชิญ"),
    "registry": _l("ทะเบียนเครือข่าย"),
    "committee": _l("กรรมการเครือข่าย"),
    "news": _l("ข่าวจากโรงเรียน"),
}


def subject_label(subject: str) -> str:
    return str(SUBJECTS.get(subject.partition(":")[0], subject))


NEWS_STATES = {
    NewsState.SUBMITTED: _l("รอนักประชาสัมพันธ์"),
    NewsState.ACCEPTED: _l("อยู่ในคิวการเผยแพร่"),
    NewsState.PUBLISHED: _l("เผยแพร่แล้ว"),
    NewsState.RETURNED: _l("ส่งกลับให้แก้ไข"),
}


def month_label(month: date, locale: str) -> str:
    """``ธันวาคม 2569`` or ``December 2026``: a month of the coverage series."""
    if locale == "en":
        return f"{ENGLISH_MONTHS[month.month - 1]} {month.year}"
    return f"{THAI_MONTHS[month.month - 1]} {month.year + 543}"
