"""Images cost bounded work: a phone-sized cap, reduced decoding, a pixel budget per request."""

from __future__ import annotations

import io

import sqlalchemy as sa
from PIL import Image

from portal import storage
from portal.config import Settings
from portal.extensions import db
from portal.models import Attachment, Case
from portal.security import images
from portal.security.files import RejectedFile, clean_upload
from tests.helpers import field_errors, post_form, valid_case


def encoded(mode: str, size: tuple[int, int], fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else 1).save(out, fmt)
    return out.getvalue()


def test_the_cap_is_what_phones_produce():
    assert Settings().max_image_pixels == 24_000_000
    header_only = encoded("1", (6000, 4001), "PNG")  # 24.006 MP, a tiny file
    try:
        clean_upload(io.BytesIO(header_only), "big.png", max_bytes=10**7,
                     max_pixels=Settings().max_image_pixels)
    except RejectedFile as refused:
        assert refused.code == "too_many_pixels"
    else:
        raise AssertionError("a 24.006 MP image was accepted")


def test_a_large_jpeg_is_decoded_at_reduced_scale():
    data = encoded("RGB", (6000, 4000), "JPEG")
    image = Image.open(io.BytesIO(data))
    images.decode_small(image)
    assert image.size == (3000, 2000)  # the decoder will produce ¼ of the pixels
    assert images.decode_cost(io.BytesIO(data)) == 3000 * 2000
    clean = clean_upload(io.BytesIO(data), "photo.jpg", max_bytes=10**7, max_pixels=24_000_000)
    assert Image.open(io.BytesIO(clean.data)).size == (3000, 2000)
    # A usual 12 MP photo is kept at full size.
    usual = encoded("RGB", (4032, 3024), "JPEG")
    assert images.decode_cost(io.BytesIO(usual)) == 4032 * 3024


def test_a_large_png_is_stored_within_4096_pixels():
    data = encoded("L", (9000, 1000), "PNG")
    clean = clean_upload(io.BytesIO(data), "wide.png", max_bytes=10**7, max_pixels=24_000_000)
    assert max(Image.open(io.BytesIO(clean.data)).size) <= images.MAX_SIDE
    assert images.decode_cost(io.BytesIO(data)) == 9_000_000  # a PNG decodes in full


def test_decode_cost_leaves_the_stream_where_it_was_and_ignores_non_images():
    stream = io.BytesIO(b"%PDF-1.4 not an image")
    stream.seek(3)
    assert images.decode_cost(stream) == 0 and stream.tell() == 3


def test_a_request_decodes_a_bounded_number_of_pixels(app, client, office):
    app.config["PORTAL_MAX_REQUEST_PIXELS"] = 10_000
    photos = [(io.BytesIO(encoded("RGB", (64, 64), "JPEG")), f"p{i}.jpg") for i in range(3)]
    response = post_form(client, "/submit", valid_case(attachments=photos))
    assert response.status_code == 422
    errors = " ".join(field_errors(response.get_data(as_text=True)))
    assert "p2.jpg" in errors and "รวมกันมีความละเอียดเกิน" in errors
    assert "p0.jpg" not in errors and "p1.jpg" not in errors
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0
    two = [(io.BytesIO(encoded("RGB", (64, 64), "JPEG")), f"q{i}.jpg") for i in range(2)]
    assert post_form(client, "/submit", valid_case(attachments=two)).status_code == 302
    stored = db.session.scalars(sa.select(Attachment.storage_key)).all()
    assert len(stored) == 1 and storage.read(stored[0])  # identical photos: kept once
