"""The S3 backend against a real S3-compatible server process (moto), boto3 unpatched."""

from __future__ import annotations

import hashlib

import boto3
import pytest

from portal.storage import S3Backend, StorageError
from portal.storage.keys import new_key, office_of
from tests.s3_server import ACCESS_KEY, SECRET_KEY, new_bucket


@pytest.fixture
def bucket_backend(s3_endpoint):
    bucket = new_bucket(s3_endpoint)
    return S3Backend(bucket, endpoint_url=s3_endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY)


def test_put_get_delete_and_list(bucket_backend):
    key = new_key("NP2", "attachments")
    assert key.startswith("NP2/attachments/") and office_of(key) == "NP2"
    bucket_backend.put(key, b"photo bytes")
    assert bucket_backend.get(key) == b"photo bytes"
    assert bucket_backend.stored_sha256(key) == hashlib.sha256(b"photo bytes").hexdigest()
    assert list(bucket_backend.stored_keys()) == [key]
    bucket_backend.delete(key)
    assert not bucket_backend.exists(key)
    assert list(bucket_backend.stored_keys()) == []
    with pytest.raises(StorageError):
        bucket_backend.get(key)


def test_prefix_keeps_one_installation_apart_in_a_shared_bucket(s3_endpoint):
    bucket = new_bucket(s3_endpoint)
    first = S3Backend(
        bucket,
        endpoint_url=s3_endpoint,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        prefix="sujarit-a",
    )
    second = S3Backend(
        bucket,
        endpoint_url=s3_endpoint,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        prefix="sujarit-b",
    )
    key = new_key("NP2", "images")
    first.put(key, b"a")
    assert not second.exists(key) and list(second.stored_keys()) == []
    raw = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    names = [o["Key"] for o in raw.list_objects_v2(Bucket=bucket)["Contents"]]
    assert names == [f"sujarit-a/{key}"]


@pytest.mark.parametrize(
    "key",
    [
        "../etc/passwd",
        "NP2/attachments/../../x",
        "NP2/other/" + "a" * 40,
        "NP2/attachments/" + "A" * 40,
        "",
    ],
)
def test_malformed_keys_are_refused(bucket_backend, key):
    with pytest.raises(StorageError):
        bucket_backend.get(key)


def test_presigned_link_reads_the_object_for_a_short_time(bucket_backend):
    import httpx

    key = new_key("NP2", "reports")
    bucket_backend.put(key, b"%PDF-1.7 report")
    url = bucket_backend.presigned_url(
        key, 60, content_type="application/pdf", download_name="report.pdf"
    )
    response = httpx.get(url)
    assert response.status_code == 200 and response.content == b"%PDF-1.7 report"
    assert response.headers["content-type"] == "application/pdf"
    # moto does not check signatures; what the client signed is the short lifetime.
    assert "X-Amz-Expires=60&" in url and "X-Amz-Signature=" in url
