"""A real browser gets compressed, content-hashed CSS and JS and draws the receipt's QR code."""

from __future__ import annotations

from tests.browser.flows import submit_general_case
from tests.browser.shots import shoot


def test_compressed_hashed_assets_and_the_qr_code_work_in_chromium(contexts):
    for width, language in ((360, "th"), (1366, "th"), (360, "en"), (1366, "en")):
        page = contexts.new_page(viewport={"width": width, "height": 900})
        encodings = {}
        page.on("response", lambda r, seen=encodings: seen.__setitem__(
            r.url.split("?")[0].rsplit("/", 1)[-1], (r.url, r.headers.get("content-encoding"))))
        submit_general_case(page)
        css_url, css_encoding = encodings["site.css"]
        assert "?v=" in css_url and css_encoding == "br"
        assert encodings["site.js"][1] == "br"
        # The stylesheet, decompressed by the browser, is applied: the Thai web font is used.
        assert "Sarabun" in page.evaluate("getComputedStyle(document.body).fontFamily")
        drawn = page.evaluate(
            "[...document.images].filter(i => i.src.startsWith('data:image/svg+xml'))"
            ".map(i => i.complete && i.naturalWidth)")
        assert drawn and all(width_ > 0 for width_ in drawn)
        if language == "en":
            page.goto("/lang/en?next=/receipt")
            assert page.locator("html").get_attribute("lang") == "en"
        shoot(page, f"receipt-{width}-{language}", "assets")
