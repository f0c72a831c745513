"""Text responses compressed when the browser accepts it; compressed types and streams left."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import brotli

from portal.models import Role
from tests.helpers import post_form

STATIC = Path(__file__).resolve().parents[2] / "static"


def test_pages_are_compressed_with_brotli_or_gzip(app, client, office):
    plain = client.get("/submit")
    assert "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    html = plain.get_data()
    br = client.get("/submit", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in br.headers["Vary"]
    page = brotli.decompress(br.get_data())
    assert len(br.get_data()) < len(page) / 3
    gz = client.get("/submit", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    # Same page apart from the per-request CSRF token and nonce-like values.
    strip = re.compile(rb'value="[^"]{20,}"')
    assert strip.sub(b"", gzip.decompress(gz.get_data())) == strip.sub(b"", page)
    assert strip.sub(b"", page) == strip.sub(b"", html)


def test_css_and_js_are_compressed_and_served_correctly(app, client):
    css = (STATIC / "css" / "site.css").read_bytes()
    response = client.get("/static/css/site.css", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.get_data()) == css
    assert int(response.headers["Content-Length"]) == len(response.get_data())
    js = client.get("/static/js/site.js", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(js.get_data()) == (STATIC / "js" / "site.js").read_bytes()


def test_small_bodies_and_compressed_types_are_left_alone(app, client, office):
    health = client.get("/healthz", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in health.headers  # a few bytes: not worth it
    font = client.get("/fonts/sarabun-regular.woff2", headers={"Accept-Encoding": "gzip, br"})
    assert font.status_code == 200 and "Content-Encoding" not in font.headers
    icon = client.get("/static/img/apple-touch-icon.png", headers={"Accept-Encoding": "br"})
    assert icon.status_code == 200 and "Content-Encoding" not in icon.headers
    assert "Accept-Encoding" not in icon.headers.get("Vary", "")


def test_the_streamed_csv_export_is_not_broken(app, office, login_as):
    browser = login_as(Role.INTAKE)
    response = browser.get("/staff/export.csv", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200, response.status_code
    assert "Content-Encoding" not in response.headers
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.get_data().decode("utf-8-sig").count("\n") >= 1  # the header row, readable


def test_static_urls_carry_a_content_hash_and_are_cached_for_a_year(app, client, office):
    digest = hashlib.sha256((STATIC / "css" / "site.css").read_bytes()).hexdigest()[:12]
    page = client.get("/submit").get_data(as_text=True)
    assert f"/static/css/site.css?v={digest}" in page
    hashed = client.get(f"/static/css/site.css?v={digest}")
    cache = hashed.headers["Cache-Control"]
    assert "max-age=31536000" in cache and "immutable" in cache and "no-cache" not in cache
    stale = client.get("/static/css/site.css?v=000000000000")
    assert "immutable" not in stale.headers.get("Cache-Control", "")


def test_error_pages_are_compressed_too(app, client, office):
    """A refused submission's 422 and a 404 are whole pages: compressed like any other."""
    refused = post_form(client, "/submit", {"subject": ""}, headers={"Accept-Encoding": "gzip, br"})
    assert refused.status_code == 422
    assert refused.headers["Content-Encoding"] == "br"
    page = brotli.decompress(refused.get_data()).decode()
    assert "<form" in page and len(refused.get_data()) < len(page) / 2
    missing = client.get("/outcomes/no-such-item", headers={"Accept-Encoding": "gzip"})
    assert missing.status_code == 404
    assert missing.headers["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(missing.get_data())
