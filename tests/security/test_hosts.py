"""Only the portal's own host names are served; links never follow a request's Host."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.security.hosts import host_name
from tests.factories import make_office
from tests.helpers import post_form

REFUSED = "ชื่อเว็บไซต์ที่ใช้เข้ามาไม่ใช่ของระบบนี้"


@pytest.mark.parametrize("host", [
    "evil.example", "evil.example:443", "portal.test.evil.example",
    "a" * 64 + ".portal.test",  # a label over 63 characters (IDNA refuses it)
    "a" * 300, "", "[::1", "[nonsense]", "localhost:99999", "localhost:", "-x-.example",
    "under_score.example", "ไทย.example",
])
def test_foreign_or_malformed_hosts_get_a_thai_400(client, office, host):
    for path in ("/", "/track", "/staff/sign-in", "/staff/password/forgot", "/no-such-page"):
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 400, (host, path)
        assert REFUSED in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"
    # The page's one style is allowed by its hash; nothing else may load.
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'; style-src 'sha256-")


def test_configured_and_office_hosts_are_served(app, client, office):
    make_office("KK1", hostname="kk1.portal.test")  # added while the app runs
    db.session.commit()
    for host in ("portal.test", "PORTAL.test:8443", "localhost", "127.0.0.1:5000",
                 "kk1.portal.test", "kk1.portal.test."):
        assert client.get("/", headers={"Host": host}).status_code == 200, host


def test_a_forged_host_cannot_poison_the_reset_link(app, client, office):
    from portal.models import Delivery, Role
    from tests.factories import make_user

    user = make_user(office, Role.INTAKE)
    db.session.commit()
    refused = client.post("/staff/password/forgot", data={"email": user.email},
                          headers={"Host": "evil.example"})
    assert refused.status_code == 400
    post_form(client, "/staff/password/forgot", {"email": user.email})
    mail = db.session.scalar(db.select(Delivery))
    assert "http://portal.test/staff/password/reset/" in mail.body_text
    assert "localhost" not in mail.body_text


def test_tracking_links_and_qr_codes_come_from_the_base_url(app):
    from portal.links import public_url

    # The receipt page's QR code and every e-mail link are made by public_url.
    with app.test_request_context("/", base_url="http://127.0.0.1:5000"):
        assert public_url("tracking.lookup", number="NP2-2569-000001") == (
            "http://portal.test/track?number=NP2-2569-000001")


def test_demo_without_base_url_answers_only_on_localhost(backend, tmp_path):
    from portal import create_app
    from tests.conftest import base_config

    config = base_config(backend["url"], tmp_path / "uploads", PORTAL_DEMO=True,
                         PORTAL_TRUSTED_HOSTS=[])
    config.pop("PORTAL_BASE_URL")
    demo = create_app(config)
    client = demo.test_client()
    assert client.get("/healthz", headers={"Host": "127.0.0.1:5000"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400


def test_host_names_are_parsed_strictly():
    assert host_name("Portal.Test:8080") == "portal.test"
    assert host_name("[::1]:8000") == "::1"
    assert host_name("192.0.2.1") == "192.0.2.1"
    assert host_name("a" * 63 + ".example") == "a" * 63 + ".example"
    for bad in ("a" * 64 + ".example", "x\x00y", "x y", "x:0", "x:ab", "[::1]x", "..", "a..b"):
        assert host_name(bad) is None, bad
