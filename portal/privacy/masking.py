"""Masking personal data inside case text, with the publishing privacy check's detectors."""

from __future__ import annotations

from portal.publishing.privacy import KnownPeople, check_text

MASK = "[ปกปิด]"


def mask_text(text: str, known: KnownPeople | None = None) -> str:
    """``text`` with every name, number, contact, address … it holds replaced by ``MASK``."""
    if not text or not text.strip():
        return text
    found = {f.text for f in check_text(text, known) if f.text.strip()}
    # Longest first, so that a name inside a longer finding does not break the longer one.
    for piece in sorted(found, key=len, reverse=True):
        text = text.replace(piece, MASK)
    return text
