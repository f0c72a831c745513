"""Disclosure control through publishing, on both databases: every file of a seeded fiscal
year read back by the attacker, a confidential case that moves changes nothing published,
and the live page shows neither breakdowns nor the confidential stream.
"""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.extensions import db
from portal.models import Case, CaseType, Category, Report, ReportFile, ReportFileKind, School
from portal.reports import render
from portal.reports.figures import compute_figures
from portal.reports.periods import parse_period
from portal.reports.publishing import publish_report
from tests.factories import make_office
from tests.reports import dataset
from tests.reports.attacker import Attacker, months_of, read_csv
from tests.reports.test_disclosure import PERIODS

AFTER_THE_YEAR = datetime(2027, 10, 5, 3, 0)
_codes = itertools.count(1)


@pytest.fixture
def fast_pdf(monkeypatch):
    """The PDF renders from the same figures as the CSV the attacker reads (its marks are
    checked in test_pdf.py); here it would only cost time."""
    monkeypatch.setattr(render, "render_report_pdf", lambda *args, **kwargs: b"%PDF-1.7\n")


def _office():
    office = make_office(f"H{next(_codes):02d}")
    schools = list(db.session.scalars(db.select(School).where(School.office_id == office.id)
                                      .order_by(School.code)))
    categories = {c.case_type: c for c in db.session.scalars(
        db.select(Category).where(Category.office_id == office.id))}
    return office, schools, categories


def _add(office, month: int, school: School | None, case_type: CaseType, category) -> Case:
    year = 2026 if month >= 10 else 2027
    return dataset.add_case(office, "x", received_at=dataset.bkk(year, month, 5),
                            school_id=school.id if school else None, case_type=case_type,
                            category_id=category.id if category else None,
                            confidential=case_type is CaseType.CORRUPTION)


cases_strategy = st.lists(st.tuples(st.sampled_from([10, 11, 12, 1]), st.integers(0, 3),
                                    st.sampled_from([CaseType.COMPLAINT, CaseType.QUESTION,
                                                     CaseType.CORRUPTION]),
                                    st.booleans()), min_size=1, max_size=14)


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cases=cases_strategy)
def test_every_file_of_a_fiscal_year_pins_no_hidden_cell(app, fast_pdf, cases):
    office, schools, categories = _office()
    for month, school_index, case_type, categorised in cases:
        school = schools[school_index] if school_index < len(schools) else None
        _add(office, month, school, case_type, categories[case_type] if categorised else None)
    db.session.commit()
    for key in PERIODS:
        publish_report(office, parse_period(key), now=AFTER_THE_YEAR)
    db.session.commit()
    attacker = Attacker(
        schools={s.code: str(s.district_id) for s in schools},
        categories={str(c.id): c.case_type.value for c in categories.values()
                    if c.case_type is not CaseType.CORRUPTION},
        threshold=3, months=months_of("fy2570"))
    files = db.session.scalars(db.select(ReportFile).join(ReportFile.version).join(Report)
                               .where(Report.office_id == office.id,
                                      ReportFile.kind == ReportFileKind.CSV)).all()
    assert len(files) == len(PERIODS)
    for file in files:
        attacker.read(read_csv(file.data))
    assert attacker.pinned() == []
    # Nothing below the office counts a corruption report: every school's, district's and
    # category's shown figure is of the general stream.
    general = sum(1 for *_, case_type, _c in cases if case_type is not CaseType.CORRUPTION)
    year = [r for r in attacker.rows if r.period == "fy2570"]
    shown = sum(r.value for r in year if r.section == "by_district" and r.value is not None)
    assert shown <= general


def _published(office) -> dict:
    """Everything the public sees of October, the fourth quarter and the year."""
    result = {}
    for key in ("2026-10", "2026-Q4", "fy2570"):
        figures = compute_figures(office.id, parse_period(key), public=True,
                                  now=AFTER_THE_YEAR)
        result[key] = {k: v for k, v in figures.items() if k not in ("generated_at", "as_of")}
    return result


