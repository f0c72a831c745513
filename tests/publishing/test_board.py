"""The public board: only published items, newest first, filters, keyset pages, the feed, the
item page's Open Graph tags, the generated image and the reporter's tracking page."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

from PIL import Image

from portal import clock
from portal.extensions import db
from portal.models import PublicationKind, PublicationState, Role
from tests.cases.factories import schools
from tests.factories import make_user
from tests.publishing.factories import board_item

ATOM = "{http://www.w3.org/2005/Atom}"


class MetaTags(HTMLParser):
    """Every <meta property=… content=…> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.properties: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "property" in attrs:
            self.properties[attrs["property"]] = attrs.get("content", "")


def og_tags(html: str) -> dict[str, str]:
    parser = MetaTags()
    parser.feed(html)
    return parser.properties


def test_the_board_lists_published_items_newest_first_and_nothing_else(client, office):
    pr = make_user(office, Role.PR)
    now = clock.utcnow()
    board_item(office, pr, title="เก่ากว่า", published_at=now - timedelta(days=2))
    board_item(office, pr, title="ใหม่ที่สุด", published_at=now - timedelta(hours=1))
    board_item(office, pr, title="ร่างที่ยังไม่อนุมัติ", state=PublicationState.DRAFT)
    board_item(office, pr, title="ถอนแล้ว", state=PublicationState.WITHDRAWN)
    db.session.commit()
    html = client.get("/outcomes").get_data(as_text=True)
    assert html.index("ใหม่ที่สุด") < html.index("เก่ากว่า")
    assert "ร่างที่ยังไม่อนุมัติ" not in html and "ถอนแล้ว" not in html


def test_filters_and_keyset_pages_cover_every_item_once(client, office):
    pr = make_user(office, Role.PR)
    first, _second, third = schools(office)
    now = clock.utcnow()
    same_moment = now - timedelta(hours=3)  # ties on the sort key go by id
    for n in range(45):
        school = (first, third)[n % 2]
        board_item(office, pr, title=f"รายการที่ {n:02d}", school=school,
                   published_at=same_moment if n % 5 == 0 else now - timedelta(minutes=n),
                   kind=PublicationKind.NEWS if n % 3 == 0 else PublicationKind.OUTCOME)
    db.session.commit()
    seen, url = [], "/outcomes"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += re.findall(r"รายการที่ (\d\d)", html)
        more = re.search(r'href="(/outcomes\?cursor=[^"]+)"', html)
        url = more.group(1).replace("&amp;", "&") if more else None
    assert sorted(seen) == [f"{n:02d}" for n in range(45)]
    html = client.get(f"/outcomes?school={third.id}&kind=news").get_data(as_text=True)
    found = {int(n) for n in re.findall(r"รายการที่ (\d\d)", html)}
    assert found == {n for n in range(45) if n % 2 == 1 and n % 3 == 0}
    assert client.get(f"/outcomes?district={first.district_id}").status_code == 200
    assert client.get("/outcomes?cursor=not-ours").status_code == 404


def test_an_item_page_has_open_graph_tags_from_the_approved_text(client, office):
    pr = make_user(office, Role.PR)
    item = board_item(office, pr, title="ซ่อมห้องน้ำโรงเรียนบ้านสามผงแล้ว",
                      body="ท่านแจ้งว่าห้องน้ำชำรุด โรงเรียนซ่อมเสร็จภายใน 7 วัน")
    draft = item.versions[0].__class__(number=2, title="ร่างใหม่ยังไม่อนุมัติ", body="ร่าง",
                                       author_id=pr.id)
    item.versions.append(draft)
    db.session.commit()
    response = client.get(f"/outcomes/{item.id}")
    tags = og_tags(response.get_data(as_text=True))
    assert tags["og:type"] == "article"
    assert tags["og:url"] == f"http://portal.test/outcomes/{item.id}"
    assert tags["og:title"] == "ซ่อมห้องน้ำโรงเรียนบ้านสามผงแล้ว"
    assert tags["og:description"].startswith("ท่านแจ้งว่าห้องน้ำชำรุด")
    assert tags["og:locale"] == "th_TH"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image"] == f"http://portal.test/outcomes/{item.id}/image-1.png"
    assert "ร่างใหม่" not in response.get_data(as_text=True)
    image = client.get(tags["og:image"].removeprefix("http://portal.test"))
    assert image.mimetype == "image/png"
    with Image.open(io.BytesIO(image.data)) as picture:
        assert picture.size == (1200, 630)
    assert client.get(f"/outcomes/{item.id}/image-2.png").status_code == 404


def test_share_links_work_without_javascript(client, office):
    item = board_item(office, make_user(office, Role.PR))
    db.session.commit()
    html = client.get(f"/outcomes/{item.id}").get_data(as_text=True)
    page = f"http%3A%2F%2Fportal.test%2Foutcomes%2F{item.id}"
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={page}"' in html
    assert f'href="https://social-plugins.line.me/lineit/share?url={page}"' in html


def test_drafts_and_withdrawn_items_have_no_page_nor_image(client, office):
    pr = make_user(office, Role.PR)
    draft = board_item(office, pr, state=PublicationState.DRAFT)
    gone = board_item(office, pr, state=PublicationState.WITHDRAWN)
    db.session.commit()
    for item in (draft, gone):
        assert client.get(f"/outcomes/{item.id}").status_code == 404
        assert client.get(f"/outcomes/{item.id}/image-1.png").status_code == 404


def test_the_atom_feed_lists_published_items(client, office):
    pr = make_user(office, Role.PR)
    item = board_item(office, pr, title="ข่าว <พิเศษ> & ประกาศ", kind=PublicationKind.NEWS)
    board_item(office, pr, title="ร่าง", state=PublicationState.DRAFT)
    db.session.commit()
    response = client.get("/outcomes/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314 (our own feed, from our own server)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["ข่าว <พิเศษ> & ประกาศ"]
    assert entries[0].find(f"{ATOM}link").get("href") == f"http://portal.test/outcomes/{item.id}"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == \
        "http://portal.test/outcomes/feed.atom"


def test_a_card_names_its_school_and_district_in_the_readers_language(client, office):
    """"Na Thom District" in English, "อำเภอนาทม" in Thai: not "DistrictNa Thom"."""
    pr = make_user(office, Role.PR)
    school = schools(office)[2]  # โรงเรียนบ้านนาทม, อำเภอนาทม
    school.name_en = "Ban Na Thom School"
    board_item(office, pr, school=school)
    db.session.commit()
    assert "โรงเรียนบ้านนาทม · อำเภอนาทม<" in client.get("/outcomes").get_data(as_text=True)
    client.get("/lang/en?next=/outcomes")
    english = client.get("/outcomes").get_data(as_text=True)
    assert "Ban Na Thom School · Na Thom District<" in english
