"""The privacy check with the office's own settings: its published contacts and its
gazetteer (districts, subdistricts, schools) are no findings; personal data still is."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.publishing.checks import FINDING_LABELS, stored_findings
from portal.publishing.drafting import DraftText, draft_news
from portal.publishing.privacy import KINDS
from tests.cases.factories import make_staff

LINK = "https://nkp2.example/news/1"


@pytest.fixture
def pr(office):
    office.phone, office.email = "042-000-000", "contact@nkp2.example"  # ตัวอย่าง
    office.line_id, office.facebook_url = "@nkp2.example", "https://www.facebook.com/nakhonpanom2"
    staff = make_staff(office)
    db.session.commit()
    return staff.pr


def findings_of(office, pr, body: str) -> set[tuple[str, str]]:
    item = draft_news(office, pr, DraftText(title="ข่าวโรงเรียน", body=body, link_url=LINK))
    return {(f.kind, f.text) for f in stored_findings(item.versions[-1])}


def test_the_office_contacts_and_places_are_no_findings(office, pr):
    body = ("ติดต่อสำนักงาน โทร ๐๔๒-๐๐๐-๐๐๐ อีเมล contact [at] nkp2 [dot] example "
            "LINE ID: @nkp2.example เพจ https://www.facebook.com/nakhonpanom2 "
            "นักเรียนโรงเรียนบ้านนาทม หมู่ 3 และชาวตำบลนางัว ร่วมกิจกรรม นายอำเภอนาทมเป็นประธาน")
    assert findings_of(office, pr, body) == set()


def test_personal_data_beside_the_office_is_still_found(office, pr):
    body = ("ด.ญ.มะลิ หอมจันทร์ ป.5/2 เลขที่ 12 บ้านเลขที่ 45 หมู่ 3 ต.นาทม "
            "รถทะเบียน กข 1234 นครพนม ไลน์ malee_99 https://www.facebook.com/malee.h")
    assert {kind for kind, _text in findings_of(office, pr, body)} == {
        "person_name", "class_roll", "address", "vehicle_plate", "line_id", "url"}


def test_every_kind_has_a_label_for_the_author():
    assert set(FINDING_LABELS) == set(KINDS)
