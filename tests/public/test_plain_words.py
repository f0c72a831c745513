"""Parents' pages speak plainly: no "irreversible form", no "Atom feed"."""

from __future__ import annotations

import pytest

from tests.helpers import post_form, valid_case

JARGON = ("ถอดกลับไม่ได้", "ฟีด", "Atom", "cannot be reversed", "feed")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_receipt_and_board_have_no_jargon(client, office, lang):
    client.get(f"/lang/{lang}")
    assert post_form(client, "/submit", valid_case()).status_code == 302
    receipt = client.get("/receipt").get_data(as_text=True)
    board = client.get("/outcomes").get_data(as_text=True)
    visible = receipt + board.replace("/outcomes/feed.atom", "")
    assert [word for word in JARGON if word in visible] == []
    assert ("แม้แต่เจ้าหน้าที่ก็ดูรหัสนี้ไม่ได้" if lang == "th" else "Not even our staff can see it") in receipt
    assert ("แอปอ่านข่าว" if lang == "th" else "news reader app") in board
