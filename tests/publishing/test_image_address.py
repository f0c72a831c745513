"""The share image's address ends as the file is: .jpg for a JPEG, .png for a PNG or card."""

from __future__ import annotations

import io

from PIL import Image

from portal import storage
from portal.extensions import db
from portal.models import PublicationKind, Role
from tests.factories import jpeg_bytes, make_user
from tests.publishing.factories import board_item
from tests.publishing.test_board import og_tags


def test_an_uploaded_jpeg_is_served_at_a_jpg_address(client, office):
    item = board_item(
        office,
        make_user(office, Role.PR),
        kind=PublicationKind.NEWS,
        link_url="https://www.example.org/news/1",
    )
    version = item.versions[0]
    data = jpeg_bytes(size=(120, 63))
    version.image_key, version.image_mimetype = storage.save(data), "image/jpeg"
    version.image_width, version.image_height = 120, 63
    db.session.commit()

    page = client.get(f"/outcomes/{item.id}").get_data(as_text=True)
    address = f"/outcomes/{item.id}/image-1.jpg"
    assert og_tags(page)["og:image"] == f"http://portal.test{address}"
    assert f'src="{address}"' in page
    image = client.get(address)
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(image.data)) as picture:
        assert picture.format == "JPEG"
    # An address shared before (ending .png) leads to the right one.
    old = client.get(f"/outcomes/{item.id}/image-1.png")
    assert old.status_code == 301 and old.headers["Location"].endswith(address)


def test_the_generated_card_stays_png(client, office):
    item = board_item(office, make_user(office, Role.PR))
    db.session.commit()
    image = client.get(f"/outcomes/{item.id}/image-1.png")
    assert image.mimetype == "image/png"
    with Image.open(io.BytesIO(image.data)) as picture:
        assert picture.format == "PNG"
    assert client.get(f"/outcomes/{item.id}/image-1.jpg").status_code == 301
    assert client.get(f"/outcomes/{item.id}/image-1.gif").status_code == 404
