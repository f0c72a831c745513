"""Statistics for the ITA per stream and per school, from the published (frozen) reports.

The assessor asks for totals, completed and in progress for each stream, monthly,
quarterly or half-yearly, covering at least October–March; "ไม่มีเรื่องร้องเรียน" when there
were none; and the same per school. Only published versions count: what the assessor sees
here is what the office signed off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.ita.participation import fiscal_year_bounds
from portal.models import Office, Report, ReportVersion
from portal.reports.publishing import published_reports

KIND_ORDER = {"month": 0, "quarter": 1, "half": 2, "fiscal_year": 3}
MIN_SCHEMA = 2  # figures under disclosure control (portal/reports/README.md)


@dataclass
class PeriodStatistics:
    report: Report
    version: ReportVersion
    figures: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.figures["period"]["kind"]


@dataclass
class YearStatistics:
    months: list[PeriodStatistics]
    summaries: list[PeriodStatistics]  # quarters, halves and the year

    @property
    def covers_first_half(self) -> bool:
        """Whether October–March is covered (by its six months or a longer report)."""
        if any(s.kind in ("half", "fiscal_year") for s in self.summaries):
            return True
        return len({s.report.period for s in self.months
                    if s.report.starts_on.month in (10, 11, 12, 1, 2, 3)}) == 6


def year_statistics(office: Office, fiscal_year: int) -> YearStatistics:
    start, end = fiscal_year_bounds(fiscal_year)
    # Only versions made under the current disclosure rules (older ones are republished).
    chosen = [PeriodStatistics(r, r.latest, r.latest.figures) for r in published_reports(office)
              if start <= r.starts_on and r.ends_on <= end
              and r.latest.figures.get("schema", 1) >= MIN_SCHEMA]
    chosen.sort(key=lambda s: (s.report.starts_on, KIND_ORDER.get(s.kind, 9)))
    return YearStatistics(months=[s for s in chosen if s.kind == "month"],
                          summaries=[s for s in chosen if s.kind != "month"])
