"""The LINE rich menu: a generated Thai image (Sarabun, shaped by RAQM) with four areas, one
per action of the greeting, each sending that word as the person's message."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from portal.chat import texts
from portal.publishing.image import BRAND, BRAND_DARK, PALE, WHITE, _font

WIDTH, HEIGHT = 2500, 843  # LINE's compact full-width size
ACTIONS = [texts.FILE, texts.TRACK, texts.ASK, texts.STAFF]
HINTS = ["ร้องเรียน เสนอแนะ ชมเชย", "ดูสถานะและคำตอบ", "ถามเจ้าหน้าที่", "ฝากข้อความถึงเจ้าหน้าที่"]


def menu_definition(name: str) -> dict:
    """The rich menu object of LINE's API: four equal columns across the image."""
    column = WIDTH // len(ACTIONS)
    areas = [
        {
            "bounds": {"x": i * column, "y": 0, "width": column, "height": HEIGHT},
            "action": {"type": "message", "label": label, "text": label},
        }
        for i, label in enumerate(ACTIONS)
    ]
    return {
        "size": {"width": WIDTH, "height": HEIGHT},
        "selected": True,
        "name": name[:300],
        "chatBarText": "เมนู",
        "areas": areas,
    }


PADDING = 36


def _fitting(weight: str, sizes: tuple[int, ...], texts: list[str], room: int):
    for size in sizes:
        font = _font(weight, size)
        if all(font.getlength(text) <= room for text in texts):
            return font
    return font


def menu_image() -> bytes:
    """The PNG LINE shows as the menu (under LINE's 1 MB limit)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BRAND)
    draw = ImageDraw.Draw(image)
    column = WIDTH // len(ACTIONS)
    room = column - 2 * PADDING
    # One size for all four titles (and one for the hints): the largest the longest fits.
    title = _fitting("Bold", (120, 108, 96, 88, 80, 72), ACTIONS, room)
    hint = _fitting("Regular", (60, 54, 48, 44, 40, 36), HINTS, room)
    for i, (label, note) in enumerate(zip(ACTIONS, HINTS, strict=True)):
        left = i * column
        if i:
            draw.line([(left, 60), (left, HEIGHT - 60)], fill=BRAND_DARK, width=8)
        centre = left + column // 2
        draw.text((centre, HEIGHT // 2 - 70), label, font=title, fill=WHITE, anchor="mm")
        draw.text((centre, HEIGHT // 2 + 110), note, font=hint, fill=PALE, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
