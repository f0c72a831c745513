"""Only the portal's own host names are served; any other Host header is refused with 400.

Links that leave the site (password reset, tracking, QR codes) come from PORTAL_BASE_URL, and
the office is chosen by host name, so a forged ``Host: evil.example`` must never get as far as
a view. The trusted names are PORTAL_BASE_URL's host, PORTAL_TRUSTED_HOSTS, and every office's
``hostname`` (looked up in the database, remembered for a few minutes); the demo also answers
on localhost.

This runs as WSGI middleware in front of Flask rather than as Flask's ``TRUSTED_HOSTS``: Flask
refuses such a host while building the URL adapter, and the error page that follows cannot
build a single URL (nor can it for a host label over 63 characters, which IDNA refuses), so
its own 500 page failed too. Here the refusal is a self-contained page that needs nothing.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
import time
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from portal.numbers import plain_int

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
REMEMBER_SECONDS = 300  # an office's host name, once found, is trusted this long without a query
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")

# The pages below stand alone (nothing else can be fetched from a refused host): their one
# style is allowed by its hash, the fonts are the device's own.
STYLE = ("body{font-family:Sarabun,Tahoma,'Noto Sans Thai','Leelawadee UI',sans-serif;"
         "max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1b1f24}"
         "h1{font-size:1.5rem}")
STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
_HEAD = ("<meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         f"<style>{STYLE}</style>")
REFUSED_PAGE = (
    "<!doctype html><html lang=\"th\"><head>" + _HEAD +
    "<title>คำขอไม่ถูกต้อง · สุจริต</title></head><body><main>"
    "<h1>คำขอไม่ถูกต้อง</h1>"
    "<p>ชื่อเว็บไซต์ที่ใช้เข้ามาไม่ใช่ของระบบนี้ "
    "กรุณาเข้าผ่านที่อยู่เว็บไซต์ที่สำนักงานเขตพื้นที่การศึกษาประกาศไว้</p>"
    "<p lang=\"en\">Bad request: this host name is not served here. "
    "Please use the address the office publishes.</p>"
    "</main></body></html>"
).encode()
UNAVAILABLE_PAGE = (
    "<!doctype html><html lang=\"th\"><head>" + _HEAD +
    "<title>ระบบไม่พร้อมให้บริการชั่วคราว · สุจริต</title></head><body><main>"
    "<h1>ระบบไม่พร้อมให้บริการชั่วคราว</h1><p>กรุณาลองใหม่อีกครั้งในอีกสักครู่</p>"
    "<p lang=\"en\">The service is briefly unavailable. Please try again shortly.</p>"
    "</main></body></html>"
).encode()


def host_name(header: str | None) -> str | None:
    """The lower-case host name (no port) of a Host header, or None when it is malformed.

    Names follow RFC 1123 (labels of 1–63 letters, digits and inner hyphens, 253 in all);
    IPv4 and bracketed IPv6 literals are accepted; a port must be 1–65535.
    """
    text = (header or "").strip().lower()
    if not text or len(text) > 260:
        return None
    if text.startswith("["):
        literal, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not _valid_port(rest.removeprefix(":"), rest)):
            return None
        try:
            return str(ipaddress.IPv6Address(literal))
        except ValueError:
            return None
    name, colon, port = text.partition(":")
    if colon and not _valid_port(port, colon + port):
        return None
    name = name.removesuffix(".")
    if not name or len(name) > 253:
        return None
    return name if all(_LABEL.match(label) for label in name.split(".")) else None


def _valid_port(port: str, raw: str) -> bool:
    number = plain_int(port, max_digits=5)
    return raw.startswith(":") and number is not None and 0 < number < 65536


def configured_hosts(config) -> frozenset[str]:
    """The host names trusted by configuration alone (no database)."""
    names: set[str] = set()
    base = config.get("PORTAL_BASE_URL")
    if base and urlsplit(base).hostname:
        names.add(urlsplit(base).hostname.lower())
    extra = config.get("PORTAL_TRUSTED_HOSTS") or []
    if isinstance(extra, str):
        extra = extra.split(",")
    names.update(h.strip().lower() for h in extra if h.strip())
    if config.get("PORTAL_DEMO") or not base:
        names.update(LOCAL_HOSTS)
    return frozenset(names)


class HostGuard:
    """WSGI middleware: a request whose Host is not one of ours never reaches Flask."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.static = configured_hosts(app.config)
        self.offices: dict[str, float] = {}  # office host name -> trusted until

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        host = host_name(environ.get("HTTP_HOST"))
        try:
            allowed = host is not None and self.allowed(host)
        except SQLAlchemyError:
            self.app.logger.exception("host check: database unavailable")
            return _answer(start_response, "503 Service Unavailable", UNAVAILABLE_PAGE)
        if not allowed:
            return _answer(start_response, "400 Bad Request", REFUSED_PAGE)
        return self.wsgi_app(environ, start_response)

    def allowed(self, host: str) -> bool:
        if host in self.static or self.offices.get(host, 0) > time.monotonic():
            return True
        if not self._is_office_host(host):
            return False
        self.offices[host] = time.monotonic() + REMEMBER_SECONDS
        return True

    def _is_office_host(self, host: str) -> bool:
        from portal.extensions import db
        from portal.models import Office

        with self.app.app_context():
            return db.session.scalar(
                select(Office.id).where(Office.hostname == host).limit(1)
            ) is not None


def _answer(start_response: Callable, status: str, body: bytes) -> list[bytes]:
    start_response(status, [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy",
         f"default-src 'none'; style-src 'sha256-{STYLE_HASH}'; frame-ancestors 'none'"),
    ])
    return [body]


def init_app(app: Flask) -> None:
    app.wsgi_app = HostGuard(app, app.wsgi_app)
