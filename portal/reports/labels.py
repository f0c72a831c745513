"""Names of the report's rows, stored in both languages inside the figures.

A published report is frozen: its labels travel with its numbers, so renaming a category
or a translation later does not change what was published.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from portal.cases.screening import DECLINE_REASONS
from portal.labels import CASE_TYPE, CHANNEL
from portal.models import CaseType, Channel, DeclineReason, Outcome

STREAMS = {
    "general": _l("เรื่องร้องเรียนทั่วไป"),
    "corruption": _l("เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"),
}

OUTCOMES = {
    Outcome.UPHELD: _l("เป็นจริงตามที่ร้องเรียน"),
    Outcome.PARTLY_UPHELD: _l("เป็นจริงบางส่วน"),
    Outcome.NOT_UPHELD: _l("ไม่เป็นไปตามที่ร้องเรียน"),
    Outcome.ANSWERED: _l("ตอบหรือรับทราบแล้ว"),
}

# (key, lowest age in days, highest age in days or None); ages are calendar days.
BACKLOG_BUCKETS = (
    ("0-15", 0, 15, _l("ไม่เกิน 15 วัน")),
    ("16-30", 16, 30, _l("16–30 วัน")),
    ("31-60", 31, 60, _l("31–60 วัน")),
    ("61+", 61, None, _l("มากกว่า 60 วัน")),
)

UNSPECIFIED = _l("ไม่ระบุ")
NO_CATEGORY = _l("ไม่ระบุหมวดหมู่")
NO_DISTRICT = _l("โรงเรียนที่ไม่ได้ระบุอำเภอ")

# What each mark of a hidden cell means (portal/reports/disclosure.py).
MARKS = {
    "small": _l("มีเรื่องน้อยกว่าเกณฑ์ปกปิด (อย่างน้อย 1 เรื่อง) จึงไม่แสดงจำนวน"),
    "protected": _l("ปกปิดเพื่อไม่ให้คำนวณย้อนหาช่องที่มีน้อยกว่าเกณฑ์ได้ จำนวนจริงเป็น 0 หรือตั้งแต่เกณฑ์ขึ้นไป"),
    "inherited": _l("ปกปิดเพราะมีเดือนในช่วงนี้ที่ปกปิดช่องนี้ไว้ ดูรายงานรายเดือน"),
    "withheld": _l("กลุ่มนี้มีเรื่องน้อยเกินกว่าจะแสดงรายแถวโดยไม่ชี้ตัวผู้แจ้ง จึงไม่แสดงทุกแถวของกลุ่ม"),
}


def both(message) -> dict:
    """``{"label_th": …, "label_en": …}`` of a translatable text."""
    with force_locale("th"):
        thai = str(message)
    with force_locale("en"):
        english = str(message)
    return {"label_th": thai, "label_en": english}


def named(key: str, name_th: str, name_en: str = "") -> dict:
    """A row named by the data (a school, a category): English falls back to Thai."""
    return {"key": key, "label_th": name_th, "label_en": name_en or name_th}


def type_row(case_type: CaseType) -> dict:
    return {"key": case_type.value, **both(CASE_TYPE[case_type])}


def channel_row(channel: Channel) -> dict:
    return {"key": channel.value, **both(CHANNEL[channel])}


def reason_row(reason: DeclineReason) -> dict:
    return {"key": reason.value, **both(DECLINE_REASONS[reason])}


def outcome_row(outcome: Outcome) -> dict:
    return {"key": outcome.value, **both(OUTCOMES[outcome])}
