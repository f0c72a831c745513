"""Issue 17 §1: the second person approves the text they saw, and only that text.

The approve form carries the version number and a SHA-256 digest of the exact text and
image; the server refuses anything else with a Thai message and shows the current text.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseStatus, Publication, PublicationState, Role
from portal.publishing.approval import approve_version
from portal.publishing.drafting import (
    DraftText,
    draft_news,
    draft_outcome,
    edit_text,
    submit_for_approval,
)
from portal.publishing.errors import VersionChanged
from portal.publishing.fingerprint import SeenVersion, seen_of, version_digest
from portal.security.files import clean_upload
from tests.cases.factories import file_case, group, make_staff, put_in_status
from tests.factories import jpeg_bytes
from tests.helpers import approve_form, csrf_token, post_form

FIRST = DraftText(title="ซ่อมห้องน้ำนักเรียนแล้ว", body="โรงเรียนซ่อมห้องน้ำเสร็จภายใน 7 วัน")
SWAPPED = DraftText(title="ซ่อมห้องน้ำนักเรียนแล้ว",
                    body="โรงเรียนซ่อมห้องน้ำเสร็จภายใน 7 วัน และย้ายครูเวรออกจากโรงเรียน")


@pytest.fixture
def staff(office):
    made = make_staff(office)
    db.session.commit()
    return made


def awaiting(office, staff) -> Publication:
    case = file_case(office)
    put_in_status(case, CaseStatus.RESOLVED)
    item = draft_outcome(case, staff.intake, FIRST)
    submit_for_approval(item, staff.intake)
    db.session.commit()
    return item


def test_an_edit_in_place_after_the_approver_looked_is_refused(office, staff):
    item = awaiting(office, staff)
    seen = seen_of(item.latest)  # the approver opens the page
    edit_text(item, staff.intake, SWAPPED)  # the author changes the same draft (still v1) …
    submit_for_approval(item, staff.intake)  # … and sends it again
    assert item.latest.number == seen.number  # only the digest tells
    with pytest.raises(VersionChanged) as refused:
        approve_version(item, staff.director, seen)
    assert "ข้อความถูกแก้ไขระหว่างที่ท่านเปิดหน้านี้" in str(refused.value.message)
    assert item.state is PublicationState.DRAFT and item.live is None
    approve_version(item, staff.director, seen_of(item.latest))  # read again, then approved
    assert item.live.body == SWAPPED.body


def test_a_newer_version_or_a_forged_digest_is_refused(office, staff):
    item = awaiting(office, staff)
    approve_version(item, staff.director, seen_of(item.latest))
    edit_text(item, staff.intake, SWAPPED)
    submit_for_approval(item, staff.intake)
    digest = version_digest(item.latest)
    for seen in (SeenVersion(1, digest), SeenVersion(2, "0" * 64), SeenVersion(2, "")):
        with pytest.raises(VersionChanged):
            approve_version(item, staff.director, seen)
    assert item.live.number == 1


def test_a_new_image_with_the_same_text_is_a_different_text(app, office, staff):
    text = DraftText(title="ประชุมผู้บริหาร", body="สรุปการประชุมประจำเดือน",
                     link_url="https://www.facebook.com/nakhonpanom2/posts/1",
                     image=_image((30, 120, 200)))
    item = draft_news(office, staff.pr, text)
    submit_for_approval(item, staff.pr)
    seen = seen_of(item.latest)
    other = _image((200, 30, 30))
    edit_text(item, staff.pr, DraftText(title=text.title, body=text.body,
                                        link_url=text.link_url, image=other))
    submit_for_approval(item, staff.pr)
    with pytest.raises(VersionChanged):
        approve_version(item, staff.director, seen)


def test_the_page_refuses_with_the_new_text_shown(app, office, login_as):
    case = file_case(office)
    put_in_status(case, CaseStatus.RESOLVED)
    case.work_group = group(office, "promotion")
    db.session.commit()
    author = login_as(Role.CASE_OFFICER, groups=[group(office, "promotion")])
    post_form(author, f"/staff/publishing/cases/{case.number}/outcome",
              {"title": FIRST.title, "body": FIRST.body})
    item = db.session.scalar(select(Publication).where(Publication.case_id == case.id))
    page = f"/staff/publishing/{item.id}"
    author.post(f"{page}/submit", data={"csrf_token": csrf_token(author, page)})
    director = login_as(Role.DIRECTOR)
    opened = approve_form(director, item.id)  # the director reads version 1 …
    assert opened["version"] == "1" and len(opened["digest"]) == 64
    token = csrf_token(author, page)  # … while the author rewrites and resubmits it
    author.post(f"{page}/edit", data={"csrf_token": token, "title": SWAPPED.title,
                                      "body": SWAPPED.body})
    author.post(f"{page}/submit", data={"csrf_token": token})

    refused = director.post(f"{page}/approve", data=opened)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "ข้อความถูกแก้ไขระหว่างที่ท่านเปิดหน้านี้" in html and 'role="alert"' in html
    assert "ย้ายครูเวรออกจากโรงเรียน" in html  # the new text, for the director to read
    db.session.expire_all()
    assert db.session.get(Publication, item.id).state is PublicationState.DRAFT
    assert "ซ่อมห้องน้ำ" not in app.test_client().get("/outcomes").get_data(as_text=True)

    without = director.post(f"{page}/approve", data={"csrf_token": opened["csrf_token"]})
    assert without.status_code == 302  # no version, no digest: nothing approved
    db.session.expire_all()
    assert db.session.get(Publication, item.id).state is PublicationState.DRAFT

    approved = director.post(f"{page}/approve", data=approve_form(director, item.id))
    assert approved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Publication, item.id).live.body == SWAPPED.body


def _image(colour):
    return clean_upload(io.BytesIO(jpeg_bytes(size=(640, 360), color=colour)), "ภาพ.jpg",
                        max_bytes=5_000_000, max_pixels=24_000_000)
