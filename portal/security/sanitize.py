"""Text shown as HTML: the only place that imports bleach.

Every text people write (staff replies, the reporter's messages, notes, templates) is plain
text, stored as typed and shown by :func:`text_to_html`: escaped first, paragraphs at blank
lines, line breaks kept, and web addresses made links (http and https only, always with
``rel="nofollow noopener"``). :func:`clean_html` and :func:`safe_html` remain for limited
rich text from elsewhere; :func:`html_to_plain_text` turns the HTML replies of older
versions into plain text (see the migration that does so).
"""

from __future__ import annotations

import re
from functools import partial
from html import unescape

import bleach
from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner
from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a"})
ALLOWED_ATTRIBUTES = {"a": ["href"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"

# bleach keeps the text of a removed element; for these the text is code, not prose.
_DROPPED_WITH_CONTENT = re.compile(
    r"<(script|style|template|noscript|iframe|object|textarea)\b.*?</\1\s*>", re.I | re.S
)

_ABSOLUTE_LINK = re.compile(r"(https?://|mailto:)\S", re.I)


def _link_attributes(attrs: dict, new: bool = False) -> dict | None:
    """Every surviving link gets ``rel``; a link whose href was removed becomes plain text."""
    href = (attrs.get((None, "href")) or "").strip()
    if not _ABSOLUTE_LINK.match(href):
        return None  # removed as unsafe, or relative: only http, https and mailto remain
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = Cleaner(
    tags=ALLOWED_TAGS,
    attributes={**ALLOWED_ATTRIBUTES, "a": ["href", "rel"]},
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_link_attributes], skip_tags={"pre"})],
)


def clean_html(html: str) -> str:
    """``html`` reduced to the allowed tags, attributes and link protocols."""
    if not html:
        return ""
    return _cleaner.clean(_DROPPED_WITH_CONTENT.sub("", html)).strip()


def safe_html(html: str | None) -> Markup:
    """Cleaned HTML marked safe for a template (cleans again: defence in depth)."""
    return Markup(clean_html(html or ""))  # noqa: S704 - cleaned by bleach just above


def html_to_text(html: str) -> str:
    """The words of ``html`` without any markup, e.g. to check a reply is not empty."""
    text = bleach.clean(_DROPPED_WITH_CONTENT.sub("", html or ""), tags=set(), strip=True)
    return re.sub(r"\s+", " ", unescape(text)).strip()


_linker = bleach.Linker(callbacks=[_link_attributes], parse_email=False)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def text_to_html(text: str | None) -> Markup:
    """Plain text as safe HTML: escaped, ``<p>`` per paragraph, ``<br>`` per line, links."""
    if not text or not text.strip():
        return Markup("")
    paragraphs = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip())
    # linkify only adds <a> to text that is already escaped; it never sees a tag of ours.
    html = "\n".join(
        "<p>" + _linker.linkify(str(escape(p))).replace("\n", "<br>\n") + "</p>"
        for p in paragraphs
    )
    return Markup(html)  # noqa: S704 - escaped above, only links added


def html_to_plain_text(html: str) -> str:
    """HTML written by older versions as the plain text it stood for.

    Paragraphs become blank lines, ``<br>`` a new line, list items "- " lines, and a link
    whose text is not its address keeps the address in brackets.
    """
    def link(match: re.Match) -> str:
        href, words = unescape(match.group(1)), match.group(2)
        return words if html_to_text(words) == href else f"{words} ({href})"

    text = _DROPPED_WITH_CONTENT.sub("", html or "")
    text = re.sub(r"<a\s[^>]*?href=\"([^\"]*)\"[^>]*>(.*?)</a\s*>", link, text, flags=re.I | re.S)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</p\s*>|</[ou]l\s*>", "\n\n", text, flags=re.I)
    text = re.sub(r"<li\b[^>]*>", "\n- ", text, flags=re.I)
    text = unescape(bleach.clean(text, tags=set(), strip=True))
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
