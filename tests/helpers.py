"""Helpers for driving forms through the test client with CSRF protection on."""

from __future__ import annotations

import re

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                     r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on ``url`` (a GET also sets the session cookie)."""
    html = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no csrf_token on {url}"
    return match.group(1) or match.group(2)


def post_form(client, url: str, data: dict, **kwargs):
    """POST ``data`` to ``url`` with a valid CSRF token, as a browser would."""
    payload = {"csrf_token": csrf_token(client, url), **data}
    return client.post(url, data=payload, content_type="multipart/form-data", **kwargs)


def field_errors(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m).strip()
            for m in re.findall(r'class="error-text"[^>]*>(.*?)</div>', html, re.S)]


def receipt_from(html: str) -> tuple[str, str]:
    number = re.search(r'id="case-number">([^<]+)<', html).group(1)
    receipt = re.search(r'id="receipt-code">([^<]+)<', html).group(1)
    return number, receipt


def valid_case(**overrides) -> dict:
    data = {
        "case_type": "complaint",
        "subject": "อาหารกลางวันไม่เพียงพอ",
        "description": "อาหารกลางวันที่โรงเรียนมีปริมาณน้อย นักเรียนหลายคนไม่อิ่ม ขอให้ตรวจสอบ",
        "occurred_on": "20/11/2569",
        "name": "สมชาย ใจดี",
        "phone": "081-234-5678",
        "email": "somchai@example.com",
    }
    data.update(overrides)
    return data


def approve_form(client, item_id: int) -> dict:
    """The approve form of an item's page as a browser posts it: CSRF, version, digest."""
    html = client.get(f"/staff/publishing/{item_id}").get_data(as_text=True)
    form = re.search(rf'action="/staff/publishing/{item_id}/approve">(.*?)</form>', html, re.S)
    assert form, f"no approve form on item {item_id}"
    fields = dict(re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', form.group(1)))
    fields.update(re.findall(r'name="(\w+)" value="([^"]*)"', form.group(1)))
    return fields
