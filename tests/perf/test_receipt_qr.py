"""The receipt page's QR code: one fixed mask instead of scoring all eight, and kept per case."""

from __future__ import annotations

import random

import segno

from portal.public import receipts
from tests.helpers import post_form, valid_case

URL = "http://portal.test/track/NP2-2569-000123"


def test_the_code_still_encodes_the_address_at_level_m():
    code = segno.make_qr(URL, error="m", mask=receipts.QR_MASK)
    assert code.error == "M" and code.mask == receipts.QR_MASK
    assert receipts.qr_data_uri(URL) == code.svg_data_uri(scale=4, dark="#000", light="#fff")
    assert receipts.qr_data_uri(URL).startswith("data:image/svg+xml")


def test_a_reloaded_receipt_page_reuses_the_code(app, client, office):
    receipts.tracking_qr_data_uri.cache_clear()
    assert post_form(client, "/submit", valid_case()).status_code == 302
    first = client.get("/receipt")
    assert first.status_code == 200 and "data:image/svg+xml" in first.get_data(as_text=True)
    assert client.get("/receipt").status_code == 200
    info = receipts.tracking_qr_data_uri.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def _segno_uri(text: str) -> str:
    return segno.make_qr(text, error="m", mask=receipts.QR_MASK).svg_data_uri(
        scale=4, dark="#000", light="#fff")


def test_every_tracking_address_gives_segnos_bytes():
    rng = random.Random(9)
    for base in ("http://portal.test/track?number=NP2-2569-",
                 "https://complaints.example.go.th/track?number=NKP1-2570-"):
        for _ in range(150):
            url = f"{base}{rng.randrange(10 ** 6):06d}"
            assert receipts.qr_data_uri(url) == _segno_uri(url), url


def test_other_texts_are_encoded_by_segno_itself():
    for text in ("otpauth://totp/Sujarit:a%40b.example?secret=JBSWY3DPEHPK3PXP&issuer=Sujarit",
                 "HELLO123456", "123456789012", "สวัสดี000001"):
        assert receipts.qr_data_uri(text) == _segno_uri(text), text


def test_a_new_case_number_is_encoded_without_segno(monkeypatch):
    """Only an office and year's first number builds the template through segno; the rest are
    XORs on it (what that saves is measured in bench/receipt_costs.py, not here)."""
    from portal.public import qr

    prefix = "http://portal.test/track?number=NKP9-2571-"
    calls = []
    encode = qr._segno_matrix
    monkeypatch.setattr(qr, "_segno_matrix", lambda *a, **k: calls.append(a) or encode(*a, **k))
    receipts.qr_data_uri(prefix + "000001")
    assert calls, "the first number builds the template"
    calls.clear()
    for number in (2, 99, 123456, 999999):
        uri = receipts.qr_data_uri(f"{prefix}{number:06d}")
        assert not calls
        monkeypatch.setattr(qr, "_segno_matrix", encode)
        assert uri == _segno_uri(f"{prefix}{number:06d}")
        monkeypatch.setattr(qr, "_segno_matrix",
                            lambda *a, **k: calls.append(a) or encode(*a, **k))
