"""Jinja filters: Buddhist-era dates, Thai digits, escape-first nl2br."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import get_locale
from markupsafe import Markup, escape

from portal.clock import BE_OFFSET, to_local

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(text: object) -> str:
    """Arabic digits as Thai digits, for formal headings and printed slips."""
    return str(text).translate(_THAI_DIGITS)


def thai_date(value: date | datetime | None, style: str = "long", locale: str | None = None) -> str:
    """A date in the Buddhist era with Thai month names (``24 พฤศจิกายน 2569``).

    Timestamps are converted to Bangkok time first. ``style`` is ``long``, ``short`` or
    ``datetime`` (long date and HH:MM น.). English shows the Common Era.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        moment = to_local(value)
        day = moment.date()
    else:
        moment, day = None, value
    locale = locale or str(get_locale() or "th")
    if locale == "en":
        text = f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
        if style == "datetime" and moment is not None:
            text += f", {moment:%H:%M}"
        return text
    months = THAI_MONTHS_SHORT if style == "short" else THAI_MONTHS
    text = f"{day.day} {months[day.month - 1]} {day.year + BE_OFFSET}"
    if style == "datetime" and moment is not None:
        text += f" เวลา {moment:%H:%M} น."
    return text


def nl2br(value: str | None) -> Markup:
    """Escape first, then turn newlines into <br>: safe for user text."""
    if not value:
        return Markup("")
    escaped = escape(value.replace("\r\n", "\n"))
    return Markup("<br>\n").join(escaped.split("\n"))


def filesize(value: int) -> str:
    if value >= 1024 * 1024:
        return f"{value / (1024 * 1024):.1f} MB"
    return f"{max(value // 1024, 1)} KB"


def init_app(app: Flask) -> None:
    app.add_template_filter(thai_date)
    app.add_template_filter(thai_digits)
    app.add_template_filter(nl2br)
    app.add_template_filter(filesize)
    app.add_template_filter(due_in)
    app.add_template_filter(since)
    from portal.thai_words import thai_words

    app.add_template_filter(thai_words)
    from portal.security.links import site_link
    from portal.security.sanitize import safe_html, text_to_html

    app.add_template_filter(site_link)

    app.add_template_filter(safe_html, "sanitized")
    app.add_template_filter(text_to_html, "paragraphs")
    app.add_template_test(overdue)


def due_in(value: datetime | None) -> str:
    """``due in 3 days`` / ``overdue by 2 days`` / ``due today``, counted in Bangkok days."""
    from flask_babel import ngettext

    from portal.clock import utcnow

    if value is None:
        return ""
    days = (to_local(value).date() - to_local(utcnow()).date()).days
    if days > 0:
        return ngettext("อีก %(num)d วัน", "อีก %(num)d วัน", days)
    if days == 0:
        return str(_today_label())
    return ngettext("เกินกำหนด %(num)d วัน", "เกินกำหนด %(num)d วัน", -days)


def since(value: datetime | None) -> str:
    """How long ago, in Bangkok days: ``วันนี้ 14:05 น.``, ``เมื่อวาน``, ``3 วันก่อน``, then the
    short Buddhist-era date (``2 ต.ค. 2569``)."""
    from flask_babel import gettext, ngettext

    from portal.clock import utcnow

    if value is None:
        return ""
    moment = to_local(value)
    days = (to_local(utcnow()).date() - moment.date()).days
    if days <= 0:
        return gettext("วันนี้ %(time)s น.", time=f"{moment:%H:%M}")
    if days == 1:
        return gettext("เมื่อวาน")
    if days < 7:
        return ngettext("%(num)d วันก่อน", "%(num)d วันก่อน", days)
    return thai_date(value, "short")


def overdue(value: datetime | None) -> bool:
    from portal.clock import utcnow

    return value is not None and to_local(value).date() < to_local(utcnow()).date()


def _today_label():
    from flask_babel import gettext

    return gettext("ครบกำหนดวันนี้")
