"""An unavailable database gives a Thai 503 and leaves nothing half-written."""

from __future__ import annotations

import io
import os

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from portal import create_app
from portal.extensions import db
from portal.models import Attachment, Case, CaseCounter, Delivery
from tests.conftest import base_config
from tests.factories import jpeg_bytes
from tests.helpers import post_form, valid_case

UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-directory/portal.sqlite3",
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2",
}


@pytest.mark.parametrize("backend_name", sorted(UNREACHABLE))
def test_unreachable_database_gives_503(backend_name, tmp_path):
    app = create_app(base_config(UNREACHABLE[backend_name], tmp_path / "uploads"))
    response = app.test_client().get("/submit")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    html = response.get_data(as_text=True)
    assert "ระบบไม่พร้อมให้บริการชั่วคราว" in html and "ลองเปิดหน้านี้ใหม่ในอีกสักครู่" in html


def test_failure_midway_leaves_no_case_no_file_no_message(client, office, app, monkeypatch):
    def database_gone(*_args, **_kwargs):
        raise OperationalError("INSERT INTO deliveries", {}, Exception("server closed"))

    monkeypatch.setattr("portal.cases.submit.enqueue_email", database_gone)
    data = valid_case(attachments=[(io.BytesIO(jpeg_bytes()), "a.jpg")])
    response = post_form(client, "/submit", data)
    assert response.status_code == 503
    for model in (Case, Attachment, Delivery):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
    assert db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(CaseCounter.last_value), 0))) \
        == 0
    stored = [f for _r, _d, files in os.walk(app.config["PORTAL_UPLOAD_DIR"]) for f in files]
    assert stored == []  # the photo written before the failure was removed again
