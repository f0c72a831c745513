"""Report periods are chosen by name ("ไตรมาส 1 ปีงบประมาณ 2570"); codes stay in URLs only.
Publishing asks first and shows what goes public; the staff menu has one entry for reports."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models import Report, Role
from portal.reports.period_choices import period_choices, picker_label
from portal.reports.periods import parse_period
from tests.helpers import post_form
from tests.reports import dataset

NAV = re.compile(r'<nav class="wrap wide site-nav staff-nav"[^>]*>(.*?)</nav>', re.S)


def test_periods_are_named_in_thai_and_english():
    names = {
        key: (picker_label(parse_period(key)), picker_label(parse_period(key), "en"))
        for key in ("2026-12", "2026-Q4", "2027-Q3", "fy2570-h1", "fy2570")
    }
    assert names == {
        "2026-12": ("ธันวาคม 2569", "December 2026"),
        "2026-Q4": (
            "ไตรมาส 1 ปีงบประมาณ 2570 (ตุลาคม – ธันวาคม 2569)",
            "Q1 of fiscal year 2027 (October – December 2026)",
        ),
        "2027-Q3": (
            "ไตรมาส 4 ปีงบประมาณ 2570 (กรกฎาคม – กันยายน 2570)",
            "Q4 of fiscal year 2027 (July – September 2027)",
        ),
        "fy2570-h1": (
            "ครึ่งปีแรก ปีงบประมาณ 2570 (ตุลาคม 2569 – มีนาคม 2570)",
            "First half of fiscal year 2027 (October 2026 – March 2027)",
        ),
        "fy2570": (
            "ปีงบประมาณ 2570 (ตุลาคม 2569 – กันยายน 2570)",
            "Fiscal year 2027 (October 2026 – September 2027)",
        ),
    }


def test_choices_run_from_the_first_case_to_today_newest_first(app, office):
    dataset.add_case(office, "first", received_at=dataset.bkk(2025, 11, 3))
    db.session.commit()
    today = date(2026, 12, 6)
    groups = dict(period_choices(office.id, today, "th"))
    assert list(groups) == ["เดือน", "ไตรมาส", "ครึ่งปีงบประมาณ", "ปีงบประมาณ"]
    months = [key for key, _label in groups["เดือน"]]
    assert months[0] == "2026-12" and months[-1] == "2025-10" and len(months) == 15
    assert groups["ไตรมาส"][0] == ("2026-Q4", "ไตรมาส 1 ปีงบประมาณ 2570 (ตุลาคม – ธันวาคม 2569)")
    assert [key for key, _label in groups["ปีงบประมาณ"]] == ["fy2570", "fy2569"]
    ended = dict(period_choices(office.id, today, "th", ended_only=True))
    assert ended["เดือน"][0] == ("2026-11", "พฤศจิกายน 2569")
    assert ended["ไตรมาส"][0][0] == "2026-Q3" and ended["ปีงบประมาณ"] == [
        ("fy2569", "ปีงบประมาณ 2569 (ตุลาคม 2568 – กันยายน 2569)")
    ]
    assert "ครึ่งปีแรก ปีงบประมาณ 2570" not in str(ended)


def test_preview_picker_offers_names_and_a_range_of_days(app, office, login_as):
    client = login_as(Role.INTAKE)
    html = client.get("/staff/reports/2026-10").get_data(as_text=True)
    assert '<option value="2026-10" selected>ตุลาคม 2569</option>' in html
    assert '<option value="2026-Q4">ไตรมาส 1 ปีงบประมาณ 2570' in html
    assert '<optgroup label="ครึ่งปีงบประมาณ">' in html
    assert "fy2569-h1 (ตุลาคม–มีนาคม)" not in html  # no code to type any more
    shown = client.get("/staff/reports", query_string={"start": "2026-10-01", "end": "2026-10-15"})
    assert shown.status_code == 302
    assert shown.headers["Location"].endswith("/staff/reports/2026-10-01..2026-10-15")
    page = client.get(shown.headers["Location"]).get_data(as_text=True)
    assert '<details class="period-range" open>' in page and 'value="2026-10-15"' in page
    backwards = client.get(
        "/staff/reports", query_string={"start": "2026-10-15", "end": "2026-10-01"}
    )
    assert backwards.status_code == 400 and "ไม่รู้จักช่วงเวลา" in backwards.get_data(as_text=True)
    # An old period outside the list is still shown as chosen.
    old = client.get("/staff/reports/2019-02").get_data(as_text=True)
    assert '<option value="2019-02" selected>กุมภาพันธ์ 2562</option>' in old


def test_one_menu_entry_for_reports_and_their_own_menu(app, office, login_as):
    client = login_as(Role.DIRECTOR)
    html = client.get("/staff/transparency").get_data(as_text=True)
    nav = NAV.search(html).group(1)
    assert re.findall(r">([^<]*รายงาน[^<]*)</a>", nav) == ["รายงาน"]
    assert 'aria-current="page">รายงาน</a>' in nav
    tabs = re.search(r'<nav class="subnav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r">([^<]+)</a>", tabs) == [
        "ตัวเลขรายงาน",
        "เผยแพร่รายงาน",
        "คลังรายงาน",
        "รายงานการมีส่วนร่วม",
    ]


def test_the_director_prepares_a_report_chosen_by_name(app, office, login_as):
    client = login_as(Role.DIRECTOR)
    html = client.get("/staff/transparency").get_data(as_text=True)
    assert '<option value="2026-10">ตุลาคม 2569</option>' in html
    refused = post_form(client, "/staff/transparency", {"period": "2030-01"})
    assert refused.status_code == 422
    assert "ช่วงเวลานี้ยังไม่สิ้นสุด" in refused.get_data(as_text=True)
    unknown = post_form(client, "/staff/transparency", {"period": "soon"})
    assert "กรุณาเลือกช่วงเวลาจากรายการ" in unknown.get_data(as_text=True)
    done = post_form(client, "/staff/transparency", {"period": "2026-10"})
    assert done.headers["Location"].endswith("/staff/transparency/2026-10")
    assert db.session.scalar(select(Report.period)) == "2026-10"
