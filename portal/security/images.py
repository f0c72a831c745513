"""Bounding the work an uploaded image costs: decode small where the format allows, store at
most 4096 px on the long side, and count the pixels a request makes us decode.

A phone photo is 12 MP (4032×3024) and at most about 24 MP; anything larger is refused from
its header (PORTAL_MAX_IMAGE_PIXELS). A JPEG larger than the stored size is decoded at ½, ¼ or
⅛ scale by the JPEG decoder itself (``Image.draft``), which costs a fraction of a full decode;
a PNG has no such shortcut, so it is decoded fully and then halved with ``Image.reduce`` before
anything else touches it. The pixels a request decodes are added up
(PORTAL_MAX_REQUEST_PIXELS), so five maximal images cannot occupy a worker for seconds.
"""

from __future__ import annotations

import io
import warnings
from typing import BinaryIO

from PIL import Image

MAX_SIDE = 4096  # stored images fit in 4096×4096: every phone's usual photo, unscaled
# Compressing a large PNG with ``optimize`` tries every zlib strategy: seconds for one image.
OPTIMIZE_PNG_UP_TO = 4_000_000


def reduction(size: tuple[int, int]) -> int:
    """The smallest factor of 1, 2, 4 or 8 that brings the long side within MAX_SIDE."""
    factor = 1
    while factor < 8 and max(size) > MAX_SIDE * factor:
        factor *= 2
    return factor


def decode_small(image: Image.Image) -> None:
    """Before ``load()``: ask the JPEG decoder for a reduced scale when the image is large."""
    factor = reduction(image.size)
    if image.format == "JPEG" and factor > 1:
        width, height = image.size
        image.draft(image.mode, (-(-width // factor), -(-height // factor)))


def fit(image: Image.Image) -> Image.Image:
    """After ``load()``: the image within MAX_SIDE (PNGs, and JPEGs that draft left large)."""
    if max(image.size) <= MAX_SIDE:
        return image
    factor = reduction(image.size)
    if factor > 1 and image.mode not in ("P", "1"):
        image = image.reduce(factor)
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image


def png_optimize(image: Image.Image) -> bool:
    return image.width * image.height <= OPTIMIZE_PNG_UP_TO


def decode_cost(stream: BinaryIO) -> int:
    """The pixels decoding this upload will cost, read from its header; 0 if it is no image.

    The stream is left where it was. Malformed files cost 0 here: the content check that
    follows refuses them.
    """
    start = stream.tell()
    try:
        head = stream.read(256 * 1024)  # headers come first; EXIF may take 64 KiB of it
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(head), formats=["JPEG", "PNG"])
            width, height = image.size
            kind = image.format
    except Exception:  # noqa: BLE001 (any parser error: not an image we would decode)
        return 0
    finally:
        stream.seek(start)
    factor = reduction((width, height)) if kind == "JPEG" else 1
    return (width // factor) * (height // factor)
