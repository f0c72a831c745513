"""Behind a reverse proxy: the client's address and scheme come from its forwarded headers.

Only as many hops as PORTAL_PROXY_HOPS are believed (Werkzeug's ProxyFix), so a client cannot
pick its own address for the rate limits by sending X-Forwarded-For itself. The Host header
is not taken from X-Forwarded-Host: the proxy passes the original Host, which the host guard
checks.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    hops = int(app.config.get("PORTAL_PROXY_HOPS") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
