"""Running ``flask --app wsgi worker`` as real processes against the fake services."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def worker_environ(app, services, timeout: int = 5) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "FLASK_"))}
    environ.update({
        "PORTAL_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PORTAL_SECRET_KEY": "channel-worker-secret",
        "PORTAL_ENCRYPTION_KEY": app.config["PORTAL_ENCRYPTION_KEY"],  # to read the tokens
        "PORTAL_UPLOAD_DIR": app.config["PORTAL_UPLOAD_DIR"],
        "PORTAL_BASE_URL": app.config["PORTAL_BASE_URL"],  # required outside the demo
        "PORTAL_FACEBOOK_GRAPH_URL": services.base_url,
        "PORTAL_LINE_API_URL": services.base_url,
        "PORTAL_CHANNEL_TIMEOUT": str(timeout),
        "PORTAL_DIGEST_HOUR": "-1",
        "PORTAL_MAIL_PORT": "1",
    })
    return environ


def flask(*args: str, environ: dict, log: Path | None = None) -> subprocess.Popen:
    out = log.open("ab") if log else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                            env=environ, stdout=out, stderr=out)


def run_flask(*args: str, environ: dict, stdin: str = "", timeout: int = 120):
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                          env=environ, input=stdin, capture_output=True, text=True,
                          timeout=timeout)
