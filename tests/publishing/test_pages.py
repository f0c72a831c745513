"""The staff publishing pages through HTTP, CSRF on: draft, flags, fix, approve, share kit."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from portal.cases.submit import CaseSubmission, ContactDetails, submit_case
from portal.extensions import db
from portal.models import (
    CaseStatus,
    CaseType,
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    Publication,
    Role,
)
from tests.cases.factories import category, file_case, group, put_in_status
from tests.factories import jpeg_bytes
from tests.helpers import approve_form, csrf_token, post_form


def resolved(office):
    case = file_case(office)
    put_in_status(case, CaseStatus.RESOLVED)
    case.work_group = group(office, "promotion")
    db.session.commit()
    return case


def test_draft_flags_fix_approve_and_share_by_hand(app, office, login_as):
    case = resolved(office)
    officer = login_as(Role.CASE_OFFICER, groups=[group(office, "promotion")])
    case_page = officer.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    assert f"/staff/publishing/cases/{case.number}/outcome" in case_page
    url = f"/staff/publishing/cases/{case.number}/outcome"
    response = post_form(officer, url, {"title": "ซ่อมห้องน้ำแล้ว",
                                        "body": "ครูสมศรี ใจดี ซ่อมให้แล้ว โทร 081-234-5678"})
    assert response.status_code == 302
    item = db.session.scalar(select(Publication).where(Publication.case_id == case.id))
    page = officer.get(f"/staff/publishing/{item.id}").get_data(as_text=True)
    assert "พบข้อความที่อาจระบุตัวบุคคล" in page and "081-234-5678" in page
    token = csrf_token(officer, f"/staff/publishing/{item.id}")
    officer.post(f"/staff/publishing/{item.id}/edit", data={
        "csrf_token": token, "title": "ซ่อมห้องน้ำแล้ว", "body": "โรงเรียนซ่อมห้องน้ำให้แล้ว"})
    officer.post(f"/staff/publishing/{item.id}/submit", data={"csrf_token": token})
    director = login_as(Role.DIRECTOR)
    awaiting = director.get("/staff/publishing?tab=awaiting").get_data(as_text=True)
    assert "ซ่อมห้องน้ำแล้ว" in awaiting
    approved = director.post(f"/staff/publishing/{item.id}/approve",
                             data=approve_form(director, item.id))
    assert approved.status_code == 302
    assert "ซ่อมห้องน้ำแล้ว" in app.test_client().get("/outcomes").get_data(as_text=True)

    pr = login_as(Role.PR)
    page = pr.get(f"/staff/publishing/{item.id}").get_data(as_text=True)
    kit = db.session.scalar(select(Delivery).where(
        Delivery.subject_id == item.id, Delivery.channel == DeliveryChannel.SHARE_PR_GROUP))
    kit_url = f"/staff/publishing/{item.id}/share/{kit.id}"
    assert kit_url in page
    kit_page = pr.get(kit_url).get_data(as_text=True)
    assert "โรงเรียนซ่อมห้องน้ำให้แล้ว" in kit_page
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Fportal.test" in kit_page
    post_form(pr, kit_url, {"permalink": "https://www.facebook.com/groups/1/posts/2"})
    db.session.refresh(kit)
    assert kit.status is DeliveryStatus.SHARED and kit.shared_by_id == pr.user.id
    assert kit.permalink == "https://www.facebook.com/groups/1/posts/2"


def test_the_author_sees_no_approve_button_and_approving_is_refused(office, login_as):
    case = resolved(office)
    director = login_as(Role.DIRECTOR)
    post_form(director, f"/staff/publishing/cases/{case.number}/outcome",
              {"title": "ตอบคำถามแล้ว", "body": "สำนักงานตอบคำถามเรื่องการรับนักเรียนแล้ว"})
    item = db.session.scalar(select(Publication).where(Publication.case_id == case.id))
    token = csrf_token(director, f"/staff/publishing/{item.id}")
    director.post(f"/staff/publishing/{item.id}/submit", data={"csrf_token": token})
    page = director.get(f"/staff/publishing/{item.id}").get_data(as_text=True)
    assert "อนุมัติและเผยแพร่" not in page
    assert director.post(f"/staff/publishing/{item.id}/approve", data={
        "csrf_token": token, "version": "1", "digest": "0" * 64}).status_code == 403


def test_pr_writes_news_with_an_image_and_others_may_not(office, login_as):
    officer = login_as(Role.CASE_OFFICER, groups=[group(office, "promotion")])
    assert officer.get("/staff/publishing/news/new").status_code == 403
    pr = login_as(Role.PR)
    response = post_form(pr, "/staff/publishing/news/new", {
        "title": "ประชุมผู้บริหาร", "body": "สรุปการประชุมประจำเดือน",
        "link_url": "https://www.facebook.com/nakhonpanom2/posts/1",
        "image": (io.BytesIO(jpeg_bytes(size=(800, 420))), "ภาพ.jpg")})
    assert response.status_code == 302
    item = db.session.scalar(select(Publication).order_by(Publication.id.desc()))
    assert (item.latest.image_width, item.latest.image_height) == (800, 420)
    refused = post_form(pr, "/staff/publishing/news/new", {
        "title": "x", "body": "y", "link_url": "ftp://example.com/x"})
    assert refused.status_code == 422 or "http" in refused.get_data(as_text=True)


def test_the_reporter_sees_the_published_outcome_on_the_tracking_page(
        app, office, login_as, client):
    result = submit_case(office, CaseSubmission(
        case_type=CaseType.COMPLAINT, subject="ห้องน้ำชำรุด", description="ห้องน้ำชำรุดหลายห้อง",
        category_id=category(office, CaseType.COMPLAINT).id, contact=ContactDetails()))
    case = result.case
    put_in_status(case, CaseStatus.RESOLVED)
    case.work_group = group(office, "promotion")
    db.session.commit()
    officer = login_as(Role.INTAKE)
    post_form(officer, f"/staff/publishing/cases/{case.number}/outcome",
              {"title": "ซ่อมห้องน้ำครบทุกห้อง", "body": "โรงเรียนซ่อมห้องน้ำครบแล้ว"})
    item = db.session.scalar(select(Publication).where(Publication.case_id == case.id))
    token = csrf_token(officer, f"/staff/publishing/{item.id}")
    officer.post(f"/staff/publishing/{item.id}/submit", data={"csrf_token": token})
    director = login_as(Role.DIRECTOR)
    director.post(f"/staff/publishing/{item.id}/approve", data=approve_form(director, item.id))
    token = csrf_token(client, "/track")
    client.post("/track", data={"csrf_token": token, "number": case.number,
                                "receipt": result.receipt})
    page = client.get(f"/track/{case.number}").get_data(as_text=True)
    assert "สรุปผลที่เผยแพร่ต่อสาธารณะ" in page and "ซ่อมห้องน้ำครบทุกห้อง" in page
    assert re.search(rf'href="/outcomes/{item.id}"', page)
