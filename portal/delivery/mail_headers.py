"""RFC 2047 encoded words that never cut a Thai character cluster in two.

Python's ``email.header.Header`` splits a long name every so many bytes, wherever that
falls: between a consonant and its vowel or tone mark ("ส|ำ"). Mail programs decode each
encoded word on its own and some draw a loose mark on a dotted circle, so the office's
name in From arrives broken. Here every word holds whole clusters: a base character with
the marks that sit on it, and a leading vowel (เ แ โ ใ ไ) with the consonant after it.
"""

from __future__ import annotations

import base64
import unicodedata

# "=?utf-8?b?" + base64 + "?=" stays within RFC 2047's 75 characters with 45 bytes.
WORD_BYTES = 45
LEADING_VOWELS = frozenset("เแโใไ")
SARA_AM = "ำ"  # a spacing vowel (category Lo) that still attaches to the consonant before


def clusters(text: str) -> list[str]:
    """``text`` as clusters: a character with the marks that follow it."""
    found: list[str] = []
    for char in text:
        attaches = unicodedata.category(char) in ("Mn", "Mc", "Me") or char == SARA_AM
        if found and (attaches or found[-1][-1] in LEADING_VOWELS):
            found[-1] += char
        else:
            found.append(char)
    return found


def encode_words(text: str) -> str:
    """``text`` as space-separated ``=?utf-8?b?…?=`` words of whole clusters (ASCII as is)."""
    if text.isascii():
        return text
    words: list[bytes] = []
    current = b""
    for cluster in clusters(text):
        data = cluster.encode("utf-8")
        if current and len(current) + len(data) > WORD_BYTES:
            words.append(current)
            current = b""
        current += data
    if current:
        words.append(current)
    return " ".join(f"=?utf-8?b?{base64.b64encode(w).decode('ascii')}?=" for w in words)


def encode_address(name: str, address: str) -> str:
    """A From or To value: the encoded display name and the address."""
    if not name:
        return address
    if name.isascii():
        escaped = name.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}" <{address}>'
    return f"{encode_words(name)} <{address}>"
