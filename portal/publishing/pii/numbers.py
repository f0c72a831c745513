"""Phone numbers and national IDs in any spelling: Thai or Arabic digits, spaces, dashes,
dots, +66, or the digits written out as Thai words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from portal.publishing.pii.text import Hit, digits_of, hit

# A run of digits with the separators people type inside phone numbers and IDs.
NUMBER_RUN = re.compile(r"(?<![\d])\+?\(?\d(?:[\d \t.\-()]{6,24})\d(?![\d])")
# Grouped like the card prints it (1-2345-67890-12-3): an ID even if a digit was mistyped.
_CARD_GROUPS = re.compile(r"^\d[ -]\d{4}[ -]\d{5}[ -]\d{2}[ -]\d$")
# After these words a 13-digit number is an ID whatever its check digit.
_ID_WORDS = re.compile(r"(?:บัตรประ(?:จำตัว)?ชาชน|เลขประจำตัว(?:ประชาชน)?|เลขบัตร|ID card)\s*"
                       r"(?:เลขที่|หมายเลข|คือ)?\s*[:：]?\s*$", re.IGNORECASE)
# Digits written out in Thai words: "ศูนย์แปดหนึ่ง…" (สอง, not ส, so no word hides a digit).
DIGIT_WORDS = {"ศูนย์": "0", "หนึ่ง": "1", "สอง": "2", "สาม": "3", "สี่": "4", "ห้า": "5",
               "หก": "6", "เจ็ด": "7", "แปด": "8", "เก้า": "9", "โท": "2"}
_DIGIT_WORD = "|".join(sorted(DIGIT_WORDS, key=len, reverse=True))
_SPELLED = re.compile(rf"(?:(?:{_DIGIT_WORD})[\s\-]?){{9,13}}")
_WORD = re.compile(_DIGIT_WORD)


def national_id_valid(digits: str) -> bool:
    """The check digit of a 13-digit Thai national ID: (11 − Σ dᵢ·(14−i) mod 11) mod 10."""
    if len(digits) != 13 or not digits.isdecimal():  # Thai digits too; never "²"
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def is_phone_number(digits: str) -> bool:
    """Thai numbers: mobile 06/08/09 + 8 digits, landline 02–07 + 7 digits, or +66 for 0
    (also +66 (0))."""
    if digits.startswith("660") and len(digits) in (11, 12):  # +66 (0)81 …
        digits = digits[2:]
    elif digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    if len(digits) == 10:
        return digits[0] == "0" and digits[1] in "689"
    return len(digits) == 9 and digits[0] == "0" and digits[1] in "234567"


def find_numbers(text: str) -> Iterator[Hit]:
    """Phone numbers and national IDs among the digit runs of ``text``."""
    for match in NUMBER_RUN.finditer(text):
        found = hit("phone", match)
        raw = text[found.start:found.end]
        digits = digits_of(raw)
        if _is_national_id(digits, raw, text[:found.start]):
            yield Hit("national_id", found.start, found.end)
        elif is_phone_number(digits) and (raw[0] in "0+" or digits.startswith("66")):
            yield found
        else:
            yield from _side_by_side(text, found)


def _is_national_id(digits: str, raw: str, before: str) -> bool:
    if len(digits) != 13 or digits[0] == "0":  # 0…: a company's tax number, not a person's
        return False
    return (national_id_valid(digits) or bool(_CARD_GROUPS.match(raw))
            or bool(_ID_WORDS.search(before[-40:])))


def _side_by_side(text: str, run: Hit) -> Iterator[Hit]:
    """Two numbers in one run ("โทร 081 234 5678 หรือ 042 511 234"): each on its own."""
    raw = text[run.start:run.end]
    at = 0
    for part in re.split(r"(\s{2,}|\s(?=0))", raw):
        stripped = part.strip(" .-()")
        if (part.strip() and part != raw and stripped.startswith("0")
                and is_phone_number(digits_of(stripped))):
            start = run.start + at + part.index(stripped)
            yield Hit("phone", start, start + len(stripped))
        at += len(part)


def find_spelled_numbers(text: str) -> Iterator[Hit]:
    """Phone numbers and IDs written as Thai number words."""
    for match in _SPELLED.finditer(text):
        digits = "".join(DIGIT_WORDS[w] for w in _WORD.findall(match.group(0)))
        if is_phone_number(digits):
            yield hit("phone", match)
        elif national_id_valid(digits):
            yield hit("national_id", match)
