"""The Sarabun web font, served from the fontpkg-sarabun package: no CDN.

The TTF files are 90 KB per weight; a subset to Thai and Latin as WOFF2 keeps the public
pages within their size budget. The subset is made once per process and then cached.
"""

from __future__ import annotations

import io
from functools import cache

import fontpkg_sarabun
from flask import Response, abort
from fontTools import subset
from fontTools.ttLib import TTFont

from portal.extensions import limiter
from portal.public import bp

WEIGHTS = {"regular": "Sarabun-Regular.ttf", "bold": "Sarabun-Bold.ttf"}
UNICODES = [
    *range(0x20, 0x7F),  # Basic Latin
    *range(0xA0, 0x100),  # Latin-1 punctuation and letters
    *range(0x0E00, 0x0E80),  # Thai
    *range(0x2010, 0x2027),  # dashes, quotes, ellipsis
    0x2022, 0x20AC, 0x2116, 0x2122,
]


@cache
def subset_font(weight: str) -> bytes:
    """The WOFF2 subset of one weight, with every layout feature Thai marks need."""
    font = TTFont(fontpkg_sarabun.ROOT / "files" / WEIGHTS[weight])
    options = subset.Options()
    options.layout_features = ["*"]
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


@bp.get("/fonts/sarabun-<weight>.woff2")
@limiter.exempt
def font(weight: str):
    if weight not in WEIGHTS:
        abort(404)
    response = Response(subset_font(weight), mimetype="font/woff2")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
