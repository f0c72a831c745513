"""Limits behind a reverse proxy, one counter for both intake forms, workers and storage."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.config import ConfigError, Settings
from portal.serving import check_limit_storage
from tests.helpers import post_form, valid_case

ROOT = Path(__file__).resolve().parents[2]


def corruption_report() -> dict:
    data = valid_case(respondent="ผู้อำนวยการโรงเรียน", acknowledge_false_report="y",
                      anonymous="y")
    data.pop("case_type")
    return data


def test_both_intake_forms_share_one_allowance(app, client, office):
    app.config["PORTAL_RATE_LIMIT_SUBMIT"] = "2 per hour"
    assert post_form(client, "/submit", valid_case()).status_code == 302
    assert post_form(client, "/report-corruption", corruption_report()).status_code == 302
    assert post_form(client, "/report-corruption", corruption_report()).status_code == 429
    assert post_form(client, "/submit", valid_case()).status_code == 429


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PORTAL_PROXY_HOPS": 1, "PORTAL_RATE_LIMIT_SUBMIT": "1 per hour"}


def test_behind_one_proxy_each_citizen_has_their_own_allowance(app, office):
    def post(address: str, forwarded: str):
        client = app.test_client()
        return post_form(client, "/submit", valid_case(),
                         environ_base={"REMOTE_ADDR": address},
                         headers={"X-Forwarded-For": forwarded})

    # Every request arrives from the proxy's address; the proxy names the citizen.
    assert post("10.0.0.1", "203.0.113.7").status_code == 302
    assert post("10.0.0.1", "203.0.113.8").status_code == 302
    assert post("10.0.0.1", "203.0.113.7").status_code == 429
    # A client's own X-Forwarded-For before the proxy's entry is not believed (one hop).
    assert post("10.0.0.1", "198.51.100.1, 203.0.113.7").status_code == 429


def test_without_proxy_setting_forwarded_headers_are_ignored(backend, tmp_path):
    from portal import create_app
    from portal.extensions import db, limiter
    from tests.conftest import IsolatedClient, base_config
    from tests.factories import make_office

    app = create_app(base_config(backend["url"], tmp_path / "u",
                                 PORTAL_RATE_LIMIT_SUBMIT="1 per hour"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        limiter.reset()
        make_office()
        db.session.commit()
        try:
            first = post_form(app.test_client(), "/submit", valid_case(),
                              headers={"X-Forwarded-For": "203.0.113.7"})
            spoofed = post_form(app.test_client(), "/submit", valid_case(),
                                headers={"X-Forwarded-For": "203.0.113.8"})
            assert (first.status_code, spoofed.status_code) == (302, 429)
        finally:
            db.session.remove()
            with db.engine.begin() as conn:
                for table in reversed(db.metadata.sorted_tables):
                    conn.execute(table.delete())


def test_several_workers_need_shared_limit_storage():
    with pytest.raises(ConfigError, match="PORTAL_REDIS_URL"):
        check_limit_storage(2, Settings())
    check_limit_storage(1, Settings())
    check_limit_storage(4, Settings(redis_url="redis://127.0.0.1:6379/0"))
    check_limit_storage(2, Settings(demo=True))


def test_gunicorn_refuses_two_workers_on_memory_storage(tmp_path):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "FLASK_"))}
    environ.update({
        "PORTAL_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "PORTAL_SECRET_KEY": "gunicorn-test", "PORTAL_UPLOAD_DIR": str(tmp_path / "u"),
        "PORTAL_ENCRYPTION_KEY": "x" * 43 + "=", "PORTAL_BASE_URL": "http://portal.test",
    })
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", "127.0.0.1:0",
         "--no-control-socket", "wsgi:app"],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "PORTAL_REDIS_URL" in result.stderr
