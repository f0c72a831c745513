"""Whole numbers from text that came from outside: URLs, forms, cookies, chat, other services."""

from __future__ import annotations


def plain_int(text: str | None, max_digits: int = 18) -> int | None:
    """The number ``text`` spells in ASCII digits 0-9 (at most ``max_digits``), else None.

    ``str.isdigit()`` is not the test for this: it also accepts superscripts and other digit
    characters that ``int()`` refuses ("²"), which turned a hostile query string into a 500.
    """
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)
