"""Reporting periods: a month, a quarter, the government's half year, the fiscal year, a range.

Periods are Bangkok calendar days (``start`` and ``end`` inclusive). The fiscal year runs
1 October – 30 September and is named by the Buddhist-era year it ends in (FY2569 = 1 Oct
2025 – 30 Sep 2026); its first half (H1) is October–March, the second (H2) April–September.
Quarters are calendar quarters (``2026-Q4`` = October–December 2026).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from portal.clock import BANGKOK, BE_OFFSET

MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
KINDS = ("month", "quarter", "half", "fiscal_year", "range")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})-[qQ]([1-4])")
_HALF = re.compile(r"fy(\d{4})-h([12])", re.IGNORECASE)
_FISCAL = re.compile(r"fy(\d{4})", re.IGNORECASE)
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")
# Years a period may name: the portal's dates are 1900–2600 CE (BE 2443–3143). Beyond them
# the neighbours (previous period, year before, the day after the end) leave ``date``'s range.
MIN_YEAR, MAX_YEAR = 1900, 2600


class PeriodError(ValueError):
    """Text that names no period."""


@dataclass(frozen=True)
class Period:
    """A reporting period of Bangkok calendar days, ``start`` to ``end`` inclusive."""

    kind: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise PeriodError(self.kind)
        if self.end < self.start:
            raise PeriodError(f"{self.start}..{self.end}")

    # -- bounds as stored timestamps ------------------------------------------------------
    @property
    def start_utc(self) -> datetime:
        """Bangkok midnight starting ``start``, as a naive UTC timestamp (inclusive)."""
        return _utc_midnight(self.start)

    @property
    def end_utc(self) -> datetime:
        """Bangkok midnight after ``end``, as a naive UTC timestamp (exclusive)."""
        return _utc_midnight(self.end + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def fiscal_year_be(self) -> int:
        """The Buddhist-era fiscal year ``start`` falls in."""
        return fiscal_year_of(self.start)

    # -- names ----------------------------------------------------------------------------
    @property
    def key(self) -> str:
        """The stable name used in URLs and on the command line (``parse_period`` reads it)."""
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "half":
            return f"fy{self.fiscal_year_be}-h{1 if self.start.month == 10 else 2}"
        if self.kind == "fiscal_year":
            return f"fy{self.fiscal_year_be}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def label(self, locale: str = "th") -> str:
        """``ตุลาคม 2569``, ``ปีงบประมาณ พ.ศ. 2569 (ตุลาคม 2568 – กันยายน 2569)`` …"""
        return self.label_en if locale == "en" else self.label_th

    @property
    def label_th(self) -> str:
        start, end = self.start, self.end
        span = f"{_month_th(start)} – {_month_th(end)}"
        if self.kind == "month":
            return _month_th(start)
        if self.kind == "quarter":
            fiscal_q = (start.month - 10) % 12 // 3 + 1
            return (f"ไตรมาส {span} (ไตรมาสที่ {fiscal_q} "
                    f"ปีงบประมาณ พ.ศ. {fiscal_year_of(start)})")
        if self.kind == "half":
            half = "แรก" if start.month == 10 else "หลัง"
            return f"ครึ่งปี{half} ปีงบประมาณ พ.ศ. {self.fiscal_year_be} ({span})"
        if self.kind == "fiscal_year":
            return f"ปีงบประมาณ พ.ศ. {self.fiscal_year_be} ({span})"
        return f"{_day_th(start)} – {_day_th(end)}"

    @property
    def label_en(self) -> str:
        start, end = self.start, self.end
        span = f"{_month_en(start)} – {_month_en(end)}"
        fy = self.fiscal_year_be
        if self.kind == "month":
            return _month_en(start)
        if self.kind == "quarter":
            return f"Quarter {span} (Q{(start.month - 10) % 12 // 3 + 1} of fiscal year " \
                   f"{fiscal_year_of(start) - BE_OFFSET})"
        if self.kind == "half":
            half = "first" if start.month == 10 else "second"
            return f"{half.title()} half of fiscal year {fy - BE_OFFSET} (B.E. {fy}; {span})"
        if self.kind == "fiscal_year":
            return f"Fiscal year {fy - BE_OFFSET} (B.E. {fy}; {span})"
        return f"{_day_en(start)} – {_day_en(end)}"

    # -- neighbours ----------------------------------------------------------------------
    def previous(self) -> Period:
        """The period of the same kind just before (a range: as many days just before)."""
        if self.kind == "range":
            return Period("range", self.start - timedelta(days=self.days),
                          self.start - timedelta(days=1))
        return _span_containing(self.kind, self.start - timedelta(days=1))

    def year_before(self) -> Period:
        """The same period one year earlier."""
        if self.kind == "range":
            return Period("range", _minus_year(self.start), _minus_year(self.end))
        return _span_containing(self.kind, _minus_year(self.start))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def to_dict(self) -> dict:
        """JSON-serialisable description (what a frozen report keeps)."""
        return {"key": self.key, "kind": self.kind, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "label_th": self.label_th,
                "label_en": self.label_en, "fiscal_year_be": self.fiscal_year_be}


def parse_period(text: str) -> Period:
    """``2026-10`` (month), ``2026-Q4`` (calendar quarter), ``fy2569-h1`` (Oct–Mar),
    ``fy2569`` (Buddhist-era fiscal year) or ``2026-10-01..2026-10-15`` (a range).

    Raises :class:`PeriodError` for anything else, and for years outside 1900–2600 CE
    (fiscal years outside BE 2443–3143).
    """
    text = (text or "").strip()
    _check_years(text)
    try:
        if match := _RANGE.fullmatch(text):
            return date_range(date.fromisoformat(match[1]), date.fromisoformat(match[2]))
        if match := _HALF.fullmatch(text):
            year_be, half = int(match[1]), int(match[2])
            start = date(year_be - BE_OFFSET - 1, 10, 1) if half == 1 else \
                date(year_be - BE_OFFSET, 4, 1)
            return _span_containing("half", start)
        if match := _FISCAL.fullmatch(text):
            return _span_containing("fiscal_year", date(int(match[1]) - BE_OFFSET - 1, 10, 1))
        if match := _QUARTER.fullmatch(text):
            return _span_containing("quarter", date(int(match[1]), 3 * int(match[2]) - 2, 1))
        if match := _MONTH.fullmatch(text):
            return _span_containing("month", date(int(match[1]), int(match[2]), 1))
    except ValueError as error:
        raise PeriodError(text) from error
    raise PeriodError(text)


def _check_years(text: str) -> None:
    """Refuse a year outside MIN_YEAR–MAX_YEAR (CE, or its BE equivalent after ``fy``)."""
    if match := _HALF.fullmatch(text) or _FISCAL.fullmatch(text):
        years = [int(match[1]) - BE_OFFSET]
    elif match := _RANGE.fullmatch(text):
        years = [int(match[1][:4]), int(match[2][:4])]
    elif match := _QUARTER.fullmatch(text) or _MONTH.fullmatch(text):
        years = [int(match[1])]
    else:
        return
    if any(not MIN_YEAR <= year <= MAX_YEAR for year in years):
        raise PeriodError(text)


def date_range(start: date, end: date) -> Period:
    """Any span of Bangkok calendar days, both ends included."""
    return Period("range", start, end)


def month_of(day: date) -> Period:
    return _span_containing("month", day)


def fiscal_year_of(day: date) -> int:
    """The Buddhist-era fiscal year of a day (1 October starts the next one)."""
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def _span_containing(kind: str, day: date) -> Period:
    if kind == "month":
        return Period(kind, day.replace(day=1), _month_end(day.year, day.month))
    if kind == "quarter":
        first = 3 * ((day.month - 1) // 3) + 1
        return Period(kind, date(day.year, first, 1), _month_end(day.year, first + 2))
    fy_start = date(fiscal_year_of(day) - BE_OFFSET - 1, 10, 1)
    if kind == "fiscal_year":
        return Period(kind, fy_start, date(fy_start.year + 1, 9, 30))
    if kind == "half":
        if day.month >= 10 or day.month <= 3:
            return Period(kind, fy_start, date(fy_start.year + 1, 3, 31))
        return Period(kind, date(fy_start.year + 1, 4, 1), date(fy_start.year + 1, 9, 30))
    raise PeriodError(kind)


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _minus_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _utc_midnight(day: date) -> datetime:
    local = datetime.combine(day, time(0, 0), tzinfo=BANGKOK)
    return local.astimezone(UTC).replace(tzinfo=None)


def _month_th(day: date) -> str:
    return f"{MONTHS_TH[day.month - 1]} {day.year + BE_OFFSET}"


def _month_en(day: date) -> str:
    return f"{MONTHS_EN[day.month - 1]} {day.year}"


def _day_th(day: date) -> str:
    return f"{day.day} {MONTHS_TH[day.month - 1]} {day.year + BE_OFFSET}"


def _day_en(day: date) -> str:
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
