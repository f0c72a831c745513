"""The Thai web font: built once at install time, served with a year's cache, both weights
preloaded so the bold swap does not move the page."""

from __future__ import annotations

import re

from portal import fonts
from portal.public import fonts as font_route


def test_install_step_builds_both_subsets(tmp_path):
    built = fonts.build_fonts(tmp_path)
    assert sorted(p.name for p in built) == ["sarabun-bold.woff2", "sarabun-regular.woff2"]
    for path in built:
        data = path.read_bytes()
        assert data[:4] == b"wOF2"
        assert 5_000 < len(data) < 40_000  # a Thai + Latin subset, not the 90 KB TTF
    assert not list(tmp_path.glob("*.part"))


def test_built_font_is_served_for_a_year(client, office, tmp_path, monkeypatch):
    fonts.build_font("bold", tmp_path)
    monkeypatch.setattr(font_route, "FONT_DIR", tmp_path)
    monkeypatch.setattr(fonts, "subset_font", _must_not_subset)
    response = client.get("/fonts/sarabun-bold.woff2")
    assert response.status_code == 200
    assert response.mimetype == "font/woff2"
    assert response.data == (tmp_path / "sarabun-bold.woff2").read_bytes()
    cache = response.headers["Cache-Control"]
    assert "immutable" in cache and "max-age=31536000" in cache and "public" in cache
    assert client.get("/fonts/sarabun-heavy.woff2").status_code == 404


def test_a_missing_build_is_made_once_and_kept(client, office, tmp_path, monkeypatch):
    monkeypatch.setattr(font_route, "FONT_DIR", tmp_path)
    assert client.get("/fonts/sarabun-regular.woff2").status_code == 200
    assert (tmp_path / "sarabun-regular.woff2").is_file()
    monkeypatch.setattr(fonts, "subset_font", _must_not_subset)
    assert client.get("/fonts/sarabun-regular.woff2").status_code == 200


def test_pages_preload_both_weights(client, office):
    html = client.get("/").get_data(as_text=True)
    preloaded = re.findall(r'<link rel="preload" href="([^"]+)" as="font"', html)
    assert preloaded == ["/fonts/sarabun-regular.woff2", "/fonts/sarabun-bold.woff2"]


def _must_not_subset(_weight):
    raise AssertionError("the font was subset again")
