"""Uploads are judged by content; images come out re-encoded with no metadata left."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import struct
import zipfile
import zlib

import flask
import flask_babel
import pikepdf
import pytest
from PIL import ExifTags, Image, ImageCms, ImageFile
from PIL.PngImagePlugin import PngInfo

from portal.security.files import RejectedFile, clean_upload, display_name, sniff_type
from tests.factories import pdf_bytes

MB = 1024 * 1024
THAI = re.compile("[\u0e00-\u0e7f]")
# A one-page PDF written by hand, without a cross-reference table: readers (and qpdf) rebuild it.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def clean(data: bytes, name: str | None = "upload.bin", **limits: int):
    limits = {"max_bytes": 10 * MB, "max_pixels": 40_000_000} | limits
    return clean_upload(io.BytesIO(data), name, **limits)


def rejection(data: bytes, name: str | None = "upload.bin", **limits: int) -> RejectedFile:
    with pytest.raises(RejectedFile) as caught:
        clean(data, name, **limits)
    return caught.value


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **params)
    return out.getvalue()


def two_halves(size: tuple[int, int] = (40, 20)) -> Image.Image:
    """Red on the left, blue on the right: shows which way a rotation went."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    return image


def phone_photo() -> bytes:
    """A JPEG as a phone writes it: rotated by EXIF, with GPS, a comment, XMP and ICC."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "SECRET-PHONE"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (13.0, 45.0, 30.0)
    gps[ExifTags.GPS.GPSMapDatum] = "SECRET-DATUM"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(
        two_halves(),
        "JPEG",
        exif=exif,
        comment=b"SECRET-COMMENT",
        icc_profile=icc,
        xmp=b"<x:xmpmeta>SECRET-XMP</x:xmpmeta>",
        quality=95,
    )


def bilevel_png(width: int, height: int) -> bytes:
    """A real, valid all-black PNG built row by row, so huge dimensions cost little memory."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then packed 1-bit pixels
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


class EndlessStream(io.RawIOBase):
    """Zeros forever, counting what was read: reading it all would never finish."""

    def __init__(self) -> None:
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size > 0, "an unbounded read of an upload"
        self.consumed += size
        return b"\0" * size


@pytest.fixture
def app_context():
    app = flask.Flask(__name__)
    flask_babel.Babel(app)
    with app.app_context():
        yield


def test_phone_photo_loses_all_metadata_and_stays_upright() -> None:
    original = phone_photo()
    with Image.open(io.BytesIO(original)) as before:  # the fixture really carries it all
        assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert before.info["comment"] == b"SECRET-COMMENT" and "icc_profile" in before.info

    result = clean(original, "IMG_0001.jpg")

    assert (result.mimetype, result.extension) == ("image/jpeg", "jpg")
    for marker in (b"SECRET", b"Exif", b"GPS", b"xmpmeta", b"ICC_PROFILE"):
        assert marker not in result.data
    with Image.open(io.BytesIO(result.data)) as after:
        assert len(after.getexif()) == 0
        assert not {"comment", "exif", "xmp", "icc_profile"} & set(after.info)
        assert after.size == (20, 40)  # orientation 6 turned the 40x20 picture upright
        red, _, blue = after.convert("RGB").getpixel((10, 5))
        assert red > 200 and blue < 60  # the left half went to the top: a clockwise turn
        assert after.convert("RGB").getpixel((10, 35))[2] > 200


def test_png_text_chunks_and_exif_are_dropped() -> None:
    info = PngInfo()
    info.add_text("Comment", "SECRET-TEXT")
    info.add_text("Author", "SECRET-ZTXT", zip=True)
    info.add_itxt("Location", "SECRET-ITXT", lang="th")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SECRET-EXIF"
    original = encode(Image.new("RGB", (8, 8), "green"), "PNG", pnginfo=info, exif=exif)

    result = clean(original, "scan.png")

    assert result.mimetype == "image/png" and result.extension == "png"
    for marker in (b"SECRET", b"tEXt", b"zTXt", b"iTXt", b"eXIf"):
        assert marker not in result.data
    with Image.open(io.BytesIO(result.data)) as after:
        assert after.text == {} and len(after.getexif()) == 0
        assert after.getpixel((0, 0)) == (0, 128, 0)


def test_palette_transparency_becomes_alpha() -> None:
    image = Image.new("P", (4, 4), 1)
    image.putpalette([255, 255, 255, 200, 0, 0])
    image.putpixel((0, 0), 0)
    result = clean(encode(image, "PNG", transparency=0), "logo.png")
    with Image.open(io.BytesIO(result.data)) as after:
        assert after.mode == "RGBA"
        assert after.getpixel((0, 0))[3] == 0 and after.getpixel((1, 1)) == (200, 0, 0, 255)


