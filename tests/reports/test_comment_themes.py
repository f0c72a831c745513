"""Satisfaction comments reach the report as counts by theme, never as text."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Satisfaction
from portal.reports.comment_themes import comment_themes
from portal.reports.render import render_report_html
from tests.reports.test_figures import data, figures_for  # noqa: F401 (the fixture)
from tests.reports.text import report_text

COMMENTS = {
    "c1": "เจ้าหน้าที่สุภาพ อธิบายชัดเจน",
    "c9": "แก้ไขเร็วมาก",
    "c14": "รอนานเกินไป",
    "c15": "ขอบคุณครับ",
}


def test_themes_count_every_comment_under_each_theme_it_names():
    found = comment_themes(["ตอบเร็ว อธิบายชัดเจน", "", "  ", "ขอบคุณ", "ล่าช้ามาก"])
    assert found["comments"] == 3
    assert {t["key"]: t["count"] for t in found["themes"]} == {
        "speed": 2,
        "manner": 0,
        "clarity": 1,
        "result": 0,
        "other": 1,
    }


def test_the_report_gives_comment_counts_and_themes_never_text(app, data):  # noqa: F811
    cases = data["cases"]
    for name, comment in COMMENTS.items():
        row = db.session.scalar(select(Satisfaction).where(Satisfaction.case_id == cases[name].id))
        row.comment = comment
    db.session.commit()
    for public in (False, True):
        figures = figures_for(data, "2026-10", public=public)
        satisfaction = figures["satisfaction"]
        assert satisfaction["comments"] == 4
        assert {t["key"]: t["count"] for t in satisfaction["themes"]} == {
            "speed": 2,
            "manner": 1,
            "clarity": 1,
            "result": 1,
            "other": 1,
        }
        with app.test_request_context("/"):
            for locale in ("th", "en"):
                # Table cells keep Thai words whole in spans: read the report's text.
                html = report_text(render_report_html(figures, locale))
                assert not [c for c in COMMENTS.values() if c in html]
                assert ("ประเด็นในความคิดเห็น" if locale == "th" else "Themes of the comments") in html
