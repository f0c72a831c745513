"""Thai text, digits, dates, phone numbers and receipts as people type them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask import Flask
from flask_babel import Babel

from portal import thai
from portal.filters import nl2br, thai_date, thai_digits
from portal.security.tokens import ALPHABET, new_receipt, normalise_receipt


@pytest.fixture
def babel_app():
    app = Flask(__name__)
    app.config["BABEL_DEFAULT_LOCALE"] = "th"
    Babel(app)
    with app.test_request_context():
        yield app


@pytest.mark.parametrize("typed, expected", [
    ("0812345678", "081-234-5678"), ("๐๙๘ ๗๖๕ ๔๓๒๑", "098-765-4321"),
    ("+66 61 234 5678", "061-234-5678"), ("02-123-4567", "02-123-4567"),
    ("042511234", "042-511-234"),
    ("081234567", None), ("0112345678", None), ("abc", None), ("08123456789", None),
])
def test_phone_numbers(typed, expected):
    assert thai.normalise_phone(typed) == expected


@pytest.mark.parametrize("typed, expected", [
    ("24/11/2569", date(2026, 11, 24)), ("๒๔/๑๑/๒๕๖๙", date(2026, 11, 24)),
    ("2026-11-24", date(2026, 11, 24)), ("24-11-2026", date(2026, 11, 24)),
    ("1.1.2400", date(1857, 1, 1)), ("", None),
    # Eight digits alone: all an iPhone's numeric keypad can type.
    ("24112569", date(2026, 11, 24)), ("05012569", date(2026, 1, 5)),
    ("๒๔๑๑๒๕๖๙", date(2026, 11, 24)), ("24112026", date(2026, 11, 24)),
])
def test_dates_accept_both_eras_and_digits(typed, expected):
    assert thai.parse_date(typed) == expected


@pytest.mark.parametrize("typed", ["31/02/2569", "hello", "2569", "24/13/2569", "2411256",
                                   "31022569", "241125690"])
def test_impossible_dates_are_refused(typed):
    with pytest.raises(ValueError):
        thai.parse_date(typed)


def test_thai_letters_are_counted_with_their_marks():
    # \\w would split "ที่" at the vowel and tone marks; the Thai block does not.
    assert thai.letter_count("ที่นี่") == 6
    assert thai.letter_count("1234 !!") == 0
    assert thai.NAME_RE.match("สมศักดิ์ ใจดี")
    assert not thai.NAME_RE.match("<script>")


def test_clean_text_removes_controls_and_bidi_but_keeps_paragraphs():
    text = "บรรทัดแรก\u202e\r\n\r\n\r\n\r\nบรรทัด\x00สอง  "
    assert thai.clean_text(text, multiline=True) == "บรรทัดแรก\n\nบรรทัดสอง"
    assert thai.clean_text("  ก   ข\nค ") == "ก ข ค"


def test_buddhist_era_dates(babel_app):
    assert thai_date(date(2026, 11, 24)) == "24 พฤศจิกายน 2569"
    assert thai_date(date(2026, 11, 24), "short") == "24 พ.ย. 2569"
    # 20:30 UTC is already the next day in Bangkok.
    assert thai_date(datetime(2026, 11, 23, 20, 30), "datetime") == "24 พฤศจิกายน 2569 เวลา 03:30 น."
    assert thai_date(date(2026, 11, 24), locale="en") == "24 November 2026"
    assert thai_digits("2569") == "๒๕๖๙"


def test_nl2br_escapes_first():
    assert str(nl2br("<b>ก</b>\nข")) == "&lt;b&gt;ก&lt;/b&gt;<br>\nข"


def test_receipts_are_random_and_forgiving_to_type():
    receipts = {new_receipt() for _ in range(200)}
    assert len(receipts) == 200
    sample = receipts.pop()
    assert len(sample) == 19 and sample.count("-") == 3
    assert set(sample.replace("-", "")) <= set(ALPHABET)
    assert normalise_receipt(sample.lower().replace("-", " ")) == sample
    assert normalise_receipt("oooo-iiii-llll-uuuu") == "0000-1111-1111-VVVV"
