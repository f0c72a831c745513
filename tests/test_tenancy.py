"""Each request belongs to the office of its host name, else to the default office."""

from __future__ import annotations

from portal.extensions import db
from tests.factories import make_office


def test_host_name_selects_the_office(app, client, office):
    make_office("KK1", hostname="kk1.portal.test")
    db.session.commit()
    own = client.get("/", headers={"Host": "kk1.portal.test"}).get_data(as_text=True)
    # The base URL's host is trusted and belongs to no office: the default office answers.
    default = client.get("/", headers={"Host": "portal.test"}).get_data(as_text=True)
    assert "สำนักงานทดสอบ KK1" in own and "สำนักงานทดสอบ NP2" not in own
    assert "สำนักงานทดสอบ NP2" in default
    # A host name that is no office's and not configured is refused outright.
    assert client.get("/", headers={"Host": "unknown.portal.test"}).status_code == 400


def test_no_office_at_all_is_a_404(app, client):
    assert client.get("/").status_code == 404
