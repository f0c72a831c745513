"""Republishing under the current disclosure rules: one correction per stale period, never
two; older versions gone from the public pages (410 with a link), kept in the staff archive."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import ReportVersion, Role
from portal.reports.periods import parse_period
from portal.reports.publishing import DISCLOSURE_RULES_VERSION, publish_report
from tests.factories import make_office
from tests.transparency.helpers import AFTER_OCTOBER, OCTOBER, october_cases

NOTE = "ปรับการปกปิดข้อมูลเพื่อคุ้มครองผู้แจ้ง"


def _published_under_old_rules(office, key: str = OCTOBER) -> ReportVersion:
    """A version as every version published before issue 16 is now: under rules 1."""
    version = publish_report(office, parse_period(key), now=AFTER_OCTOBER)
    db.session.flush()
    db.session.execute(update(ReportVersion).where(ReportVersion.id == version.id)
                       .values(disclosure_rules=1))
    db.session.commit()
    db.session.expire_all()
    return version


def _versions(office) -> list[tuple[str, int, int]]:
    from portal.models import Report

    rows = db.session.execute(
        select(Report.period, ReportVersion.number, ReportVersion.disclosure_rules)
        .join(ReportVersion, ReportVersion.report_id == Report.id)
        .where(Report.office_id == office.id).order_by(Report.period, ReportVersion.number))
    return [tuple(r) for r in rows]


def test_publishing_records_the_current_rules(app, office):
    october_cases(office)
    version = publish_report(office, parse_period(OCTOBER), now=AFTER_OCTOBER)
    db.session.commit()
    assert version.disclosure_rules == DISCLOSURE_RULES_VERSION == 2


def test_republish_all_is_idempotent(app, office):
    other = make_office("XX9")
    db.session.commit()
    october_cases(office)
    for owner, key in ((office, OCTOBER), (office, "2026-09"), (other, OCTOBER)):
        _published_under_old_rules(owner, key)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["report", "republish", "--all", "--note", NOTE])
    assert result.exit_code == 0, result.output
    assert "NP2 2026-09: published version 2" in result.output
    assert "XX9 2026-10: published version 2" in result.output
    assert "republished 3 report(s); 0 failed" in result.output
    current = DISCLOSURE_RULES_VERSION
    assert _versions(office) == [("2026-09", 1, 1), ("2026-09", 2, current),
                                 (OCTOBER, 1, 1), (OCTOBER, 2, current)]
    corrected = db.session.scalar(select(ReportVersion).where(ReportVersion.number == 2))
    assert corrected.note == NOTE
    again = runner.invoke(args=["report", "republish", "--all", "--note", NOTE])
    assert again.exit_code == 0 and "republished 0 report(s)" in again.output
    assert len(_versions(office)) == 4 and len(_versions(other)) == 2


def test_republish_one_office_or_one_period(app, office):
    other = make_office("XX9")
    db.session.commit()
    for owner, key in ((office, OCTOBER), (office, "2026-09"), (other, OCTOBER)):
        _published_under_old_rules(owner, key)
    runner = app.test_cli_runner()
    one = runner.invoke(args=["report", "republish", "--office", "NP2", "--period", "2026-09",
                              "--note", NOTE])
    assert one.exit_code == 0 and "republished 1 report(s)" in one.output
    office_wide = runner.invoke(args=["report", "republish", "--office", "NP2", "--note", NOTE])
    assert "NP2 2026-10: published version 2" in office_wide.output
    assert "republished 1 report(s)" in office_wide.output
    assert _versions(other) == [(OCTOBER, 1, 1)]
    for args in (["--note", NOTE], ["--all", "--office", "NP2", "--note", NOTE],
                 ["--all", "--note", "  "], ["--all"]):
        refused = runner.invoke(args=["report", "republish", *args])
        assert refused.exit_code == 2, (args, refused.output)
    bad = runner.invoke(args=["report", "republish", "--all", "--period", "soon", "--note", NOTE])
    assert bad.exit_code == 1 and "Not a period" in bad.output


def test_old_versions_stop_being_served_publicly(app, client, office):
    october_cases(office)
    _published_under_old_rules(office)
    # Not yet republished: nothing of it is served, and the list does not offer it.
    waiting = client.get(f"/reports/{OCTOBER}")
    assert waiting.status_code == 410 and "อยู่ระหว่างการจัดทำ" in waiting.get_data(as_text=True)
    assert f"/reports/{OCTOBER}" not in client.get("/reports").get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["report", "republish", "--all", "--note", NOTE])
    assert result.exit_code == 0, result.output

    for path in (f"/reports/{OCTOBER}/v1", f"/reports/{OCTOBER}/v1.pdf",
                 f"/reports/{OCTOBER}/v1.cases.csv", f"/reports/{OCTOBER}/v1.json"):
        gone = client.get(path)
        assert gone.status_code == 410, path
        html = gone.get_data(as_text=True)
        assert "ถูกแทนที่" in html and f'href="/reports/{OCTOBER}/v2"' in html and NOTE in html
    assert client.get(f"/reports/{OCTOBER}").status_code == 200
    assert client.get(f"/reports/{OCTOBER}/v2.cases.json").status_code == 200
    latest = client.get(f"/reports/{OCTOBER}/latest.csv")
    assert latest.status_code == 302 and latest.headers["Location"].endswith("/v2.csv")
    for page in ("/reports", "/open-data", f"/reports/{OCTOBER}/v2"):
        html = client.get(page).get_data(as_text=True)
        assert f"/reports/{OCTOBER}/v2" in html and f"/reports/{OCTOBER}/v1" not in html, page
    index = json.loads(client.get("/reports/index.json").data)
    assert [(r["period"], r["version"]) for r in index["reports"]] == [(OCTOBER, 2)]
    assert set(index["reports"][0]["files"]) >= {"cases.csv", "cases.xlsx", "cases.json"}


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.INTEGRITY, Role.ADMIN])
def test_staff_still_read_old_versions(app, office, login_as, role):
    october_cases(office)
    old = _published_under_old_rules(office)
    app.test_cli_runner().invoke(args=["report", "republish", "--all", "--note", NOTE])
    client = login_as(role)
    prefix = "/admin" if role is Role.ADMIN else "/staff"
    archive = client.get(f"{prefix}/report-archive")
    assert archive.status_code == 200
    html = archive.get_data(as_text=True)
    assert f"{prefix}/report-archive/{OCTOBER}/v1" in html and "ถูกแทนที่" in html
    page = client.get(f"{prefix}/report-archive/{OCTOBER}/v1")
    assert page.status_code == 200 and "ไม่เผยแพร่" in page.get_data(as_text=True)
    stored = db.session.get(ReportVersion, old.id).files[0]
    data = client.get(f"{prefix}/report-archive/{OCTOBER}/v1.{_suffix(stored.kind)}")
    assert data.status_code == 200 and data.data == stored.data
    assert data.headers["Cache-Control"] == "private, no-store"
    assert client.get(f"{prefix}/report-archive/{OCTOBER}/v9").status_code == 404


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.INTAKE, Role.PR])
def test_the_archive_is_refused_to_other_staff(app, office, login_as, role):
    october_cases(office)
    _published_under_old_rules(office)
    client = login_as(role)
    assert client.get("/staff/report-archive").status_code == 403
    assert client.get(f"/staff/report-archive/{OCTOBER}/v1.pdf").status_code == 403
    assert client.get("/admin/report-archive").status_code == 403


def _suffix(kind) -> str:
    from portal.public.report_views import SUFFIX_OF

    return SUFFIX_OF[kind]
