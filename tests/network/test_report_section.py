"""The network's section of the monthly report: office and district totals in the public
edition under disclosure control, schools only in the staff edition."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.models import Role
from portal.network.coverage import month_bounds, month_start
from portal.network.models import FacesAnswer, NewsState, SchoolNews
from portal.reports.figures import compute_figures
from portal.reports.periods import parse_period
from portal.reports.render import render_report_html
from tests.network.helpers import schools
from tests.network.test_coverage import network
from tests.reports.text import report_text


def test_public_edition_has_totals_and_protected_districts(app, office, login_as):
    pr = login_as(Role.PR)
    month, (first, second, third) = network(office, pr.user)
    start, _ = month_bounds(month)
    db.session.add(
        SchoolNews(
            office_id=office.id,
            school_id=third.id,
            title="ข่าว",
            body="เนื้อ",
            happened_on=month,
            faces=FacesAnswer.NONE,
            submitted_at=start + timedelta(days=2),
            state=NewsState.SUBMITTED,
        )
    )
    db.session.commit()
    key = month.strftime("%Y-%m")
    public = compute_figures(office.id, parse_period(key), public=True)["network"]
    assert (public["with_correspondent"], public["schools_total"]) == (2, 3)
    assert (public["schools_sent_news"], public["news_items"]) == (2, 3)
    assert "by_school" not in public
    sent = {row["label_th"]: row for row in public["by_district"]["sent_news"]}
    # One school per district sent news: cells of 1 are below the threshold and hidden, and
    # so is their complement (the office total is shown, so one alone would give it away).
    assert all(row["value"] is None and row["mark"] for row in sent.values())
    staff = compute_figures(office.id, parse_period(key), public=False)["network"]
    assert {row["label_th"]: row["value"] for row in staff["by_district"]["sent_news"]} == {
        "ศรีสงคราม": 1,
        "นาทม": 1,
    }
    assert {row["key"] for row in staff["by_school"]} == {s.code for s in schools(office)}
    with app.test_request_context():
        figures = compute_figures(office.id, parse_period(key), public=True)
        html = render_report_html(figures)
        staff_html = render_report_html(
            compute_figures(office.id, parse_period(key), public=False), restricted=True
        )
    # Table cells keep Thai words whole in spans: compare the reports' text.
    html, staff_html = (report_text(h) for h in (html, staff_html))
    assert "เครือข่ายประชาสัมพันธ์ของโรงเรียน" in html and first.name_th not in html
    assert first.name_th in staff_html


def test_only_months_carry_the_section(app, office, login_as):
    pr = login_as(Role.PR)
    month, _ = network(office, pr.user)
    fiscal = month_start(month).year + (1 if month.month >= 10 else 0) + 543
    figures = compute_figures(office.id, parse_period(f"fy{fiscal}"), public=True)
    assert figures["network"] is None
