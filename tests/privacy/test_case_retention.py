"""The case page's retention panel: a director or integrity officer places and releases a
legal hold and keeps a file as evidence; the purge follows; other roles see no panel."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal import storage
from portal.extensions import db
from portal.models import Attachment, Role
from portal.models.privacy import EvidenceMark, LegalHold
from portal.privacy.purge import purge_office
from tests.helpers import csrf_token
from tests.privacy.factories import NOW, ended_case


def _post(client, case, path: str, data: dict | None = None):
    token = csrf_token(client, f"/staff/cases/{case.number}")
    return client.post(
        f"/staff/cases/{case.number}{path}", data={"csrf_token": token, **(data or {})}
    )


HOLD = {
    "hold-kind": "court",
    "hold-reason": "ศาลปกครองเรียกสำนวนประกอบคดี",
    "hold-holder": "ศาลปกครองอุดรธานี",
}


def test_director_holds_and_releases_a_case_from_its_page(app, office, signed_in):
    case = ended_case(office, years_ago=3)
    db.session.commit()
    director = signed_in(Role.DIRECTOR)
    page = director.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    assert 'id="retention"' in page and "ระงับการลบ" in page

    # The reason and the holder are required: nothing is held without them.
    refused = _post(director, case, "/holds", {"hold-kind": "court"})
    assert refused.status_code == 302
    assert db.session.scalar(select(LegalHold)) is None

    assert _post(director, case, "/holds", HOLD).status_code == 302
    hold = db.session.scalar(select(LegalHold))
    assert (hold.reason_kind, hold.holder) == ("court", "ศาลปกครองอุดรธานี")
    assert hold.placed_by_id == director.user.id
    page = director.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    assert "เรื่องนี้ถูกระงับการลบ" in page and "ศาลปกครองเรียกสำนวนประกอบคดี" in page
    kept = purge_office(office, now=NOW)
    assert kept.held == {case.number} and kept.numbers["contacts"] == []

    assert _post(director, case, f"/holds/{hold.id}/release").status_code == 302
    db.session.expire_all()
    assert db.session.get(LegalHold, hold.id).released_by_id == director.user.id
    later = purge_office(office, now=NOW + timedelta(days=1))
    assert later.numbers["contacts"] == [case.number]


def test_integrity_officer_keeps_a_file_as_evidence(app, office, signed_in):
    case = ended_case(office, years_ago=3)
    db.session.commit()
    attachment_id = case.attachments[0].id
    key = case.attachments[0].storage_key
    officer = signed_in(Role.INTEGRITY)
    page = officer.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    assert "เก็บเป็นพยานหลักฐาน" in page
    assert _post(officer, case, f"/attachments/{attachment_id}/evidence").status_code == 302
    mark = db.session.get(EvidenceMark, attachment_id)
    assert mark is not None and mark.marked_by_id == officer.user.id
    page = officer.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    assert '<span class="badge">พยานหลักฐาน</span>' in page
    purge_office(office, now=NOW)
    assert db.session.get(Attachment, attachment_id) is not None
    assert storage.path_for(key).exists()


def test_other_roles_have_no_panel_and_cannot_post(app, office, signed_in):
    case = ended_case(office, years_ago=3)
    other = ended_case(office, years_ago=3)
    db.session.commit()
    officer = signed_in(Role.CASE_OFFICER, Role.INTAKE)
    page = officer.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    assert 'id="retention"' not in page
    assert _post(officer, case, "/holds", HOLD).status_code == 403
    attachment_id = case.attachments[0].id
    assert _post(officer, case, f"/attachments/{attachment_id}/evidence").status_code == 403
    assert db.session.scalar(select(LegalHold)) is None
    # A director cannot mark another case's file through this case's address.
    director = signed_in(Role.DIRECTOR)
    wrong = _post(director, case, f"/attachments/{other.attachments[0].id}/evidence")
    assert wrong.status_code == 404
    assert db.session.scalar(select(EvidenceMark)) is None
