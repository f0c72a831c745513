"""Uploaded attachments: accepted by content, images re-encoded so no metadata survives.

Citizens attach phone photos and scanned letters. A photo's EXIF can carry the GPS position of a
whistle-blower's home, so every JPEG and PNG is decoded and written out again from pixels alone.
PDFs are parsed by qpdf and written out again without scripts, actions, embedded files or
metadata (``portal.security.pdf``). Nothing trusts the filename or the client's mimetype: a
``.jpg`` that is really HTML, PHP, ZIP, GIF or SVG is refused.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import unicodedata
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageFile, ImageOps

from portal.security import images, pdf

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
EXTENSIONS = {JPEG: "jpg", PNG: "png", PDF: "pdf"}
JPEG_QUALITY = 88
# libjpeg's standard Huffman tables, not ones computed per image (``optimize=True``): that
# second pass is lossless (the same pixels) and made a 1600×1200 photo only 3–5 % smaller for
# 5–9 ms more CPU, twice the encoding's (bench/jpeg_reencode.py, bench/README.md).
JPEG_OPTIMIZE = False
MAX_NAME_LENGTH = 120
READ_CHUNK = 64 * 1024
# Readers look for %PDF- anywhere in the first 1 KiB, but we accept only a BOM or whitespace
# before it: any other preamble (a ZIP or HTML header) makes the file a polyglot.
PDF_HEADER_WINDOW = 1024
_PDF_PREAMBLE = re.compile(rb"(?:\xef\xbb\xbf)?[\x00\t\n\f\r ]*%PDF-")
PDF_TRAILER_WINDOW = 2048

_PNG_MODES = frozenset({"1", "L", "LA", "I;16", "P", "RGB", "RGBA"})
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"


class RejectedFile(ValueError):
    """An upload refused; ``message`` is a user-facing, translatable message (lazy string).

    ``str(exc)`` is the code alone, so logging never forces a lazy string outside a request.
    """

    def __init__(self, code: str, message) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class CleanFile:
    """An accepted upload, ready to store: re-encoded images, rewritten PDFs."""

    data: bytes
    mimetype: str
    extension: str
    original_name: str
    sha256: str
    size: int


def clean_upload(
    stream: BinaryIO, filename: str | None, *, max_bytes: int, max_pixels: int
) -> CleanFile:
    """Read ``stream`` (from its current position) and return what may be stored.

    Raises ``RejectedFile`` with code ``empty``, ``too_large``, ``bad_type``,
    ``too_many_pixels``, ``corrupt``, ``locked_pdf`` or ``unsafe_pdf``.
    """
    raw = _read_limited(stream, max_bytes)
    mimetype = sniff_type(raw[:PDF_HEADER_WINDOW])
    if mimetype is None:
        raise RejectedFile(
            "bad_type",
            _l("ไฟล์นี้ไม่ใช่รูปภาพ JPEG/PNG หรือเอกสาร PDF (ระบบตรวจจากเนื้อไฟล์ ไม่ใช่จากชื่อไฟล์)"),
        )
    data = _clean_pdf(raw) if mimetype == PDF else _reencode_image(raw, mimetype, max_pixels)
    del raw  # the original image bytes, metadata and all, go no further than this function
    return CleanFile(
        data=data,
        mimetype=mimetype,
        extension=EXTENSIONS[mimetype],
        original_name=display_name(filename),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def sniff_type(head: bytes) -> str | None:
    """The mimetype the leading bytes prove (JPEG, PNG or PDF), or None for anything else."""
    if head.startswith(_JPEG_SIGNATURE):
        return JPEG
    if head.startswith(_PNG_SIGNATURE):
        return PNG
    if _PDF_PREAMBLE.match(head[:PDF_HEADER_WINDOW]):
        return PDF
    return None


def display_name(filename: str | None) -> str:
    """A safe name to show: basename only, no control characters, at most 120 characters."""
    text = unicodedata.normalize("NFC", filename or "")
    # Category C covers controls and format characters such as U+202E, which can make
    # "exe.jpg" display as "gpj.exe".
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    text = re.split(r"[/\\]", text)[-1].strip()
    if text in ("", ".", ".."):
        return "file"
    if len(text) <= MAX_NAME_LENGTH:
        return text
    stem, dot, ext = text.rpartition(".")
    if dot and stem and len(ext) <= 10:
        return _cut(stem, MAX_NAME_LENGTH - len(ext) - 1) + "." + ext
    return _cut(text, MAX_NAME_LENGTH)


def _cut(text: str, length: int) -> str:
    # Back off rather than strand a base letter without its Thai vowel or tone mark.
    while 0 < length < len(text) and unicodedata.category(text[length]) in ("Mn", "Mc"):
        length -= 1
    return text[:length]


def _read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes, so an oversized upload is never held whole."""
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = stream.read(min(READ_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > max_bytes:
        raise RejectedFile(
            "too_large",
            _l("ไฟล์มีขนาดใหญ่เกินไป แนบได้ไม่เกิน %(mb)s MB ต่อไฟล์", mb=_short_number(max_bytes / 2**20)),
        )
    if total == 0:
        raise RejectedFile("empty", _l("ไฟล์ที่แนบว่างเปล่า (0 ไบต์) กรุณาเลือกไฟล์อีกครั้ง"))
    return b"".join(chunks)


def _short_number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _too_many_pixels(max_pixels: int) -> RejectedFile:
    return RejectedFile(
        "too_many_pixels",
        _l(
            "รูปภาพมีความละเอียดสูงเกินไป แนบได้ไม่เกิน %(mp)s ล้านพิกเซล กรุณาย่อรูปก่อนแนบ",
            mp=_short_number(max_pixels / 1_000_000),
        ),
    )


def _reencode_image(raw: bytes, mimetype: str, max_pixels: int) -> bytes:
    """Decode fully, turn upright, and write pixels only: no EXIF, GPS, XMP, ICC or comments."""
    image = _decode_image(raw, mimetype, max_pixels)
    image = _output_mode(image, mimetype)
    image = _pixels_only(image)
    out = io.BytesIO()
    if mimetype == JPEG:
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=JPEG_OPTIMIZE)
    else:
        image.save(out, format="PNG", optimize=images.png_optimize(image))
    return out.getvalue()


_STRICT_LOADING = threading.Lock()


@contextmanager
def _truncated_images_refused():
    """Pillow's truncated-image switch is one global, and WeasyPrint turns it on when it is
    imported (its renderer tolerates broken pictures): a process that has rendered a report
    PDF would otherwise take half a photo as a whole one. Off while an upload is decoded."""
    with _STRICT_LOADING:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _decode_image(raw: bytes, mimetype: str, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; treat it as refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # formats= keeps Pillow from trying any other parser on hostile bytes.
            image = Image.open(io.BytesIO(raw), formats=["JPEG" if mimetype == JPEG else "PNG"])
            width, height = image.size  # from the header: nothing is decoded yet
            if width * height > max_pixels:
                raise _too_many_pixels(max_pixels)
            images.decode_small(image)  # a large JPEG decodes at ½, ¼ or ⅛ scale
            with _truncated_images_refused():
                image.load()  # first frame only; raises on truncated or corrupt data
            ImageOps.exif_transpose(image, in_place=True)  # upright before EXIF is dropped
            image = images.fit(image)
    except RejectedFile:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(max_pixels) from None
    # Pillow's parsers raise many exception types on hostile input; all of them mean corrupt.
    except Exception as exc:
        raise RejectedFile(
            "corrupt",
            _l("ไฟล์รูปภาพเสียหรือไม่สมบูรณ์ กรุณาบันทึกหรือถ่ายรูปใหม่แล้วแนบอีกครั้ง"),
        ) from exc
    return image


def _output_mode(image: Image.Image, mimetype: str) -> Image.Image:
    """JPEG out as L or RGB (CMYK and the rest converted); PNG keeps its mode where it can."""
    if mimetype == JPEG:
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
    # Palette or grey transparency (tRNS) would be lost with the metadata: make it real alpha.
    if "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode in _PNG_MODES:
        return image
    return image.convert("RGBA" if "A" in image.getbands() else "RGB")


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding the same pixels and an empty ``info``, so no metadata can ride along."""
    fresh = Image.new(image.mode, image.size)
    if image.mode == "P":
        fresh.putpalette(image.getpalette() or [])
    fresh.paste(image, (0, 0))
    return fresh


def _clean_pdf(data: bytes) -> bytes:
    """The PDF rewritten without active content or metadata (see ``portal.security.pdf``)."""
    if b"%%EOF" not in data[-PDF_TRAILER_WINDOW:]:
        raise _corrupt_pdf()
    try:
        return pdf.rewrite_pdf(data)
    except pdf.LockedPdf:
        raise RejectedFile(
            "locked_pdf",
            _l("ไฟล์ PDF นี้ตั้งรหัสผ่านไว้ ระบบจึงตรวจและลบข้อมูลส่วนตัวออกไม่ได้ "
               "กรุณาบันทึกเป็น PDF ที่ไม่มีรหัสผ่านแล้วแนบอีกครั้ง"),
        ) from None
    except pdf.ActiveContentRemains:
        raise _unsafe_pdf() from None
    except pdf.UnreadablePdf:
        raise _corrupt_pdf() from None


def _corrupt_pdf() -> RejectedFile:
    return RejectedFile(
        "corrupt", _l("ไฟล์ PDF ไม่สมบูรณ์หรือเสียหาย กรุณาบันทึกเป็น PDF ใหม่แล้วแนบอีกครั้ง"))


def _unsafe_pdf() -> RejectedFile:
    return RejectedFile(
        "unsafe_pdf",
        _l(
            "ไฟล์ PDF นี้มีสคริปต์ คำสั่งเปิดโปรแกรม หรือไฟล์แนบซ่อนอยู่ จึงรับไม่ได้ "
            "กรุณาสั่งพิมพ์เป็น PDF ใหม่ (Print to PDF) แล้วแนบอีกครั้ง"
        ),
    )
