"""Thai text that wraps only between words: each word in a no-wrap span (PyThaiNLP's newmm).

Thai has no spaces between words, and browsers and Pango break it by their own dictionaries,
which split compounds ("ประพฤติมิ / ชอบ", "…ประถม / ศึกษานครพนม"). Keeping each word whole
leaves breaks only where a reader expects them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from html import unescape as html_unescape

from markupsafe import Markup, escape

THAI = re.compile("[\u0e00-\u0e7f]")
# Text between tags of a table cell or caption, in markup made by our own templates.
CELL_TEXT = re.compile(r"(<(?:th|td|caption)\b[^>]*>)([^<]+)(?=</(?:th|td|caption)>)")


# Between two words: a break opportunity (renderers see none between no-wrap spans). Pages
# take ``<wbr>``; the PDF takes ZERO WIDTH SPACE, which breaks the same in WeasyPrint and is
# one element fewer a word for it to lay out (about a quarter of a report's layout time); it
# draws no glyph, so the text layer reads as before.
WORD_BREAK = Markup("<wbr>")
PRINT_WORD_BREAK = Markup("\u200b")


# Which words of a cell (by index) a renderer would otherwise break inside; None: every one.
BreaksInside = Callable[[tuple[str, ...]], frozenset[int]]


def load_dictionary() -> None:
    """Build PyThaiNLP's word dictionary now rather than for the first Thai page (62,000
    words, 0.4–1 s of CPU measured here): gunicorn's master builds it once for all the
    workers it forks."""
    from pythainlp.tokenize import word_dict_trie

    word_dict_trie()


@lru_cache(maxsize=4096)
def thai_words(text: str, word_break: Markup = WORD_BREAK,
               breaks_inside: BreaksInside | None = None) -> Markup:
    """``text`` escaped, each Thai word of two letters or more in ``<span class="nobr">``,
    ``word_break`` between words. With ``breaks_inside``, only the words it names get a span:
    a renderer that would break no other word needs no span (an element) for them."""
    if not THAI.search(text or ""):
        return escape(text)
    from pythainlp.tokenize import word_tokenize

    words = tuple(word_tokenize(text, engine="newmm", keep_whitespace=True))
    kept = breaks_inside(words) if breaks_inside is not None else range(len(words))
    parts = []
    for i, word in enumerate(words):
        if i in kept and len(word) > 1 and THAI.search(word):
            parts.append(Markup('<span class="nobr">%s</span>') % word)
        else:
            parts.append(escape(word))
    return word_break.join(parts)


def keep_cell_words(markup: str, word_break: Markup = WORD_BREAK,
                    breaks_inside: BreaksInside | None = None) -> str:
    """Each table cell's and caption's plain text in ``markup`` with its words kept whole."""
    return CELL_TEXT.sub(
        lambda m: m[1] + str(thai_words(html_unescape(m[2]), word_break, breaks_inside)),
        markup,
    )
