"""Links an administrator types for others to follow: absolute https, or a path on this site.

A browser reads ``\\`` as ``/`` and drops tabs and newlines inside an address, so ``/\\evil``
or ``/<tab>/evil`` becomes ``//evil``: another site. Such a link is refused when typed and not
made a link when an older row still holds one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_LENGTH = 2000


def is_site_or_https_link(url: str | None) -> bool:
    """``/path…`` on this site (not ``//``) or ``https://host…``; no backslash, space or control."""
    if not url or len(url) > MAX_LENGTH or "\\" in url:
        return False
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return False
    if url.startswith("/"):
        return not url.startswith("//")
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return url[:8].lower() == "https://" and bool(parts.hostname)


def site_link(url: str | None) -> str:
    """The Jinja filter: ``url`` when it is safe to put in an ``href``, else empty."""
    return url if is_site_or_https_link(url) else ""
