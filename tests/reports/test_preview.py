"""The staff preview of a report: the page, the public view, the PDF, period links."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import ReportView, ReportViewKind, Role, School
from tests.reports import dataset


def test_preview_page_shows_the_figures_with_charts(app, office, login_as):
    school_id = db.session.scalar(db.select(School.id).where(School.office_id == office.id))
    for school in (None, school_id):  # one case at a school: a small cell the public view blanks
        dataset.add_case(office, "one", received_at=dataset.bkk(2026, 10, 2), school_id=school)
    db.session.commit()
    client = login_as(Role.DIRECTOR)
    response = client.get("/staff/reports/2026-10")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "รายงานสถิติเรื่องร้องเรียน" in html and "ตุลาคม 2569" in html
    assert html.count("<svg") >= 4 and "<script>" not in html
    assert "style=" not in html  # the strict CSP allows no inline style
    assert 'href="/staff/reports/2026-10.pdf"' in html
    # The public view is the default, for the director too.
    assert "กำลังแสดงแบบที่ประชาชนเห็น" in html and 'class="suppressed mark-withheld"' in html
    assert "restricted-banner" not in html
    assert 'href="/staff/reports/2026-10?view=full"' in html
    public = client.get("/staff/reports/2026-10?view=public").get_data(as_text=True)
    # Two cases, one at a school: the school's 1 cannot be shown, nor pointed at by a mark.
    assert "กำลังแสดงแบบที่ประชาชนเห็น" in public and 'class="suppressed mark-withheld"' in public
    assert db.session.scalar(db.select(db.func.count()).select_from(ReportView)) == 0


def test_empty_period_and_period_picker(app, office, login_as):
    client = login_as(Role.INTAKE)
    html = client.get("/staff/reports/2026-08").get_data(as_text=True)
    assert "ไม่มีเรื่องร้องเรียน" in html
    response = client.get("/staff/reports?period=FY2569")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/staff/reports/fy2569")
    assert client.get("/staff/reports").status_code == 302
    bad = client.get("/staff/reports?period=soon")
    assert bad.status_code == 400 and "ไม่รู้จักช่วงเวลา" in bad.get_data(as_text=True)
    assert client.get("/staff/reports/soon").status_code == 404


def test_pdf_download(app, office, login_as):
    client = login_as(Role.DIRECTOR)
    response = client.get("/staff/reports/fy2569-h1.pdf?view=public")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert "report-NP2-fy2569-h1.pdf" in response.headers["Content-Disposition"]


def test_roles_without_case_work_are_refused(app, office, login_as):
    assert login_as(Role.PR).get("/staff/reports/2026-10").status_code == 403


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.INTEGRITY])
def test_unsuppressed_view_is_marked_and_every_opening_recorded(app, office, login_as, role):
    client = login_as(role)
    full = client.get("/staff/reports/2026-10?view=full")
    assert full.status_code == 200
    html = full.get_data(as_text=True)
    assert 'class="restricted-banner"' in html and "ไม่เผยแพร่" in html
    assert "กำลังแสดงตัวเลขทั้งหมดสำหรับเจ้าหน้าที่" in html
    assert 'href="/staff/reports/2026-10.pdf?view=full"' in html
    pdf = client.get("/staff/reports/2026-10.pdf?view=full")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    from tests.reports.test_pdf import pdf_text

    pages = pdf_text(pdf.data)
    assert all("ไม่เผยแพร่" in page for page in pages)  # every page carries the mark
    public_pdf = client.get("/staff/reports/2026-10.pdf").data
    assert not any("ไม่เผยแพร่" in page for page in pdf_text(public_pdf))
    client.get("/staff/reports/fy2569?view=full")
    views = db.session.scalars(db.select(ReportView).order_by(ReportView.id)).all()
    assert [(v.user_id, v.period, v.kind) for v in views] == [
        (client.user.id, "2026-10", ReportViewKind.PAGE),
        (client.user.id, "2026-10", ReportViewKind.PDF),
        (client.user.id, "fy2569", ReportViewKind.PAGE)]
    log = client.get("/staff/oversight/report-views")
    assert log.status_code == 200
    text = log.get_data(as_text=True)
    assert text.count(client.user.name) >= 3 and "fy2569" in text and "ไฟล์ PDF" in text


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.INTAKE])
def test_case_officers_get_the_public_view_only(app, office, login_as, role):
    client = login_as(role)
    html = client.get("/staff/reports/2026-10").get_data(as_text=True)
    assert "กำลังแสดงแบบที่ประชาชนเห็น" in html and "view=full" not in html
    assert client.get("/staff/reports/2026-10?view=full").status_code == 403
    assert client.get("/staff/reports/2026-10.pdf?view=full").status_code == 403
    assert client.get("/staff/reports/2026-10?view=anything").status_code == 404
    assert client.get("/staff/oversight/report-views").status_code == 403
    assert client.get("/staff/reports/2026-10.pdf").status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(ReportView)) == 0


def test_the_report_view_log_is_append_only(app, office, login_as):
    import sqlalchemy as sa

    client = login_as(Role.DIRECTOR)
    client.get("/staff/reports/2026-10?view=full")
    for statement in ("UPDATE report_views SET period = 'x'", "DELETE FROM report_views"):
        with pytest.raises(sa.exc.DatabaseError), db.engine.begin() as conn:
            conn.execute(sa.text(statement))
    assert db.session.scalar(db.select(ReportView.period)) == "2026-10"
