"""Share tracking per school: the school's short link, opened and marked shared by its
correspondent; of the public only a count of clicks."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select

from portal.extensions import db
from portal.models import PublicationState, Role
from portal.network.models import Correspondent, ShareLink
from tests.network.helpers import csrf
from tests.network.test_school_news import joined
from tests.publishing.factories import board_item


def test_a_school_opens_shares_and_is_counted(app, office, login_as, client):
    school, pr = joined(app, office, login_as, client)
    item = board_item(
        office, pr.user, title="รับสมัครนักเรียนปีการศึกษา 2570", body="เขตพื้นที่ประกาศรับสมัครนักเรียน"
    )
    db.session.commit()
    listing = client.get(f"/network/school/{school.id}/share")
    assert "รับสมัครนักเรียนปีการศึกษา 2570" in listing.text and "ยังไม่ได้แชร์" in listing.text
    kit = client.get(f"/network/school/{school.id}/share/{item.id}")
    assert kit.status_code == 200
    link = db.session.scalar(select(ShareLink))
    assert link.school_id == school.id and link.opened_at is not None and link.shared_at is None
    assert link.opened_by_id == db.session.scalar(select(Correspondent.id))
    assert f"/network/s/{link.code}" in kit.text and "facebook.com/sharer" in kit.text
    client.post(
        f"/network/school/{school.id}/share/{item.id}",
        data={
            "csrf_token": csrf(kit.text),
            "post_url": "https://www.facebook.com/samphong/posts/1",
        },
    )
    db.session.expire_all()
    link = db.session.scalar(select(ShareLink))
    assert link.shared_at is not None and link.post_url.endswith("/posts/1")

    # The public: each click counted, nothing else; the visitor lands on the board's page.
    visitor = app.test_client()
    for _ in range(3):
        hop = visitor.get(f"/network/s/{link.code}")
        assert hop.status_code == 302 and hop.headers["Location"].endswith(f"/outcomes/{item.id}")
    db.session.expire_all()
    assert db.session.scalar(select(ShareLink.clicks)) == 3
    assert visitor.get("/network/s/nope").status_code == 404

    # PR sees which school opened and shared, and the count.
    summary = pr.get("/staff/network/shares")
    assert "รับสมัครนักเรียนปีการศึกษา 2570" in summary.text
    row = summary.text.split("รับสมัครนักเรียนปีการศึกษา 2570")[1].split("</tr>")[0]
    assert [c for c in row.replace("</td>", "<td>").split("<td>") if c.strip().isdigit()] == [
        "1",
        "1",
        "3",
    ]
    detail = pr.get(f"/staff/network/shares/{item.id}")
    assert school.name_th in detail.text and "/posts/1" in detail.text
    assert "นางสาวมาลี ใจดี" in detail.text  # which school's correspondent opened and shared

    # Withdrawn, the item's short links lead nowhere.
    item.state = PublicationState.WITHDRAWN
    db.session.commit()
    assert visitor.get(f"/network/s/{link.code}").status_code == 404
    assert client.get(f"/network/school/{school.id}/share/{item.id}").status_code == 404


def test_another_schools_kit_is_not_found(app, office, login_as, client):
    school, pr = joined(app, office, login_as, client)
    item = board_item(office, pr.user)
    db.session.commit()
    from tests.network.helpers import schools

    other = schools(office)[1]
    assert client.get(f"/network/school/{other.id}/share/{item.id}").status_code == 404
    assert client.get(f"/network/school/{other.id}/share").status_code == 404
    assert db.session.scalar(select(sa.func.count()).select_from(ShareLink)) == 0
    assert login_as(Role.DIRECTOR).get("/staff/network/shares").status_code == 403