def test_animated_png_keeps_only_its_first_frame() -> None:
    frames = [Image.new("RGB", (6, 6), colour) for colour in ("red", "blue", "green")]
    original = encode(frames[0], "PNG", save_all=True, append_images=frames[1:])
    with Image.open(io.BytesIO(original)) as before:
        assert before.n_frames == 3
    with Image.open(io.BytesIO(clean(original, "anim.png").data)) as after:
        assert getattr(after, "n_frames", 1) == 1 and after.getpixel((0, 0)) == (255, 0, 0)


def test_cmyk_jpeg_is_written_as_rgb() -> None:
    original = encode(Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "JPEG")
    with Image.open(io.BytesIO(clean(original, "print.jpg").data)) as after:
        assert after.mode == "RGB"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "photo.jpg"),
        (b"<?php system($_GET['c']); ?>", "photo.jpg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "photo.png"),
        (encode(Image.new("RGB", (4, 4)), "GIF"), "photo.jpg"),
        (encode(Image.new("RGB", (4, 4)), "BMP"), "photo.png"),
    ],
)
def test_wrong_type_behind_a_good_extension_is_refused(content: bytes, name: str) -> None:
    assert rejection(content, name).code == "bad_type"


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_zip_named_pdf_is_refused(method: int) -> None:
    archive = io.BytesIO()  # stored, the PDF inside sits whole in the first KiB: a polyglot
    with zipfile.ZipFile(archive, "w", compression=method) as zipped:
        zipped.writestr("letter.pdf", MINIMAL_PDF)
    assert rejection(archive.getvalue(), "x.pdf").code == "bad_type"


def test_jpeg_signature_in_front_of_html_is_corrupt_not_stored() -> None:
    assert rejection(b"\xff\xd8\xff\xe0<html>" + b"x" * 200, "a.jpg").code == "corrupt"


def test_empty_file_is_refused() -> None:
    assert rejection(b"", "blank.jpg").code == "empty"


def test_oversize_is_refused_after_reading_one_byte_past_the_limit() -> None:
    stream = EndlessStream()
    with pytest.raises(RejectedFile) as caught:
        clean_upload(stream, "big.pdf", max_bytes=200_000, max_pixels=1000)
    assert caught.value.code == "too_large"
    assert stream.consumed == 200_001


def test_file_exactly_at_the_limit_is_accepted() -> None:
    assert clean(MINIMAL_PDF, max_bytes=len(MINIMAL_PDF)).mimetype == "application/pdf"
    assert rejection(MINIMAL_PDF, max_bytes=len(MINIMAL_PDF) - 1).code == "too_large"


