"""Static files: content-hashed URLs cached for a year, and nothing about the signed-in user.

``url_for("static", filename=...)`` gains ``?v=<first 12 hex of the file's SHA-256>``, computed
once per file and process. A request carrying the current ``v`` is answered with
``Cache-Control: public, max-age=31536000, immutable``, so a browser never revalidates it; a
new deployment changes the URL. A bare or stale URL still works and is revalidated.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, request

from portal.fonts import ONE_YEAR

# Endpoints that serve files and need neither the user, the office nor the session rules.
STATIC_ENDPOINTS = frozenset({"static", "public.font", "public.favicon", "public.robots"})

_DIGESTS: dict[tuple[str, str], str | None] = {}


def is_static_request() -> bool:
    return request.endpoint in STATIC_ENDPOINTS


def static_digest(filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, or None when there is no such file."""
    folder = current_app.static_folder or ""
    key = (folder, filename)
    if key not in _DIGESTS:
        path = Path(folder, filename).resolve()
        inside = path.is_relative_to(Path(folder).resolve())
        _DIGESTS[key] = (hashlib.sha256(path.read_bytes()).hexdigest()[:12]
                         if inside and path.is_file() else None)
    return _DIGESTS[key]


def init_app(app: Flask) -> None:
    @app.url_defaults
    def hashed_static_url(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values and "filename" in values:
            digest = static_digest(values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def cache_hashed_static(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") and request.args.get("v") == static_digest(filename):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        return response
