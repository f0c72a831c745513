"""Thai text, digits, dates and phone numbers as people type them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import phonenumbers

THAI_CHAR = "\u0e00-\u0e7f"
# Python's \w splits Thai words at vowel and tone marks, so Thai is matched by its block.
LETTER_RE = re.compile(rf"[{THAI_CHAR}A-Za-z]")
NAME_RE = re.compile(rf"^[{THAI_CHAR}A-Za-z][{THAI_CHAR}A-Za-z .'\-()]*$")
LINE_ID_RE = re.compile(r"^@?[a-z0-9._\-]{4,20}$")
_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
MIN_BE_YEAR = 2400  # a year this large, typed by a person, is Buddhist era


def arabic_digits(text: str) -> str:
    """Thai digits (๐–๙) as Arabic digits; people type both."""
    return text.translate(_ARABIC)


def clean_text(text: str | None, *, multiline: bool = False) -> str:
    """NFC, no control or bidi characters, trimmed; single line unless ``multiline``."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if multiline:
        lines = [line.rstrip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return re.sub(r"\s+", " ", text).strip()


def letter_count(text: str) -> int:
    return len(LETTER_RE.findall(text))


def parse_date(text: str | None, today: date | None = None) -> date | None:
    """``2026-11-24``, ``24/11/2569``, ``๒๔/๑๑/๒๕๖๙``, ``24-11-2026`` or ``24112569`` as a date.

    Eight digits alone (day, month, year) are what an iPhone's numeric keypad can type: it
    has no ``/``, ``.`` or ``-``. Raises ValueError for text that is not a real date.
    """
    text = arabic_digits(clean_text(text))
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = (re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
                 or re.fullmatch(r"(\d{2})(\d{2})(\d{4})", text))
        if not match:
            raise ValueError(text)
        day, month, year = (int(g) for g in match.groups())
    if year >= MIN_BE_YEAR:
        year -= 543
    return date(year, month, day)


def normalise_phone(text: str) -> str | None:
    """A Thai mobile or landline number formatted for display, or None if invalid.

    Mobile numbers are 10 digits starting 06, 08 or 09; landlines 9 digits starting 02–07.
    """
    digits = re.sub(r"[\s\-().]", "", arabic_digits(text))
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    if not re.fullmatch(r"0\d{8,9}", digits):
        return None
    try:
        number = phonenumbers.parse(digits, "TH")
    except phonenumbers.NumberParseException:
        return None
    kind = phonenumbers.number_type(number)
    mobile = len(digits) == 10 and digits[:2] in {"06", "08", "09"}
    allowed = {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
    if not phonenumbers.is_valid_number(number) or kind not in allowed:
        return None
    if mobile:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 9:
        return f"{digits[:2]}-{digits[2:5]}-{digits[5:]}" if digits[1] == "2" else (
            f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
        )
    return None
