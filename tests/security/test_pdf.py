"""The hostile PDF set: whatever the encoding, nothing active or identifying is stored."""

from __future__ import annotations

import io

import pikepdf
import pytest

from portal.security import pdf
from portal.security.files import clean_upload
from tests.security import hostile_pdfs
from tests.security.test_files import phone_photo

ENCODINGS = [*hostile_pdfs.ENCODINGS, None]


def decoded(data: bytes) -> bytes:
    """The whole file as qpdf reads it: object streams unpacked, every lossless filter undone."""
    with pikepdf.open(io.BytesIO(data)) as document:
        out = io.BytesIO()
        document.save(
            out, qdf=True, compress_streams=False, fix_metadata_version=False,
            preserve_pdfa=False, object_stream_mode=pikepdf.ObjectStreamMode.disable,
            stream_decode_level=pikepdf.StreamDecodeLevel.specialized,
        )
        return out.getvalue()


def stored(data: bytes) -> bytes:
    return clean_upload(io.BytesIO(data), "letter.pdf", max_bytes=10 << 20,
                        max_pixels=24_000_000).data


@pytest.mark.parametrize("encoding", ENCODINGS, ids=lambda e: e or "no-object-stream")
@pytest.mark.parametrize("payload", list(hostile_pdfs.PAYLOADS))
def test_active_content_is_removed_in_every_encoding(payload: str, encoding: str | None) -> None:
    hostile = hostile_pdfs.hostile(payload, encoding)
    assert b"SECRET" in decoded(hostile)  # the payload is really there for a reader
    if encoding is not None:
        assert b"SECRET" not in hostile  # and invisible to a byte scan
    result = decoded(stored(hostile))
    assert b"SECRET" not in result
    assert b"(Hello) Tj" in result  # the letter itself is still there
    for name in (b"/JavaScript", b"/OpenAction", b"/AA", b"/XFA", b"/EmbeddedFiles", b"/URI",
                 b"/Launch", b"/SubmitForm", b"/GoToR", b"/EF"):
        assert name not in result, name


def test_document_metadata_and_comment_authors_are_removed() -> None:
    original = hostile_pdfs.with_metadata()
    assert decoded(original).count(b"SECRET") == 6
    result = stored(original)
    assert b"SECRET" not in decoded(result)
    with pikepdf.open(io.BytesIO(result)) as document:
        assert "/Info" not in document.trailer and "/Metadata" not in document.Root
        note = document.pages[0].Annots[0]
        assert str(note.Contents) == "see page 2"  # the comment stays, its author goes


def test_exif_of_a_photo_inside_a_pdf_is_removed() -> None:
    original = hostile_pdfs.with_photo(phone_photo())
    assert b"SECRET-PHONE" in original
    result = stored(original)
    assert b"SECRET" not in decoded(result)
    with pikepdf.open(io.BytesIO(result)) as document:
        image = pikepdf.PdfImage(document.pages[0].Resources.XObject.Im1).as_pil_image()
        assert image.size == (40, 20)
        red, blue = image.getpixel((5, 10)), image.getpixel((35, 10))
        assert red[0] > 200 > red[2] and blue[2] > 200 > blue[0]


def test_links_within_the_document_are_kept() -> None:
    objects = hostile_pdfs.page_objects(b"/Annots[5 0 R]")
    objects[1] = b"<</Type/Catalog/Pages 2 0 R>>"
    objects[5] = b"<</Type/Annot/Subtype/Link/Rect[0 0 9 9]/A<</S/GoTo/D[3 0 R/Fit]>>>>"
    result = stored(hostile_pdfs.build(objects, {}, None))
    with pikepdf.open(io.BytesIO(result)) as document:
        assert str(document.pages[0].Annots[0].A.S) == "/GoTo"


def test_a_survivor_of_the_rewrite_is_caught_by_the_second_reading() -> None:
    hostile = hostile_pdfs.hostile("javascript-open-action", None)
    with pytest.raises(pdf.ActiveContentRemains):
        pdf.find_active_content(hostile)
    pdf.find_active_content(stored(hostile))
