"""A new fiscal year: /ita opens on the latest year with items, and one action copies the
mapping of the latest year before it."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.ita.items import seed_default_items
from portal.models import ItaItem, Role
from tests.helpers import csrf_token


def test_ita_opens_on_the_latest_year_with_items(client, office):
    seed_default_items(office, 2569)
    db.session.commit()
    html = client.get("/ita").get_data(as_text=True)  # the clock says FY2570 or later
    assert "O16" in html and "ยังไม่ได้กำหนดรายการ" not in html
    assert "http://portal.test/ita/statistics?year=2569" in html


def test_one_action_copies_the_latest_mapping_into_an_empty_year(app, office, login_as):
    seed_default_items(office, 2569)
    db.session.commit()
    admin = login_as(Role.ADMIN)
    page = admin.get("/admin/ita?year=2571").get_data(as_text=True)
    # 2570 is empty too: the offer names 2569, the latest year with items.
    assert re.search(r'<button type="submit">คัดลอกจากปี 2569</button>', page)
    token = csrf_token(admin, "/admin/ita?year=2571")
    assert (
        admin.post("/admin/ita/copy", data={"csrf_token": token, "year": "2571"}).status_code == 302
    )
    copied = db.session.scalars(
        select(ItaItem).where(ItaItem.fiscal_year == 2571).order_by(ItaItem.sort_order)
    ).all()
    assert [i.code for i in copied] == ["O16", "O17", "O18", "O19"]
    assert copied[2].url == "/ita/statistics?year=2571"
    after = admin.get("/admin/ita?year=2571").get_data(as_text=True)
    assert '<button type="submit">คัดลอกจากปี' not in after  # nothing left to copy
    assert "คัดลอกจากปี" not in admin.get("/admin/ita?year=2568").get_data(as_text=True)
