"""Every section adds up: what was not recorded is counted ("ไม่ได้บันทึก n เรื่อง"), and a
compared period before the office's first case is unknown ("ไม่มีข้อมูล"), not zero."""

from __future__ import annotations

from sqlalchemy import select

from portal.clock import to_local
from portal.extensions import db
from portal.models import Case, CaseStatus, Satisfaction
from portal.reports.render import render_report_html
from tests.reports.test_figures import data, figures_for  # noqa: F401 (the fixture)
from tests.reports.text import report_text


def test_outcomes_reasons_and_ratings_add_up_to_the_cases(app, data):  # noqa: F811
    cases = data["cases"]
    # One finished case without its finding, one declined case without its reason.
    finished = [
        c
        for c in cases.values()
        if c.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED) and not c.confidential
    ]
    finished[0].outcome = None
    for case in cases.values():
        if case.status is CaseStatus.DECLINED:
            case.decline_reason = None
    db.session.commit()
    f = figures_for(data, "2026-10")
    october = [
        c
        for c in db.session.scalars(select(Case).where(Case.office_id == data["office"].id))
        if (c.original_received_on or to_local(c.received_at).date()).strftime("%Y-%m") == "2026-10"
    ]
    general_finished = sum(
        1
        for c in october
        if not c.confidential and c.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED)
    )
    assert sum(r["count"] for r in f["outcomes"]) + f["not_recorded"]["outcome"] == general_finished
    assert f["not_recorded"]["outcome"] >= 1
    assert (
        sum(r["count"] for r in f["declined"]["reasons"]) + f["not_recorded"]["decline_reason"]
        == f["declined"]["total"]
    )
    assert f["not_recorded"]["decline_reason"] == f["declined"]["total"] >= 1
    all_finished = sum(1 for c in october if c.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED))
    rated = db.session.scalar(select(db.func.count()).select_from(Satisfaction))
    assert f["satisfaction"]["count"] + f["satisfaction"]["not_rated"] == all_finished
    assert f["satisfaction"]["count"] <= rated
    with app.test_request_context("/"):
        html = render_report_html(f, "th")
    assert f"ผลการพิจารณา: ไม่ได้บันทึก {f['not_recorded']['outcome']} เรื่อง" in html
    # Table cells keep Thai words whole (each word in its own span), so read the row's text.
    assert "ไม่รับพิจารณา: ไม่ได้บันทึกเหตุผล" in report_text(html)
    assert f"ไม่ได้บันทึกการประเมิน {f['satisfaction']['not_rated']} เรื่อง" in html


def test_comparisons_before_the_first_case_have_no_data(app, data):  # noqa: F811
    f = figures_for(data, "2025-10")  # the office's first case came on 1 October 2025
    previous, year_before = f["comparison"]["previous"], f["comparison"]["year_before"]
    for compared in (previous, year_before):
        assert compared["no_data"] and compared["totals"]["received"] is None
    later = figures_for(data, "2026-10")["comparison"]["year_before"]
    assert not later.get("no_data") and later["totals"]["received"] == 1
    with app.test_request_context("/"):
        html = render_report_html(f, "th")
    table = html.split('<caption id="r-t-comparison">', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tbody>", 1)[1].split("</tr>")[:-1]
    assert len(rows) == 5
    for row in rows:  # this period's figure, then two unknown ones (never a 0 or a dash)
        assert row.endswith(
            '<td><span class="muted">ไม่มีข้อมูล</span></td><td><span class="muted">ไม่มีข้อมูล</span></td>'
        ), row
