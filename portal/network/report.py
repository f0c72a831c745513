"""The network's section of the monthly report.

The public edition shows office totals and districts, district cells protected by the same
disclosure control as the case tables (small cells hidden, with complementary hiding so no
subtraction undoes them); figures per named school go only into the staff edition.
"""

from __future__ import annotations

from datetime import date

from portal.models import Office
from portal.network.coverage import Coverage, coverage_for
from portal.reports.disclosure import Cell, protect

DISTRICT_MEASURES = ("with_correspondent", "sent_news", "shared")


def network_figures(
    office: Office, start: date, kind: str, *, public: bool, threshold: int
) -> dict | None:
    """The section for a month's report; None for other periods (the series is monthly)."""
    if kind != "month":
        return None
    figures = coverage_for(office, start)
    section = {
        "schools_total": figures.schools_total,
        "with_correspondent": figures.with_correspondent,
        "committee_total": figures.committee_total,
        "committee_active": figures.committee_active,
        "schools_sent_news": figures.schools_sent_news,
        "news_items": figures.news_items,
        "schools_shared": figures.schools_shared,
        "median_hours": figures.median_hours,
        "page_followers": figures.page_followers,
        "line_friends": figures.line_friends,
        "by_district": {
            m: _district_rows(figures, m, public, threshold) for m in DISTRICT_MEASURES
        },
    }
    if not public:
        section["by_school"] = [
            {
                "key": r.school.code,
                "label_th": r.school.name_th,
                "label_en": r.school.name_en,
                "has_correspondent": r.has_correspondent,
                "news": r.news,
                "published": r.published,
                "shared": r.shared,
            }
            for r in figures.schools
        ]
    return section


def _district_rows(figures: Coverage, measure: str, public: bool, threshold: int) -> list[dict]:
    root = Cell("office")
    cells = []
    for row in figures.districts:
        key = row.district.code or str(row.district.id) if row.district else "none"
        cells.append((row, root.add(Cell(key, value=getattr(row, measure)))))
    root.total()
    if public:
        protect(root, threshold)
    out = []
    for row, cell in cells:
        district = row.district
        out.append(
            {
                "key": cell.key,
                "label_th": district.name_th if district else "",
                "label_en": district.name_en if district else "",
                "schools": row.schools,
                "value": None if cell.hidden else cell.value,
                "mark": cell.mark or "",
            }
        )
    return out
