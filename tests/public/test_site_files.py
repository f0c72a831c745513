"""The icon and robots.txt: answered at the root, without the database, on every backend."""

from __future__ import annotations

import io

from PIL import Image


def test_favicon_is_an_icon_every_page_links_to(client, office):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    icon = Image.open(io.BytesIO(response.data))
    assert icon.format == "ICO" and icon.size[0] >= 32
    page = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/favicon.ico"' in page
    assert 'rel="apple-touch-icon"' in page
    assert client.get("/static/img/apple-touch-icon.png").status_code == 200


def test_robots_keeps_crawlers_out_of_staff_admin_and_tracking_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    rules = response.get_data(as_text=True).splitlines()
    assert rules[0] == "User-agent: *"
    for path in ("/staff/", "/admin/", "/track", "/receipt"):
        assert f"Disallow: {path}" in rules
    assert "Disallow: /" not in rules  # the public pages stay open to search engines