@pytest.mark.parametrize("side", [20_000, 7_000])  # past Pillow's own guard, and only past ours
def test_pixel_bomb_is_refused_from_the_header(monkeypatch, side: int) -> None:
    bomb = bilevel_png(side, side)
    assert len(bomb) < 200_000  # small on disk, side*side pixels once decoded

    def no_decoding(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    assert rejection(bomb, "bomb.png", max_pixels=40_000_000).code == "too_many_pixels"


def test_image_within_the_pixel_limit_is_accepted() -> None:
    assert clean(bilevel_png(100, 50), "ok.png", max_pixels=5_000).mimetype == "image/png"
    assert rejection(bilevel_png(100, 51), "big.png", max_pixels=5_000).code == "too_many_pixels"


def test_truncated_images_are_corrupt() -> None:
    noisy = Image.effect_noise((256, 256), 64).convert("RGB")
    jpeg, png = encode(noisy, "JPEG"), encode(noisy, "PNG")
    assert rejection(jpeg[: len(jpeg) // 2], "cut.jpg").code == "corrupt"
    assert rejection(png[: len(png) // 2], "cut.png").code == "corrupt"


def test_truncated_images_are_corrupt_in_a_process_that_renders_pdfs() -> None:
    """WeasyPrint turns Pillow's global LOAD_TRUNCATED_IMAGES on when imported."""
    import weasyprint.images  # noqa: F401 (imported for its side effect)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    gradient = Image.linear_gradient("L").resize((512, 512)).convert("RGB")
    jpeg, png = encode(gradient, "JPEG", quality=95), encode(gradient, "PNG")
    assert rejection(jpeg[: len(jpeg) // 2], "cut.jpg").code == "corrupt"
    assert rejection(png[: len(png) // 2], "cut.png").code == "corrupt"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's own setting is left as it was


def test_pdf_is_stored_as_qpdf_rewrote_it() -> None:
    result = clean(MINIMAL_PDF, "หนังสือร้องเรียน.pdf")
    assert result.data.startswith(b"%PDF-") and result.data != MINIMAL_PDF
    with pikepdf.open(io.BytesIO(result.data)) as stored:
        assert len(stored.pages) == 1
    assert (result.mimetype, result.extension) == ("application/pdf", "pdf")
    assert result.sha256 == hashlib.sha256(result.data).hexdigest()
    assert result.size == len(result.data)
    assert result.original_name == "หนังสือร้องเรียน.pdf"
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.data = b""  # type: ignore[misc]


def test_pdf_naming_javascript_only_in_text_is_kept() -> None:
    benign = MINIMAL_PDF.replace(b"/Type/Catalog", b"/Type/Catalog/Lang(Learning JavaScript)")
    with pikepdf.open(io.BytesIO(clean(benign, "notes.pdf").data)) as stored:
        assert str(stored.Root.Lang) == "Learning JavaScript"


@pytest.mark.parametrize("garbage", [b"%PDF-1.7\n" + b"x" * 500 + b"\n%%EOF\n",
                                     MINIMAL_PDF[:120] + b"\n%%EOF\n"])
def test_pdf_qpdf_cannot_read_is_corrupt(garbage: bytes) -> None:
    assert rejection(garbage, "broken.pdf").code == "corrupt"


def test_pdf_needing_a_password_is_refused() -> None:
    locked = pdf_bytes(encryption=pikepdf.Encryption(owner="owner", user="user"))
    assert rejection(locked, "locked.pdf").code == "locked_pdf"


def test_pdf_with_only_an_owner_password_is_stored_unencrypted() -> None:
    restricted = pdf_bytes(encryption=pikepdf.Encryption(owner="owner", user=""))
    with pikepdf.open(io.BytesIO(clean(restricted, "restricted.pdf").data)) as stored:
        assert not stored.is_encrypted


def test_pdf_without_trailer_is_corrupt() -> None:
    assert rejection(MINIMAL_PDF.replace(b"%%EOF", b""), "half.pdf").code == "corrupt"


def test_sniff_type_reads_magic_bytes_only() -> None:
    assert sniff_type(b"\xff\xd8\xff\xe1rest") == "image/jpeg"
    assert sniff_type(b"\x89PNG\r\n\x1a\nrest") == "image/png"
    assert sniff_type(b"%PDF-1.7") == "application/pdf"
    assert sniff_type(b"\xef\xbb\xbf%PDF-1.7") == "application/pdf"
    assert sniff_type(b" \r\n%PDF-1.7") == "application/pdf"
    assert sniff_type(b"<html>%PDF-1.7") is None and sniff_type(b"PK\x03\x04%PDF-") is None
    assert sniff_type(b" " * 1024 + b"%PDF-1.7") is None
    assert sniff_type(b"GIF89a") is None and sniff_type(b"") is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\somchai\\Desktop\\รูป.jpg", "รูป.jpg"),
        ("รูปโรงเรียน.jpg", "รูปโรงเรียน.jpg"),
        ("bad\x00na\x1fme\r\n.jpg", "badname.jpg"),
        ("\u202egpj.exe", "gpj.exe"),
        ("  spaced.png  ", "spaced.png"),
        ("folder/", "file"),
        ("..", "file"),
        ("", "file"),
        (None, "file"),
    ],
)
def test_display_name(given: str | None, expected: str) -> None:
    assert display_name(given) == expected


def test_display_name_shortens_long_names_but_keeps_the_extension() -> None:
    name = display_name("ร้องเรียน" * 40 + ".jpeg")
    assert len(name) <= 120 and name.endswith(".jpeg") and name.startswith("ร้องเรียน")
    assert display_name("x" * 500) == "x" * 120


def test_thai_tone_mark_is_not_cut_from_its_letter() -> None:
    name = display_name("ก" * 115 + "ร้" + "ยาว.pdf")  # the cut falls between ร and its ้
    assert name == "ก" * 115 + ".pdf"  # 120 would need a bare ร; the name stops one short


@pytest.mark.usefixtures("app_context")
def test_messages_are_thai_and_name_the_limit() -> None:
    too_large = rejection(b"%PDF-" + b"x" * (2 * MB), max_bytes=2 * MB)
    assert THAI.search(str(too_large.message)) and "2 MB" in str(too_large.message)
    pixels = rejection(bilevel_png(7_000, 7_000), max_pixels=40_000_000)
    assert THAI.search(str(pixels.message)) and "40" in str(pixels.message)
    locked = pdf_bytes(encryption=pikepdf.Encryption(owner="o", user="u"))
    for data in (b"", b"GIF89a", b"\xff\xd8\xff\xe0junk", locked, MINIMAL_PDF[:90] + b"%%EOF"):
        assert THAI.search(str(rejection(data).message))
    assert str(rejection(b"GIF89a")) == "bad_type"
