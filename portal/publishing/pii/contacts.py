"""E-mail addresses (also written "somchai [at] gmail [dot] com"), LINE IDs in any word order,
@handles, and links other than the office's own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from portal.publishing.pii.text import Hit, hit

_LOCAL = r"[A-Za-z0-9][A-Za-z0-9._%+\-]*"
EMAIL = re.compile(rf"{_LOCAL}@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{{2,}}")
# The @ and the dots spelled out or bracketed: [at] (at) {at} " at " แอท; [dot] " dot " ดอท จุด.
_AT = r"(?:\s*[\[({<]\s*(?:at|@|แอท)\s*[\])}>]\s*|\s+(?:at|แอท|แอด)\s+|\s*แอท\s*|\s+@\s*|\s*@\s+)"
_DOT = (r"(?:\s*[\[({<]\s*(?:dot|\.|ดอท|จุด)\s*[\])}>]\s*|\s+(?:dot|ดอท|จุด)\s+"
        r"|\s*(?:ดอท|จุด)\s*|\s*\.\s*)")
OBFUSCATED_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+\-]){_LOCAL}{_AT}[A-Za-z0-9\-]+(?:{_DOT}[A-Za-z0-9\-]+)*?"
    rf"{_DOT}(?:com|net|org|co|ac|go|or|in|th|me|io|info|edu|gov|mail)\b"
    rf"(?:{_DOT}(?:th|uk|jp|la|vn)\b)?",
    re.IGNORECASE,
)
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()]+|\b(?:facebook|fb|line|m\.facebook)\."
                 r"(?:com|me)/[^\s<>\"'()]+", re.IGNORECASE)
# Sites where a host names everybody: only the office's own address there is allowed.
SOCIAL_HOSTS = ("facebook.com", "fb.com", "fb.me", "line.me", "instagram.com", "tiktok.com",
                "x.com", "twitter.com", "youtube.com", "m.me")

# Thai government sites (obec.go.th, the ministry, the province) name no private person.
GOVERNMENT = (".go.th",)

# What introduces a LINE ID, in Thai or English, in either order of "LINE" and "ID".
_LINE_WORD = r"(?:line|ไลน์|ไลน|ไลท์)"
_ID_WORD = r"(?:id|ไอดี|ไอ ดี)"
_LINE_KEY = (rf"(?:{_ID_WORD}\s*{_LINE_WORD}|{_LINE_WORD}\s*{_ID_WORD}|แอด\s*{_LINE_WORD}"
             rf"|{_LINE_WORD})")
_LINKER = r"(?:\s*(?:[:：=]|คือ|ชื่อ|เป็น|ของ(?:ผู้ปกครอง|ผู้แจ้ง|ครู|นักเรียน)?|ที่|ว่า))*"
_HANDLE = r"(?P<id>@?[A-Za-z0-9][A-Za-z0-9._\-]{2,29})"
LINE_AFTER = re.compile(rf"(?<![A-Za-z])(?<!ออน){_LINE_KEY}{_LINKER}\s*{_HANDLE}"
                        r"(?![A-Za-z0-9@]|:/)",
                        re.IGNORECASE)
# "somchai99 (ไลน์)", "tukta.s คือไอดีไลน์": an ID-like word (digits, _ . -), or any word in
# brackets or with คือ/เป็น, before a LINE word that does not itself introduce the next ID.
_ID_LIKE = r"(?P<id>@?[A-Za-z0-9]*[0-9_.\-@][A-Za-z0-9._\-]*)"
_HANDLE2 = _HANDLE.replace("?P<id>", "?P<word>")
LINE_BEFORE = re.compile(
    rf"(?<![A-Za-z0-9._\-@])(?:{_ID_LIKE}\s*(?:\(|（|คือ|เป็น)?|{_HANDLE2}\s*(?:\(|（|คือ|เป็น))"
    rf"\s*(?:คือ|เป็น)?\s*{_LINE_KEY}(?![A-Za-z])(?!\s*[:：=])", re.IGNORECASE)
HANDLE = re.compile(r"(?<![A-Za-z0-9._%+\-])@[A-Za-z0-9][A-Za-z0-9._\-]{2,29}(?![A-Za-z0-9@])")
# Words after "LINE" that are no one's ID.
_NOT_IDS = {"official", "oa", "notify", "group", "app", "application", "messaging", "api",
            "account", "chat", "call", "pay", "man", "today", "login", "the", "and", "for",
            "id", "line", "open", "openchat", "sticker", "stickers", "ads", "bot", "shopping",
            "facebook", "fb", "page", "email", "e-mail", "mail", "website", "web", "messenger",
            "youtube", "tiktok", "instagram", "twitter", "sms", "www", "qr", "code", "http",
            "https", "online"}


def find_emails(text: str) -> Iterator[Hit]:
    for match in EMAIL.finditer(text):
        yield hit("email", match)
    for match in OBFUSCATED_EMAIL.finditer(text):
        if "@" not in match.group(0) or re.search(r"\s|\[|\(", match.group(0)):
            yield hit("email", match)


def find_line_ids(text: str) -> Iterator[Hit]:
    """A LINE ID after or before the word LINE (ไลน์, ไอดีไลน์, LINE ID: …), or an @handle."""
    for pattern in (LINE_AFTER, LINE_BEFORE):
        for match in pattern.finditer(text):
            handle = (match.group("id") or match.group("word")).lstrip("@").casefold()
            if handle not in _NOT_IDS and not handle.isdigit():
                yield hit("line_id", match)
    for match in HANDLE.finditer(text):
        if match.group(0)[1:].casefold() not in _NOT_IDS:
            yield hit("line_id", match)


def find_links(text: str, allowed_hosts: set[str], allowed_urls: set[str]) -> Iterator[Hit]:
    """Links to anywhere but the office's own hosts and pages (and the posts on its Page)."""
    hosts = {h.lower().removeprefix("www.") for h in allowed_hosts}
    pages = {_page(u) for u in allowed_urls if u}
    for match in URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        host = (urlsplit(url if "://" in url else "http://" + url).hostname or "").lower()
        host = host.removeprefix("www.").removeprefix("m.")
        social = any(host == h or host.endswith("." + h) for h in SOCIAL_HOSTS)
        page = _page(url)
        own = any(page == p or page.startswith(p + "/") for p in pages)
        if own or (host in hosts and not social) or host.endswith(GOVERNMENT):
            continue
        start = match.start()
        yield Hit("url", start, start + len(url))


def _page(url: str) -> str:
    """A link reduced to host and path, to compare the office's own page with a draft's."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    return f"{host}{parts.path.rstrip('/')}".casefold()
