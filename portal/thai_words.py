"""Thai text that wraps only between words: each word in a no-wrap span (PyThaiNLP's newmm).

Thai has no spaces between words, and browsers and Pango break it by their own dictionaries,
which split compounds ("ประพฤติมิ / ชอบ", "…ประถม / ศึกษานครพนม"). Keeping each word whole
leaves breaks only where a reader expects them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape as html_unescape

from markupsafe import Markup, escape

THAI = re.compile("[\u0e00-\u0e7f]")
# Text between tags of a table cell or caption, in markup made by our own templates.
CELL_TEXT = re.compile(r"(<(?:th|td|caption)\b[^>]*>)([^<]+)(?=</(?:th|td|caption)>)")


@lru_cache(maxsize=4096)
def thai_words(text: str) -> Markup:
    """``text`` escaped, each Thai word of two letters or more in ``<span class="nobr">``,
    ``<wbr>`` between words."""
    if not THAI.search(text or ""):
        return escape(text)
    from pythainlp.tokenize import word_tokenize

    parts = []
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        if len(word) > 1 and THAI.search(word):
            parts.append(Markup('<span class="nobr">%s</span>') % word)
        else:
            parts.append(escape(word))
    # A break opportunity between two words (renderers see none between no-wrap spans).
    return Markup("<wbr>").join(parts)


def keep_cell_words(markup: str) -> str:
    """Each table cell's and caption's plain text in ``markup`` with its words kept whole."""
    return CELL_TEXT.sub(lambda m: m[1] + str(thai_words(html_unescape(m[2]))), markup)