def test_a_confidential_case_moved_to_another_school_changes_nothing_published(app):
    office, schools, categories = _office()
    for month, school in ((10, schools[0]), (10, schools[0]), (10, schools[1]),
                          (11, schools[2]), (11, None), (12, schools[0])):
        _add(office, month, school, CaseType.COMPLAINT, categories[CaseType.COMPLAINT])
    report = _add(office, 10, schools[2], CaseType.CORRUPTION, categories[CaseType.CORRUPTION])
    # A complaint put on the confidential track counts with the corruption reports.
    kept_secret = _add(office, 11, schools[1], CaseType.COMPLAINT, None)
    kept_secret.confidential = True
    db.session.commit()
    before = _published(office)
    report.school_id, report.category_id = schools[0].id, None
    kept_secret.school_id = schools[2].id
    db.session.commit()
    assert _published(office) == before
    assert before["2026-10"]["streams"]["corruption"]["received"] == 1
    assert before["2026-Q4"]["streams"]["corruption"]["received"] == 2


def test_the_live_page_shows_no_breakdown_and_no_confidential_stream(app, client, office):
    school = db.session.scalars(db.select(School).where(School.office_id == office.id)).first()
    now = datetime.utcnow()
    dataset.add_case(office, "ทุจริต", received_at=now, school_id=school.id,
                     case_type=CaseType.CORRUPTION, confidential=True)
    dataset.add_case(office, "ทั่วไป", received_at=now, school_id=school.id)
    db.session.commit()
    html = client.get("/reports/live").get_data(as_text=True)
    assert school.name_th not in html
    assert "แสดงหลังสิ้นเดือน" in html
    figures = compute_figures(office.id, parse_period(now.strftime("%Y-%m")), public=True)
    assert figures["totals"]["received"] == 1  # the general stream only
    assert figures["streams"]["corruption"]["received"] is None
    assert figures["by_school"] == [] and figures["disclosure"]["general_only"] is True


def test_a_case_made_confidential_after_its_month_was_published_changes_nothing(app):
    """Otherwise the next publication would print one case fewer at its school than the
    month's file did: a corruption report placed at that school by subtraction."""
    office, schools, categories = _office()
    for school in (schools[0], schools[0], schools[0], schools[1], schools[1], schools[1]):
        _add(office, 10, school, CaseType.COMPLAINT, categories[CaseType.COMPLAINT])
    turned = _add(office, 10, schools[1], CaseType.COMPLAINT, categories[CaseType.COMPLAINT])
    db.session.commit()
    published_at = datetime(2026, 11, 2, 3, 0)
    publish_report(office, parse_period("2026-10"), now=published_at)
    db.session.commit()
    before = compute_figures(office.id, parse_period("2026-10"), public=True,
                             now=published_at)
    turned.case_type, turned.confidential = CaseType.CORRUPTION, True  # as screening does
    late = _add(office, 10, schools[1], CaseType.CORRUPTION, None)  # recorded after: secret
    db.session.commit()
    assert turned.confidential_since > published_at > turned.received_at
    for key in ("2026-10", "2026-Q4", "fy2570"):
        after = compute_figures(office.id, parse_period(key), public=True,
                                now=AFTER_THE_YEAR)
        schools_after = {r["key"]: (r["count"], r["mark"]) for r in after["by_school"]}
        assert schools_after[schools[1].code] == (4, None), key
        assert after["streams"]["corruption"]["received"] == 1, key
    assert {r["key"]: r["count"] for r in before["by_school"]}[schools[1].code] == 4
    assert late.confidential_since == late.received_at


def test_a_correction_keeps_hidden_what_the_first_version_hid(app):
    office, schools, categories = _office()
    for school in (schools[0],) * 4 + (schools[1],) + (None,) * 3:
        _add(office, 10, school, CaseType.COMPLAINT, categories[CaseType.COMPLAINT])
    db.session.commit()
    first = publish_report(office, parse_period("2026-10"), now=datetime(2026, 11, 2))
    db.session.commit()
    row = {r["key"]: r for r in first.figures["by_school"]}[schools[1].code]
    assert (row["count"], row["mark"]) == (None, "small")
    for _ in range(3):  # recorded late: the school now has 4 cases in October
        _add(office, 10, schools[1], CaseType.COMPLAINT, categories[CaseType.COMPLAINT])
    db.session.commit()
    second = publish_report(office, parse_period("2026-10"), note="เพิ่มเรื่องที่บันทึกช้า",
                            now=datetime(2026, 11, 20))
    db.session.commit()
    row = {r["key"]: r for r in second.figures["by_school"]}[schools[1].code]
    assert row["count"] is None and row["mark"] == "protected"
    year = compute_figures(office.id, parse_period("fy2570"), public=True, now=AFTER_THE_YEAR)
    row = {r["key"]: r for r in year["by_school"]}[schools[1].code]
    assert (row["count"], row["mark"]) == (None, "inherited")
