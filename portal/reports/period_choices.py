"""Report periods offered in pickers, named in words ("ไตรมาส 1 ปีงบประมาณ 2570"), never codes.

A period's key (``2026-Q4``) stays what the form sends and the URL shows; people choose from
the labels. The lists run from the fiscal year of the office's first case (or two years back
when it has none) to the fiscal year of today, newest first, grouped by kind.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.clock import BE_OFFSET
from portal.extensions import db
from portal.models import Case
from portal.reports.periods import MONTHS_EN, MONTHS_TH, Period, fiscal_year_of, parse_period

GROUPS = (
    ("month", _l("เดือน")),
    ("quarter", _l("ไตรมาส")),
    ("half", _l("ครึ่งปีงบประมาณ")),
    ("fiscal_year", _l("ปีงบประมาณ")),
)
YEARS_WITHOUT_CASES = 2


def picker_label(period: Period, locale: str = "th") -> str:
    """``ธันวาคม 2569``, ``ไตรมาส 1 ปีงบประมาณ 2570 (ตุลาคม – ธันวาคม 2569)`` …"""
    if period.kind in ("month", "range"):
        return period.label(locale)
    fy, start, end = period.fiscal_year_be, period.start, period.end
    months = MONTHS_EN if locale == "en" else MONTHS_TH
    year = (lambda day: day.year) if locale == "en" else (lambda day: day.year + BE_OFFSET)
    first, last = months[start.month - 1], months[end.month - 1]
    span = (
        f"{first} – {last} {year(end)}"
        if start.year == end.year
        else f"{first} {year(start)} – {last} {year(end)}"
    )
    if period.kind == "quarter":
        number = (start.month - 10) % 12 // 3 + 1
        if locale == "en":
            return f"Q{number} of fiscal year {fy - BE_OFFSET} ({span})"
        return f"ไตรมาส {number} ปีงบประมาณ {fy} ({span})"
    if period.kind == "half":
        first_half = start.month == 10
        if locale == "en":
            half = "First" if first_half else "Second"
            return f"{half} half of fiscal year {fy - BE_OFFSET} ({span})"
        return f"ครึ่งปี{'แรก' if first_half else 'หลัง'} ปีงบประมาณ {fy} ({span})"
    if locale == "en":
        return f"Fiscal year {fy - BE_OFFSET} ({span})"
    return f"ปีงบประมาณ {fy} ({span})"


def first_fiscal_year(office_id: int, today: date) -> int:
    """The fiscal year of the office's first case, or a couple of years back without one."""
    first = db.session.scalar(select(func.min(Case.received_at)).where(Case.office_id == office_id))
    current = fiscal_year_of(today)
    if first is None:
        return current - YEARS_WITHOUT_CASES
    return min(fiscal_year_of(first.date()), current)


def period_choices(
    office_id: int, today: date, locale: str, *, ended_only: bool = False
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group label, [(key, label), …]) per kind, newest first; ``ended_only`` leaves out
    periods that have not ended by ``today`` (what may be published)."""
    first_fy, last_fy = first_fiscal_year(office_id, today), fiscal_year_of(today)
    periods: dict[str, list[Period]] = {kind: [] for kind, _label in GROUPS}
    for fy in range(last_fy, first_fy - 1, -1):
        start_ce = fy - BE_OFFSET - 1  # October of this CE year opens the fiscal year
        months = [(start_ce + (m >= 13), (m - 1) % 12 + 1) for m in range(21, 9, -1)]
        periods["month"] += [parse_period(f"{y}-{m:02d}") for y, m in months]
        periods["quarter"] += [parse_period(f"{start_ce + 1}-Q{q}") for q in (3, 2, 1)]
        periods["quarter"].append(parse_period(f"{start_ce}-Q4"))
        periods["half"] += [parse_period(f"fy{fy}-h2"), parse_period(f"fy{fy}-h1")]
        periods["fiscal_year"].append(parse_period(f"fy{fy}"))
    groups = []
    for kind, group_label in GROUPS:
        shown = [p for p in periods[kind] if p.start <= today and (not ended_only or p.end < today)]
        if shown:
            groups.append((str(group_label), [(p.key, picker_label(p, locale)) for p in shown]))
    return groups
