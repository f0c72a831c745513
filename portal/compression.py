"""Text responses compressed with brotli or gzip when the browser accepts it.

Pages, CSS, JS, JSON, SVG and CSV above ``MIN_SIZE`` bytes are compressed, whatever the
status; fonts, images, PDF and spreadsheets are compressed already and are left alone, as are
streamed responses (the CSV export writes rows as it reads them). Every compressible type says
``Vary: Accept-Encoding`` so a cache never hands a compressed body to a client that did not ask
for it. Static files are compressed once per process at the strongest setting and kept; pages
at a fast setting.
"""

from __future__ import annotations

import gzip
import hashlib

import brotli
from flask import Flask, Response, request

COMPRESSIBLE = frozenset({
    "text/html", "text/css", "application/javascript", "text/javascript", "application/json",
    "image/svg+xml", "text/csv", "text/plain", "application/xml", "application/atom+xml",
})
MIN_SIZE = 500
# Every answer with a body is compressed, errors too (a refused form's 422 is a whole page);
# not a partial range, whose bytes are counted in the uncompressed file, nor a bodiless answer.
UNCOMPRESSED_STATUSES = frozenset({204, 206, 304})
_STATIC_CACHE: dict[tuple[str, str, bytes], bytes] = {}
_STATIC_CACHE_LIMIT = 64


def chosen_encoding() -> str | None:
    """``br`` when the client accepts brotli, else ``gzip`` when it accepts gzip, else None."""
    accepted = request.accept_encodings
    if accepted["br"]:
        return "br"
    if accepted["gzip"]:
        return "gzip"
    return None


def compress(data: bytes, encoding: str, strong: bool) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=11 if strong else 4)
    return gzip.compress(data, compresslevel=9 if strong else 6, mtime=0)


def _static_body(response: Response, encoding: str) -> bytes:
    """A static file's compressed body, made once per file version and encoding."""
    data = response.get_data()
    key = (request.path, encoding, hashlib.sha256(data).digest())
    body = _STATIC_CACHE.get(key)
    if body is None:
        body = compress(data, encoding, strong=True)
        if len(_STATIC_CACHE) >= _STATIC_CACHE_LIMIT:
            _STATIC_CACHE.clear()
        _STATIC_CACHE[key] = body
    return body


def compress_response(response: Response) -> Response:
    if response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    if (response.status_code in UNCOMPRESSED_STATUSES or "Content-Encoding" in response.headers
            or request.method == "HEAD"):
        return response
    encoding = chosen_encoding()
    static = request.endpoint == "static"
    if encoding is None or (response.is_streamed and not static):
        return response
    response.direct_passthrough = False  # a static file of ours is small: read it to compress
    if len(response.get_data()) < MIN_SIZE:
        return response
    if static:
        body = _static_body(response, encoding)
    else:
        body = compress(response.get_data(), encoding, strong=False)
    response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag, weak=True)  # the bytes differ from the uncompressed file's
    return response


def init_app(app: Flask) -> None:
    app.after_request(compress_response)
