"""Stored JPEGs use libjpeg's standard Huffman tables: the same pixels, without the second pass."""

from __future__ import annotations

import io

from PIL import Image, ImageChops

from portal.security import files
from tests.factories import jpeg_bytes


def _pixels(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_the_stored_photo_has_the_pixels_optimize_would_give():
    gradient = Image.linear_gradient("L").resize((400, 300))
    photo = Image.merge("RGB", [gradient, gradient.rotate(90), Image.effect_noise((400, 300), 30)])
    upload = io.BytesIO()
    photo.save(upload, "JPEG", quality=92)
    stored = files._reencode_image(upload.getvalue(), files.JPEG, 40_000_000)

    image = _pixels(upload.getvalue()).convert("RGB")
    optimized = io.BytesIO()
    image.save(optimized, format="JPEG", quality=files.JPEG_QUALITY, optimize=True)
    assert stored != optimized.getvalue()  # other Huffman tables ...
    assert ImageChops.difference(_pixels(stored), _pixels(optimized.getvalue())).getbbox() is None
    assert len(stored) > len(optimized.getvalue())  # ... a few per cent larger


def test_a_small_upload_is_still_reencoded_at_quality_88():
    stored = files._reencode_image(jpeg_bytes(), files.JPEG, 40_000_000)
    assert stored.startswith(b"\xff\xd8\xff") and _pixels(stored).size == (64, 48)
