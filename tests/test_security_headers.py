"""Security headers, no inline script anywhere, Thai error pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.mark.parametrize("path", ["/", "/submit", "/report-corruption", "/track", "/privacy"])
def test_pages_carry_security_headers(client, office, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_inline_script_or_style_in_page_templates():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        if template.parent.name == "email" or template.name == "pdf.html":
            continue  # e-mail clients need inline styles; the report PDF is never served
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=", text) \
                or re.search(r"\son[a-z]+=", text) or "<style" in text:
            offenders.append(template.name)
    assert offenders == []


def test_user_data_is_never_marked_safe():
    offenders = [t.name for t in TEMPLATES.rglob("*.html") if "|safe" in t.read_text("utf-8")]
    assert offenders == []


def test_thai_404_page(client, office):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.get_data(as_text=True)


def test_language_switch_only_redirects_locally(client, office):
    assert client.get("/lang/en?next=https://evil.example/").headers["Location"] == "/"
    assert client.get("/lang/en?next=//evil.example/").headers["Location"] == "/"
    assert client.get("/lang/en?next=/submit").headers["Location"] == "/submit"
    html = client.get("/submit").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert client.get("/lang/xx").status_code == 404
