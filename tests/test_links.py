"""Links that leave the site never guess a host: PORTAL_BASE_URL, or the request's own."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from portal import create_app
from portal.ita.items import absolute_url
from portal.links import MissingBaseUrl, public_url
from tests.conftest import ENCRYPTION_KEY

ROOT = Path(__file__).resolve().parent.parent
DEMO = {
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
    "SECRET_KEY": "k",
    "PORTAL_ENCRYPTION_KEY": ENCRYPTION_KEY,
    "PORTAL_DEMO": True,
}
# The demo server binds and announces 127.0.0.1 itself; that is where it listens, not a
# fallback for links.
SERVES_LOCALHOST = {ROOT / "portal" / "demo" / "serve.py"}


def test_a_link_outside_a_request_needs_the_base_url(tmp_path, monkeypatch):
    monkeypatch.delenv("PORTAL_BASE_URL", raising=False)
    app = create_app({**DEMO, "PORTAL_UPLOAD_DIR": str(tmp_path)})
    with app.app_context():
        with pytest.raises(MissingBaseUrl, match="PORTAL_BASE_URL"):
            public_url("tracking.lookup", number="NP2-2569-000001")
        with pytest.raises(MissingBaseUrl):
            absolute_url("/ita")
    with app.test_request_context("/", base_url="http://127.0.0.1:8123"):
        assert public_url("public.outcomes") == "http://127.0.0.1:8123/outcomes"
        assert absolute_url("/ita") == "http://127.0.0.1:8123/ita"


def test_the_base_url_wins_outside_a_request(tmp_path):
    app = create_app(
        {**DEMO, "PORTAL_UPLOAD_DIR": str(tmp_path), "PORTAL_BASE_URL": "http://127.0.0.1:8123"}
    )
    with app.app_context():
        assert public_url("public.outcomes") == "http://127.0.0.1:8123/outcomes"


def test_scripts_run_sets_the_base_url_from_the_port():
    lines = [
        line
        for line in (ROOT / "scripts" / "run").read_text().splitlines()
        if line.startswith(': "${PORTAL_')
    ]
    script = "\n".join([*lines, 'echo "$PORTAL_BASE_URL"'])
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"}
    for port in ("8000", "5000"):
        out = subprocess.run(
            ["bash", "-c", script],
            env={**env, "PORTAL_PORT": port},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert out == f"http://127.0.0.1:{port}"


def test_no_code_falls_back_to_a_hard_coded_host():
    pattern = re.compile(r"https?://(127\.0\.0\.1|localhost)")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "portal").rglob("*.py"))
        if path not in SERVES_LOCALHOST
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
