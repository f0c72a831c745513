"""Numbers read from outside text: only ASCII digits make an id or a count.

``str.isdigit()`` accepts "²" and other digits that ``int()`` refuses; the route fuzzer
(tests/security/test_hostile_input.py) found ``/outcomes?district=²`` answered with a 500.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from portal.channels.errors import retry_after
from portal.channels.facebook import graph_error
from portal.numbers import plain_int
from portal.publishing.pii.numbers import national_id_valid


@pytest.mark.parametrize(("text", "number"), [
    ("12", 12), ("0", 0), ("007", 7), ("²", None), ("1²", None), ("๑๒", None), ("", None),
    (None, None), ("-1", None), (" 1", None), ("1.0", None), ("1" * 19, None),
])
def test_plain_int(text, number):
    assert plain_int(text) == number


def test_the_digit_limit_is_kept():
    assert plain_int("1" * 64, max_digits=64) == int("1" * 64)
    assert plain_int("1" * 10, max_digits=9) is None


@pytest.mark.parametrize("field", ["district", "school", "category"])
def test_the_board_ignores_digits_int_cannot_read(client, office, field):
    for value in ("²", "¹²", "๑"):
        assert client.get(f"/outcomes?{field}={value}").status_code == 200


def test_a_retry_after_in_other_digits_is_no_wait_and_no_crash():
    # As it would arrive on the wire: byte 0xB2, which httpx reads as "²" (Latin-1).
    assert retry_after(httpx.Headers([(b"Retry-After", b"\xb2")])) == timedelta(0)
    assert retry_after(httpx.Headers({"Retry-After": "120"})) == timedelta(seconds=120)


def test_a_graph_error_code_in_other_digits_is_read_as_no_code():
    error = graph_error(400, {"error": {"code": "³", "message": "?"}}, httpx.Headers())
    assert error.code is None and '"code": null' in error.detail
    assert error.kind is graph_error(400, {"error": {"message": "?"}}, httpx.Headers()).kind
    assert graph_error(400, {"error": {"code": "190"}}, httpx.Headers()).code == 190


def test_a_national_id_in_thai_digits_is_still_checked():
    valid = "1101700230708"  # made up; its check digit holds
    assert national_id_valid(valid)
    assert national_id_valid(valid.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")))
    assert not national_id_valid("²" * 13)
