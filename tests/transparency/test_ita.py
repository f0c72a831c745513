"""The ITA evidence pages: items per fiscal year, manual, channels, statistics, participation."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.ita.items import seed_default_items
from portal.models import CaseType, DeadlinePolicy, ItaItem, Role
from portal.reports.periods import parse_period
from portal.reports.publishing import publish_report
from tests.helpers import csrf_token
from tests.transparency.helpers import AFTER_OCTOBER, OCTOBER, october_cases


def test_ita_lists_every_item_of_the_year_with_its_public_link(app, client, office):
    assert seed_default_items(office, 2569) == 4
    assert seed_default_items(office, 2569) == 0
    db.session.commit()
    html = client.get("/ita?year=2569").get_data(as_text=True)
    for code in ("O16", "O17", "O18", "O19"):
        assert code in html
    assert "http://portal.test/ita/statistics?year=2569" in html
    # One digit style on the page: the formal heading's year in Arabic digits like the rest.
    assert "ปีงบประมาณ พ.ศ. 2569" in html and not any("๐" <= ch <= "๙" for ch in html)
    assert "ยังไม่ได้กำหนดรายการ" in client.get("/ita?year=2570").get_data(as_text=True)
    assert client.get("/ita?year=99").status_code == 404
    for path in ("/ita/manual", "/ita/channels", "/ita/statistics?year=2569",
                 "/ita/participation?year=2569"):
        assert client.get(path).status_code == 200, path


def test_the_administrator_edits_the_mapping(app, office, login_as):
    admin = login_as(Role.ADMIN)
    assert admin.get("/admin/ita?year=2570").status_code == 200
    token = csrf_token(admin, "/admin/ita?year=2570")
    fields = {"csrf_token": token, "fiscal_year": "2570", "code": "o20",
              "title_th": "ช่องทางแจ้งเรื่องทุจริต", "title_en": "", "url": "/ita/channels",
              "sort_order": "1"}
    assert admin.post("/admin/ita/new", data=fields).status_code == 302
    item = db.session.scalar(select(ItaItem).where(ItaItem.fiscal_year == 2570))
    assert item.code == "O20"
    again = admin.post("/admin/ita/new", data=fields)
    assert again.status_code == 422
    assert "มีอยู่แล้ว" in again.get_data(as_text=True)
    bad = admin.post("/admin/ita/new", data={**fields, "code": "O21",
                                             "url": "javascript:alert(1)"})
    assert bad.status_code == 422
    edited = admin.post(f"/admin/ita/{item.id}", data={**fields, "url": "/ita/manual"})
    assert edited.status_code == 302
    db.session.expire_all()
    assert db.session.get(ItaItem, item.id).url == "/ita/manual"
    assert admin.post("/admin/ita/copy", data={"csrf_token": token, "year": "2571"}) \
        .status_code == 302
    assert [i.code for i in db.session.scalars(
        select(ItaItem).where(ItaItem.fiscal_year == 2571))] == ["O20"]


def test_the_manual_comes_from_the_deadline_policies(app, client, office):
    db.session.add(DeadlinePolicy(office_id=office.id, case_type=CaseType.COMPLAINT,
                                  reply_days=12, acknowledge_days=2, first_reminder_day=8,
                                  second_reminder_day=12, reporter_completion_days=7,
                                  feedback_days=15, working_days=True))
    db.session.commit()
    html = client.get("/ita/manual").get_data(as_text=True)
    assert "ภายใน 12 วันทำการ" in html and "ภายใน 2 วันทำการ" in html
    assert "กลุ่มกฎหมายและคดี" in html  # the unit corruption reports go to
    channels = client.get("/ita/channels").get_data(as_text=True)
    general = channels.split('id="general-channels"')[1].split('id="corruption-channels"')[0]
    corruption = channels.split('id="corruption-channels"')[1]
    assert "http://portal.test/submit" in general
    assert "report-corruption" not in general
    assert "http://portal.test/report-corruption" in corruption


def test_statistics_per_stream_and_school_from_published_reports(app, client, office):
    october_cases(office)
    publish_report(office, parse_period(OCTOBER), now=AFTER_OCTOBER)
    publish_report(office, parse_period("2026-09"), now=AFTER_OCTOBER)  # no cases at all
    db.session.commit()
    html = client.get("/ita/statistics?year=2570").get_data(as_text=True)
    assert "ตุลาคม 2569" in html and "กันยายน 2569" not in html  # September is FY2569
    assert "โรงเรียนบ้านสามผง" in html
    earlier = client.get("/ita/statistics?year=2569").get_data(as_text=True)
    assert "กันยายน 2569" in earlier and "ไม่มีเรื่องร้องเรียน" in earlier
