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
