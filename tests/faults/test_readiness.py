"""/healthz and /readyz, the upload disk running full, and rate limits without Redis."""

from __future__ import annotations

import io
import os
import re

import sqlalchemy as sa

from portal import create_app, storage
from portal.extensions import db
from portal.models import Attachment, Case, CaseCounter
from tests.conftest import base_config
from tests.factories import jpeg_bytes
from tests.helpers import post_form, valid_case


def test_ready_when_database_and_storage_answer(client, office):
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ready"


def test_not_ready_without_the_database(tmp_path):
    url = "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2"
    app = create_app(base_config(url, tmp_path / "uploads"))
    client = app.test_client()
    assert client.get("/healthz").status_code == 200  # alive: do not restart it
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_data(as_text=True).startswith("database:")


def test_not_ready_when_uploads_cannot_be_written(app, client, office, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the upload directory should be")
    app.config["PORTAL_UPLOAD_DIR"] = str(blocked / "uploads")
    app.extensions["portal_storage"] = storage.make_backend(app.config)  # as if started so
    response = client.get("/readyz")
    assert response.status_code == 503 and "storage" in response.get_data(as_text=True)


def test_a_full_upload_disk_refuses_clearly_and_keeps_the_text(app, client, office):
    # A floor no disk reaches (1 EB): as if the disk were full, whatever else it holds.
    app.config["PORTAL_UPLOAD_MIN_FREE_MB"] = 2**40
    data = valid_case(
        attachments=[
            (io.BytesIO(jpeg_bytes()), "a.jpg"),
            (io.BytesIO(jpeg_bytes(color=(0, 90, 0))), "b.jpg"),
        ]
    )
    response = post_form(client, "/submit", data)
    # 60 s, which the rate limiter rewrites from its own clock (it truncates: 59 or 60).
    assert response.status_code == 503 and response.headers["Retry-After"] in ("59", "60")
    html = response.get_data(as_text=True)
    assert "ขณะนี้ระบบบันทึกไฟล์แนบไม่ได้" in html
    assert "อาหารกลางวันที่โรงเรียนมีปริมาณน้อย" in html  # what was typed is still there
    for model in (Case, Attachment):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
    assert (
        db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(CaseCounter.last_value), 0))) == 0
    )
    upload_dir = app.config["PORTAL_UPLOAD_DIR"]
    assert [f for _r, _d, files in os.walk(upload_dir) for f in files] == []
    app.config["PORTAL_UPLOAD_MIN_FREE_MB"] = 0
    assert post_form(client, "/submit", valid_case()).status_code == 302  # text alone: fine


def test_a_lost_database_is_tried_twice_then_the_503_page_carries_the_key(
    client, office, monkeypatch
):
    from sqlalchemy.exc import OperationalError

    from tests.public.test_submission_key import KEY_RE, _form

    calls = []

    def database_gone(*_args, **_kwargs):
        calls.append(1)
        raise OperationalError("INSERT INTO deliveries", {}, Exception("server closed"))

    monkeypatch.setattr("portal.cases.submit.enqueue_email", database_gone)
    monkeypatch.setattr("portal.public.views.COMMIT_RETRY_PAUSE", 0)
    csrf, key = _form(client)
    data = {"csrf_token": csrf, "submission_key": key, **valid_case()}
    response = client.post("/submit", data=data, content_type="multipart/form-data")
    assert response.status_code == 503 and len(calls) == 2
    html = response.get_data(as_text=True)
    assert "อาหารกลางวันที่โรงเรียนมีปริมาณน้อย" in html
    carried = re.search(r'name="submission_key" value="([^"]+)"', html) or KEY_RE.search(html)
    assert carried and carried.group(1) == key  # "send again" cannot file a second case
    monkeypatch.undo()
    again = client.post("/submit", data=data, content_type="multipart/form-data")
    assert again.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == 1


def test_a_connection_ended_after_the_answer_does_not_turn_it_into_a_500(
    app, client, office, monkeypatch
):
    """PostgreSQL's fast shutdown ends connections between a page and the session's close."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    real_close, failures = Session.close, []

    def close_on_a_dead_connection(self):
        if not failures:
            failures.append(1)
            raise OperationalError(
                "ROLLBACK", {}, Exception("terminating connection due to administrator command")
            )
        return real_close(self)

    monkeypatch.setattr(Session, "close", close_on_a_dead_connection)
    assert client.get("/submit").status_code == 200
    assert failures == [1]
    assert client.get("/readyz").status_code == 200  # the next request gets a good session
