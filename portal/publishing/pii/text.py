"""What every detector shares: the normalised text, a hit's span, Thai letter classes."""

from __future__ import annotations

import re
from dataclasses import dataclass

THAI = "\u0e01-\u0e4e"  # letters, vowels and marks: Python's \w splits Thai at marks
CONSONANT = "\u0e01-\u0e2e"  # ก–ฮ
NOT_THAI_BEFORE = "(?<![\u0e01-\u0e4e])"
NOT_THAI_AFTER = "(?![\u0e01-\u0e4e])"
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# One character for one, so a position in the normalised text is a position in the draft:
# Thai and full-width digits, full-width @ and dots, no-break and thin spaces.
_ONE_FOR_ONE = str.maketrans({
    **{chr(0x0E50 + i): str(i) for i in range(10)},
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    "\uff20": "@", "\uff0e": ".", "\u3002": ".", "\uff1a": ":", "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "\u2013": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
})


@dataclass(frozen=True, order=True)
class Finding:
    """One thing found: its kind (see ``KINDS`` in privacy) and the text as the draft has it."""

    kind: str
    text: str


@dataclass(frozen=True)
class Hit:
    """A finding while the check runs: its kind and where it stands in the text."""

    kind: str
    start: int
    end: int

    def overlaps(self, other: Hit) -> bool:
        return self.start < other.end and other.start < self.end


def normalise(text: str) -> str:
    """The text with Arabic digits and plain punctuation, each character kept in place."""
    return text.translate(_ONE_FOR_ONE)


def digits_of(text: str) -> str:
    return re.sub(r"\D", "", text.translate(THAI_DIGITS))


def hit(kind: str, match: re.Match[str], group: int | str = 0) -> Hit:
    """The span of ``group`` in ``match``, stripped of the spaces and brackets around it."""
    start, end = match.span(group)
    text = match.string
    while start < end and text[start] in " \t\n.-():,":
        start += 1
    while end > start and text[end - 1] in " \t\n.-(),:;":
        end -= 1
    return Hit(kind, start, end)
