"""Drawing a report from its figures dict: the charts, dates, and the PDF (WeasyPrint).

WeasyPrint lays Thai out with Pango and HarfBuzz, so vowels and tone marks stack as they
should; the font is Sarabun from the fontpkg-sarabun package, loaded from its file. The print
style sheet (``pdf.css``) and the fonts it names are loaded once per process and reused by
every report: parsing them and registering the font files cost a tenth of a render.

A print is close to a second of CPU, and the same HTML always prints the same bytes (the
style sheet and fonts are fixed for the process): the last few documents printed are kept
by their HTML's digest, so a month downloaded again, or a version republished unchanged,
is not laid out twice.
"""

from __future__ import annotations

import atexit
import hashlib
import threading
from collections import OrderedDict
from datetime import date, datetime
from functools import cache
from pathlib import Path

from flask import Flask, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from portal.filters import thai_date
from portal.reports.charts import bar_chart, grouped_chart
from portal.reports.pdf_text import compose_thai_text
from portal.thai_words import PRINT_WORD_BREAK, keep_cell_words


def report_date(value: str | None, locale: str = "th") -> str:
    """A figures-dict date (``2026-11-30``) or time (``2026-11-30T02:00:00``, UTC) in the
    Buddhist era (English: the Common Era)."""
    if not value:
        return ""
    moment: date | datetime = (datetime.fromisoformat(value) if "T" in value
                               else date.fromisoformat(value))
    return thai_date(moment, locale=locale)


def report_charts(figures: dict, locale: str = "th") -> dict[str, Markup]:
    """The report's SVG charts, from the figures only."""

    def name(row: dict) -> str:
        return row["label_en"] if locale == "en" else row["label_th"]

    def bars(rows, title, chart_id):
        return bar_chart([(name(r), r["count"]) for r in rows], title, chart_id)

    charts = {
        "by_type": bars(figures["by_type"], _("แยกตามประเภทเรื่อง"), "chart-type"),
        "by_channel": bars(figures["by_channel"], _("แยกตามช่องทาง"), "chart-channel"),
        "backlog": bars(figures["backlog"]["buckets"], _("เรื่องค้างแยกตามอายุ"), "chart-backlog"),
        "outcomes": bars(figures["outcomes"], _("ผลการพิจารณา"), "chart-outcomes"),
        "satisfaction": bar_chart(
            [(_("%(n)s คะแนน", n=r["rating"]), r["count"])
             for r in reversed(figures["satisfaction"]["distribution"])],
            _("ความพึงพอใจ"), "chart-satisfaction"),
    }
    comparison = figures.get("comparison")
    if comparison:
        periods = [comparison["year_before"], comparison["previous"], figures]
        series = [(p["period"]["label_en"] if locale == "en" else p["period"]["label_th"])
                  + (f" ({_('ไม่มีข้อมูล')})" if p.get("no_data") else "") for p in periods]
        groups = [(_("ได้รับ"), [p["totals"]["received"] for p in periods]),
                  (_("ดำเนินการแล้วเสร็จ"), [p["totals"]["completed"] for p in periods]),
                  (_("อยู่ระหว่างดำเนินการ"), [p["totals"]["in_progress"] for p in periods])]
        charts["comparison"] = grouped_chart(groups, series, _("เปรียบเทียบจำนวนเรื่อง"),
                                             "chart-comparison")
    return charts


def render_report_html(figures: dict, locale: str = "th",
                       publication: dict | None = None, restricted: bool = False) -> str:
    """The standalone HTML the PDF is printed from; no word split inside a table cell."""
    with force_locale(locale):
        html = render_template("reports/pdf.html", figures=figures, report_mode="pdf",
                               current_locale=locale, publication=publication,
                               restricted=restricted)
    return keep_cell_words(html, PRINT_WORD_BREAK, pango_breaks_inside) if locale == "th" else html


def pango_breaks_inside(words: tuple[str, ...]) -> frozenset[int]:
    """The words, by index, inside which Pango (libthai's dictionary, what WeasyPrint breaks
    Thai lines with) finds a line break opportunity when they are printed as the cell prints
    them, zero-width spaces between. Only those need a no-wrap span: the others' letters stay
    together anyway, and every span is one more box to style and lay out (about 45 % of a
    report's printing time when every word had one)."""
    from weasyprint.text.line_break import get_log_attrs

    with _BREAKING:  # Pango's Thai breaker is one libthai object for the whole process
        attrs = get_log_attrs(PRINT_WORD_BREAK.join(words), "th")
    inside, start = set(), 0
    for i, word in enumerate(words):
        if any(attrs[start + k].is_line_break for k in range(1, len(word))):
            inside.add(i)
        start += len(word) + len(PRINT_WORD_BREAK)
    return frozenset(inside)


def render_report_pdf(office, figures: dict, locale: str = "th",
                      publication: dict | None = None, restricted: bool = False) -> bytes:
    """The report as a tagged A4 PDF in Thai: the office's header, Sarabun, one digit style
    (Arabic, as on the web report, the open data and /ita), Buddhist-era dates, a text layer
    that searches and copies as composed Thai. ``office`` is accepted for the callers'
    convenience; everything printed comes from ``figures`` (a frozen report reprints the same).
    ``publication`` (``{version, published_on, note}``) prints which published version it is;
    ``restricted`` marks every page "ไม่เผยแพร่" (the staff's unsuppressed figures).
    """
    from weasyprint import HTML

    html = render_report_html(figures, locale, publication, restricted)
    key = hashlib.sha256(html.encode()).digest()
    stylesheet, fonts, base = _print_style()
    with _RENDERING:  # one report at a time shares the fonts (Pango objects are not shared)
        pdf = _PRINTED.get(key)
        if pdf is not None:
            _PRINTED.move_to_end(key)
            return pdf
        # Tagged (PDF/UA-1): headings, tables and reading order for screen readers; the
        # document's language comes from <html lang>.
        pdf = compose_thai_text(HTML(string=html, base_url=base).write_pdf(
            stylesheets=[stylesheet], font_config=fonts, pdf_variant="pdf/ua-1"))
        _PRINTED[key] = pdf
        while len(_PRINTED) > PRINTED_KEPT:
            _PRINTED.popitem(last=False)
    return pdf


PRINT_CSS = Path(__file__).with_name("pdf.css")
_RENDERING = threading.Lock()
# The documents last printed, by the SHA-256 of their HTML (about 75 KB each).
PRINTED_KEPT = 8
_PRINTED: OrderedDict[bytes, bytes] = OrderedDict()
_BREAKING = threading.Lock()


@cache
def _print_style():
    """The parsed print style sheet, the font configuration holding its Sarabun faces, and
    the base URL the fonts are found under (the fontpkg-sarabun package's files)."""
    import fontpkg_sarabun
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    base = (fontpkg_sarabun.ROOT / "files").as_uri() + "/"
    fonts = FontConfiguration()
    stylesheet = CSS(string=PRINT_CSS.read_text(encoding="utf-8"), base_url=base,
                     font_config=fonts)
    return stylesheet, fonts, base


# Let the font configuration remove its temporary folder while the interpreter still can (at
# shutdown WeasyPrint's clean-up would find its module globals already gone).
atexit.register(_print_style.cache_clear)


def init_app(app: Flask) -> None:
    app.add_template_global(report_charts)
    app.add_template_global(report_date)
