"""The README's nginx example stays in step with the portal's own limits."""

from __future__ import annotations

import re
from pathlib import Path

from portal.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_nginx_example_buffers_bodies_within_the_portals_limits():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```nginx\n(.*?)```", readme, re.S).group(1)
    body = re.search(r"client_max_body_size (\d+)m;", example)
    assert body and int(body.group(1)) == Settings().max_request_mb
    assert "proxy_request_buffering on;" in example
    assert re.search(r"client_body_timeout \d+s;", example)
    assert "proxy_set_header Host $host;" in example
    assert "X-Forwarded-For $remote_addr" in example  # one hop, the client cannot add one
    assert (ROOT / "gunicorn.conf.py").is_file()
