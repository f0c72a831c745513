"""Printed PDF documents of the PDPA duties, laid out like the reports (Sarabun, A4)."""

from __future__ import annotations

from pathlib import Path

from flask import render_template
from flask_babel import force_locale, gettext

DOCUMENT_CSS = Path(__file__).with_name("pdf.css")


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for the content of a page margin box)."""
    escaped = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def page_css(office_name: str, locale: str) -> str:
    """A4, the office at the top of every page and "หน้า n / m" at the bottom (Thai digits
    in Thai)."""
    style = "" if locale == "en" else ", thai"
    with force_locale(locale):
        page = css_string(gettext("หน้า") + " ")
    return (
        "@page { size: A4; margin: 20mm 18mm;\n"
        f'  @top-left {{ content: {css_string(office_name)}; font: 9pt "Sarabun"; color: #555; }}\n'
        f'  @bottom-center {{ content: {page} counter(page{style}) " / " counter(pages{style});'
        ' font: 10pt "Sarabun"; } }\n'
    )


def render_pdf(template: str, locale: str = "th", **context) -> bytes:
    """``template`` rendered and printed by WeasyPrint with the reports' style and fonts."""
    from weasyprint import CSS, HTML

    from portal.reports.render import _RENDERING, _print_style

    with force_locale(locale):
        html = render_template(template, current_locale=locale, **context)
    stylesheet, fonts, base = _print_style()
    own = DOCUMENT_CSS.read_text(encoding="utf-8") + page_css(context["office_name"], locale)
    with _RENDERING:  # the font configuration is shared with the reports: one at a time
        document = CSS(string=own, base_url=base, font_config=fonts)
        return HTML(string=html, base_url=base).write_pdf(
            stylesheets=[stylesheet, document], font_config=fonts
        )
