"""Printed PDF documents of the PDPA duties, laid out like the reports (Sarabun, A4)."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale


def render_pdf(template: str, locale: str = "th", **context) -> bytes:
    """``template`` rendered and printed by WeasyPrint with the reports' style and fonts."""
    from weasyprint import HTML

    from portal.reports.render import _RENDERING, _print_style

    with force_locale(locale):
        html = render_template(template, current_locale=locale, **context)
    stylesheet, fonts, base = _print_style()
    with _RENDERING:  # the font configuration is shared with the reports: one at a time
        return HTML(string=html, base_url=base).write_pdf(
            stylesheets=[stylesheet], font_config=fonts
        )
