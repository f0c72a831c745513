"""The 1200×630 card shown when an item without an image of its own is shared.

Thai needs shaping: above- and below-base vowels and tone marks (ิ ี ่ ้ ั ุ) must sit on
their consonant, and stacked marks must not collide. Pillow's basic layout places each
character on its own and gets this wrong; its RAQM layout (HarfBuzz + FriBiDi, in Pillow's
wheels with FriBiDi from the system) shapes the text as a browser would. Without RAQM the
card is refused rather than drawn wrong. Lines break between words found by PyThaiNLP, as
Thai has no spaces between words.
"""

from __future__ import annotations

import hashlib
import io
import os
from functools import lru_cache
from pathlib import Path

import fontpkg_sarabun
from PIL import Image, ImageDraw, ImageFont, features

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BRAND = (11, 83, 148)
BRAND_DARK = (7, 55, 99)
WHITE = (255, 255, 255)
PALE = (214, 228, 242)
CARD_LAYOUT = 1  # bump when the drawing changes: cached cards are drawn again
TITLE_SIZES = (72, 64, 56, 48, 42)  # the largest whose lines fit the title's box wins
TITLE_TOP, TITLE_BOTTOM = 118, HEIGHT - 136
LINE_SPACING = 1.45  # room above and below for stacked Thai marks


class ShapingUnavailable(RuntimeError):
    """Pillow was built without RAQM: Thai marks would be misplaced."""


def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    if not features.check("raqm"):
        raise ShapingUnavailable("Pillow lacks RAQM (libraqm/FriBiDi): Thai cannot be shaped")
    path = fontpkg_sarabun.ROOT / "files" / f"Sarabun-{weight}.ttf"
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def wrap_thai(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines no wider than ``width``, broken between Thai words (or inside an overlong one)."""
    from pythainlp.tokenize import word_tokenize  # its dictionary loads on first use

    lines: list[str] = []
    line = ""
    for word in word_tokenize(" ".join(text.split()), engine="newmm", keep_whitespace=True):
        candidate = line + word
        if not line or font.getlength(candidate) <= width:
            line = candidate
            continue
        lines.append(line.rstrip())
        line = word.lstrip()
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _fit_title(title: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    for size in TITLE_SIZES:
        font = _font("Bold", size)
        lines = wrap_thai(title, font, WIDTH - 2 * MARGIN)
        if len(lines) * int(size * LINE_SPACING) <= TITLE_BOTTOM - TITLE_TOP:
            return font, lines
    room = (TITLE_BOTTOM - TITLE_TOP) // int(font.size * LINE_SPACING)
    lines = lines[:room]
    lines[-1] = lines[-1].rstrip() + "…"
    return font, lines


@lru_cache(maxsize=64)
def render_card(title: str, office_name: str, board_url: str, label: str) -> bytes:
    """The card as PNG bytes; the same inputs give the same bytes (cached per process)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BRAND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 120, WIDTH, HEIGHT), fill=BRAND_DARK)
    small = _font("Regular", 30)
    draw.text((MARGIN, 56), label, font=_font("SemiBold", 32), fill=PALE)
    font, lines = _fit_title(title)
    line_height = int(font.size * LINE_SPACING)
    top = TITLE_TOP + (TITLE_BOTTOM - TITLE_TOP - line_height * len(lines)) // 2
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * line_height), line, font=font, fill=WHITE)
    draw.text((MARGIN, HEIGHT - 96), office_name, font=_font("SemiBold", 32), fill=WHITE)
    draw.text((MARGIN, HEIGHT - 52), board_url, font=small, fill=PALE)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6)
    return out.getvalue()


def cached_card(directory: Path, title: str, office_name: str, board_url: str,
                label: str) -> Path:
    """The card's PNG file, drawn once and kept: shaping and word breaking cost a few hundred
    milliseconds, and crawlers ask for the image of every shared link."""
    key = hashlib.sha256("\x1f".join(
        (str(CARD_LAYOUT), title, office_name, board_url, label)).encode()).hexdigest()
    path = directory / key[:2] / f"{key}.png"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(render_card(title, office_name, board_url, label))
        os.replace(partial, path)  # readers see a whole file or none
    return path
