"""The portal with its files in an S3 bucket: intake, downloads with their access checks,
rollbacks, and the migration of a local directory — against a real moto server process."""

from __future__ import annotations

import hashlib
import io

import pytest
import sqlalchemy as sa

from portal import storage
from portal.extensions import db
from portal.models import Attachment, Case, Role
from portal.storage import LocalBackend, S3Backend, StorageError
from tests.factories import jpeg_bytes, pdf_bytes
from tests.helpers import post_form, receipt_from, valid_case
from tests.s3_server import ACCESS_KEY, SECRET_KEY, new_bucket, s3_settings


@pytest.fixture
def bucket(s3_endpoint):
    return new_bucket(s3_endpoint)


@pytest.fixture
def app_config(app_config, s3_endpoint, bucket):
    return {**app_config, **s3_settings(s3_endpoint, bucket)}


def _raw(s3_endpoint, bucket) -> S3Backend:
    return S3Backend(bucket, endpoint_url=s3_endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY)


def test_a_submitted_file_lives_in_the_bucket_under_its_office(
    app, client, office, login_as, s3_endpoint, bucket
):
    photo = jpeg_bytes()
    response = post_form(
        client, "/submit", valid_case(attachments=[(io.BytesIO(photo), "ห้องน้ำ.jpg")])
    )
    assert response.status_code == 302
    number, receipt = receipt_from(client.get("/receipt").get_data(as_text=True))
    attachment = db.session.scalar(sa.select(Attachment))
    assert attachment.storage_key.startswith(f"{office.code}/attachments/")
    raw = _raw(s3_endpoint, bucket)
    assert list(raw.stored_keys()) == [attachment.storage_key]
    assert raw.get(attachment.storage_key) == storage.read(attachment.storage_key)
    assert not (
        app.config["PORTAL_UPLOAD_DIR"]
        and any(LocalBackend(app.config["PORTAL_UPLOAD_DIR"]).stored_keys())
    )
    with pytest.raises(StorageError):
        storage.path_for(attachment.storage_key)

    # The reporter downloads it through the tracking page, the staff through the case page.
    post_form(client, "/track", {"number": number, "receipt": receipt})
    mine = client.get(f"/track/{number}/files/{attachment.id}")
    assert mine.status_code == 200 and mine.mimetype == "image/jpeg"
    assert mine.data == raw.get(attachment.storage_key)
    assert mine.headers["Cache-Control"] == "private, no-store"
    staff = login_as(Role.DIRECTOR)
    theirs = staff.get(f"/staff/cases/{number}/files/{attachment.id}")
    assert theirs.status_code == 200 and theirs.data == mine.data

    # Nobody else: a stranger without the receipt, and a file id of the wrong case.
    stranger = app.test_client()
    assert stranger.get(f"/track/{number}/files/{attachment.id}").status_code != 200
    assert staff.get(f"/staff/cases/{number}/files/{attachment.id + 99}").status_code == 404


def test_a_file_gone_from_the_bucket_is_a_404_not_an_error(
    app, client, office, login_as, s3_endpoint, bucket
):
    post_form(client, "/submit", valid_case(attachments=[(io.BytesIO(pdf_bytes()), "a.pdf")]))
    case = db.session.scalar(sa.select(Case))
    item = case.attachments[0]
    _raw(s3_endpoint, bucket).delete(item.storage_key)
    staff = login_as(Role.DIRECTOR)
    assert staff.get(f"/staff/cases/{case.number}/files/{item.id}").status_code == 404


def test_a_rolled_back_transaction_leaves_no_object(app, s3_endpoint, bucket):
    db.session.execute(sa.text("SELECT 1"))
    key = storage.save(b"evidence", office="NP2")
    storage.track_new_file(db.session(), key)
    assert _raw(s3_endpoint, bucket).exists(key)
    db.session.rollback()
    assert not _raw(s3_endpoint, bucket).exists(key)


def test_migrate_copies_verifies_and_resumes(app, tmp_path, s3_endpoint, bucket):
    local = LocalBackend(app.config["PORTAL_UPLOAD_DIR"])
    keys = [storage.keys.new_key("NP2", "attachments") for _ in range(4)]
    keys.append("ab/" + "ab" * 20)  # a key of the layout before offices
    for i, key in enumerate(keys):
        local.put(key, f"file {i}".encode())
    (local.root / "cards").mkdir()
    (local.root / "cards" / "cached.png").write_bytes(b"regenerated per host")
    raw = _raw(s3_endpoint, bucket)
    raw.put(keys[0], b"file 0")  # copied by an earlier, interrupted run
    raw.put(keys[1], b"stale")  # half-written or changed since: copied again

    runner = app.test_cli_runner()
    first = runner.invoke(args=["storage", "migrate", "--to", "s3"])
    assert first.exit_code == 0, first.output
    assert "copied 4, already there 1, failed 0" in first.output
    assert sorted(raw.stored_keys()) == sorted(keys)
    for i, key in enumerate(keys):
        assert raw.stored_sha256(key) == hashlib.sha256(f"file {i}".encode()).hexdigest()
        assert raw.get(key) == f"file {i}".encode()
        assert local.exists(key)  # nothing deleted at the source

    again = runner.invoke(args=["storage", "migrate", "--to", "s3", "--quiet"])
    assert again.exit_code == 0 and "copied 0, already there 5, failed 0" in again.output


def test_migrate_reports_failure_and_exits_non_zero(app, s3_endpoint):
    local = LocalBackend(app.config["PORTAL_UPLOAD_DIR"])
    local.put(storage.keys.new_key("NP2", "images"), b"x")
    app.config["PORTAL_S3_BUCKET"] = "no-such-bucket-here"
    result = app.test_cli_runner().invoke(args=["storage", "migrate", "--to", "s3"])
    assert result.exit_code == 1 and "failed 1" in result.output
