"""The privacy check of a public text: what in it may identify a person.

It runs on every save of a draft and again at approval, and names each finding so the author
can fix it: Thai personal names (after a title such as นาย, นางสาว, ด.ญ., ครู, ผอ., after a
kinship word, or a given name and surname from PyThaiNLP's lists), phone numbers and national
IDs in any spelling, e-mail addresses (also "[at] … [dot]"), LINE IDs in any word order and
@handles, links other than the office's own or a government site (.go.th; on Facebook or
LINE only the office's own Page), a pupil's class, room and roll number, house
addresses, vehicle plates, and what the case itself knows: the reporter's name, phone, e-mail
and LINE ID and the respondent's name. It finds; it never rewrites the text.

What the office publishes itself is no finding: its phone, e-mail, LINE and Page, and the
places of its gazetteer (a title inside ตำบลนางัว is no one's). The detectors live in
:mod:`portal.publishing.pii`, one module per kind of data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from portal.publishing.pii.addresses import find_addresses, find_plates
from portal.publishing.pii.contacts import find_emails, find_line_ids, find_links
from portal.publishing.pii.gazetteer import Gazetteer, default_gazetteer
from portal.publishing.pii.known import find_known
from portal.publishing.pii.names import find_names
from portal.publishing.pii.names_data import NOT_NAMES, TITLES
from portal.publishing.pii.numbers import (
    find_numbers,
    find_spelled_numbers,
    is_phone_number,
    national_id_valid,
)
from portal.publishing.pii.pupils import find_pupils
from portal.publishing.pii.text import THAI, THAI_DIGITS, Finding, Hit, digits_of, normalise

__all__ = ["KINDS", "NOT_NAMES", "THAI", "THAI_DIGITS", "TITLES", "Finding", "KnownPeople",
           "check_text", "is_phone_number", "load_reference_data", "national_id_valid"]

KINDS = ("person_name", "phone", "national_id", "email", "line_id", "url", "class_roll",
         "student_id", "address", "vehicle_plate", "reporter_name", "reporter_phone",
         "reporter_email", "reporter_line_id", "respondent_name")
# Kinds the office's own published contacts could be found as.
_CONTACT_KINDS = {"phone", "email", "line_id"}


@dataclass
class KnownPeople:
    """What the case knows about its people, to be looked for in the text, and what the office
    publishes itself (its hosts, contacts and places), to be left alone."""

    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    reporter_line_id: str = ""
    respondent: str = ""
    allowed_hosts: set[str] = field(default_factory=set)
    office_contacts: set[str] = field(default_factory=set)
    places: Gazetteer | None = None


def check_text(text: str, known: KnownPeople | None = None) -> list[Finding]:
    """Every finding in ``text``, sorted, each once."""
    known = known or KnownPeople()
    plain = normalise(text)  # one character for one: positions stay the same
    hits = [h for h in _hits(plain, known) if h.end > h.start]
    own = {_contact_key(kind, c) for c in known.office_contacts for kind in _CONTACT_KINDS} - {""}
    hits = [h for h in hits if h.kind not in _CONTACT_KINDS
            or _contact_key(h.kind, plain[h.start:h.end]) not in own]
    return sorted({Finding(h.kind, text[h.start:h.end]) for h in _merged(hits)})


def load_reference_data() -> None:
    """Load the name lists, the dictionary and the country's gazetteer now (about 0.3 s) rather
    than in the first check."""
    check_text("นายสมชาย ใจดี ลุงคำพันแจ้งว่า สุนีย์ แก้วมณี ตำบลนาทม")


def _hits(plain: str, known: KnownPeople) -> Iterable[Hit]:
    places = known.places or default_gazetteer()
    yield from find_names(plain, places)
    yield from find_numbers(plain)
    yield from find_spelled_numbers(plain)
    yield from find_emails(plain)
    yield from find_line_ids(plain)
    yield from find_links(plain, known.allowed_hosts, known.office_contacts)
    yield from find_pupils(plain)
    yield from find_addresses(plain, places)
    yield from find_plates(plain)
    yield from find_known(plain, known.reporter_name, known.reporter_phone,
                          known.reporter_email, known.reporter_line_id, known.respondent)


def _merged(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits of one kind as one (นายสมชาย and สมชาย ใจดี: นายสมชาย ใจดี)."""
    merged: list[Hit] = []
    for each in sorted(hits, key=lambda h: (h.kind, h.start, -h.end)):
        last = merged[-1] if merged else None
        if last and last.kind == each.kind and each.start < last.end:
            merged[-1] = Hit(last.kind, last.start, max(last.end, each.end))
        else:
            merged.append(each)
    return merged


def _contact_key(kind: str, value: str) -> str:
    """A contact reduced to what identifies it: a phone's last nine digits, an address's or
    LINE ID's letters and digits (without "LINE ID:", "[at]", "[dot]")."""
    if kind == "phone":
        digits = digits_of(value)
        return "phone:" + digits[-9:] if len(digits) >= 9 else ""
    value = value.casefold()
    if kind == "line_id":
        value = re.split(r"[\s:：=]", value.strip())[-1]
    value = re.sub(r"[\[({<]\s*(?:at|dot)\s*[\])}>]|\b(?:at|dot)\b|แอท|ดอท|จุด", "", value)
    value = re.sub(r"[^a-z0-9]", "", value)
    return "contact:" + value if len(value) >= 3 else ""
