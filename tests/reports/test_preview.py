"""The staff preview of a report: the page, the public view, the PDF, period links."""

from __future__ import annotations

from portal.extensions import db
from portal.models import Role, School
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
    public = client.get("/staff/reports/2026-10?view=public").get_data(as_text=True)
    # Two cases, one at a school: the school's 1 cannot be shown, nor pointed at by a mark.
    assert "กำลังแสดงแบบที่ประชาชนเห็น" in public and 'class="suppressed mark-withheld"' in public


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
