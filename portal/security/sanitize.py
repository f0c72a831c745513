"""Limited rich text (staff replies): the only place that imports bleach.

Staff may format a public reply with paragraphs, line breaks, bold, italics, lists and links;
everything else is removed. Links may only point to http, https or mailto and always carry
``rel="nofollow noopener"``. Store the cleaned HTML; clean again when showing it
(:func:`safe_html`), so a row written by anything else can never inject markup.
"""

from __future__ import annotations

import re
from functools import partial
from html import unescape

import bleach
from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner
from markupsafe import Markup

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
