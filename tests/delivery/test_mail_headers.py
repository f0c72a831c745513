"""The office's Thai name in From (and the subject) is encoded by whole character clusters."""

from __future__ import annotations

import mailbox
import re
import unicodedata
from email.header import decode_header, make_header

from portal.delivery.mail_headers import clusters, encode_words
from portal.delivery.worker import run_once
from portal.extensions import db

LONG_NAME = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษานครพนม เขต 2 (ตัวอย่าง)"
WORD = re.compile(r"=\?utf-8\?b\?([A-Za-z0-9+/=]+)\?=")


def starts_cleanly(piece: str) -> bool:
    """Not a loose mark or ำ, and no leading vowel left without its consonant."""
    first, last = piece[0], piece[-1]
    return unicodedata.category(first) not in ("Mn", "Mc") and first != "ำ" and last not in "เแโใไ"


def raw_headers(smtp_server) -> dict[str, str]:
    box = mailbox.Maildir(smtp_server.maildir, factory=None, create=False)
    (key,) = box.keys()
    head = box.get_bytes(key).split(b"\r\n\r\n", 1)[0].decode("utf-8")
    unfolded = re.sub(r"\r?\n[ \t]+", " ", head)
    return dict(line.split(": ", 1) for line in unfolded.splitlines() if ": " in line)


def test_from_name_decodes_whole_and_every_word_holds_whole_clusters(
    app, office, queue_email, smtp_server
):
    office.name_th = LONG_NAME
    db.session.commit()
    queue_email("somsri@example.org")

    assert run_once() == 1

    headers = raw_headers(smtp_server)
    name_part, address = headers["From"].rsplit(" <", 1)
    assert address == "no-reply@nkp2.example>"
    words = WORD.findall(name_part)
    assert len(words) > 1  # long enough to need several words
    pieces = [str(make_header(decode_header(f"=?utf-8?b?{w}?="))) for w in words]
    assert "".join(pieces) == LONG_NAME
    assert all(starts_cleanly(piece) for piece in pieces), pieces
    # RFC 2047's decoder joins adjacent words (Python's address parser adds a space between
    # them, a known fault of its own, so it is not the judge here).
    assert str(make_header(decode_header(name_part))) == LONG_NAME
    (message,) = smtp_server.messages()
    subject_words = WORD.findall(headers["Subject"])
    assert all(
        starts_cleanly(str(make_header(decode_header(f"=?utf-8?b?{w}?=")))) for w in subject_words
    )
    assert message["Subject"] == str(make_header(decode_header(headers["Subject"])))


def test_clusters_keep_marks_and_leading_vowels_with_their_consonant():
    assert clusters("สำนักงานเขต") == ["สำ", "นั", "ก", "ง", "า", "น", "เข", "ต"]
    assert clusters("พื้นที่") == ["พื้", "น", "ที่"]
    assert encode_words("Sujarit") == "Sujarit"


def test_a_paragraph_longer_than_an_smtp_line_arrives_whole(app, office, queue_email,
                                                             smtp_server):
    """aiosmtpd, like other servers, refuses a line over 998 bytes with 500."""
    paragraph = "ผู้ปกครองแจ้งว่ารถรับส่งนักเรียนมาสายทุกเช้า " * 40  # about 5,000 bytes
    delivery = queue_email("somsri@example.org")
    delivery.body_text = f"เรียน ท่านผู้แจ้ง\n{paragraph}\n"
    delivery.body_html = f"<p>{paragraph}</p>"
    db.session.commit()

    assert run_once() == 1

    box = mailbox.Maildir(smtp_server.maildir, factory=None, create=False)
    (key,) = box.keys()
    raw = box.get_bytes(key)
    assert max(len(line) for line in raw.splitlines()) <= 998
    (message,) = smtp_server.messages()
    assert message.get_body(("plain",)).get_content() == f"เรียน ท่านผู้แจ้ง\n{paragraph}\n"
    assert paragraph in message.get_body(("html",)).get_content()
    db.session.refresh(delivery)
    assert delivery.status.value == "sent"
