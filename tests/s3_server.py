"""A real S3-compatible server for the tests: moto's standalone server in its own process.

The portal's boto3 client talks to it over HTTP exactly as it would to a bucket in production;
nothing in boto3 or the portal is patched.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import httpx
import pytest

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """The URL of a moto server process, stopped at the end of the session."""
    port = _free_port()
    server = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(url + "/moto-api/", timeout=1)
            break
        except httpx.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("moto_server did not start") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def new_bucket(endpoint: str) -> str:
    """A fresh, empty bucket on the server."""
    name = f"sujarit-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    client.create_bucket(Bucket=name)
    return name


def s3_settings(endpoint: str, bucket: str) -> dict:
    """The app settings of S3 storage on ``bucket``."""
    return {
        "PORTAL_STORAGE_BACKEND": "s3",
        "PORTAL_S3_BUCKET": bucket,
        "PORTAL_S3_ENDPOINT_URL": endpoint,
        "PORTAL_S3_REGION": "us-east-1",
        "PORTAL_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "PORTAL_S3_SECRET_ACCESS_KEY": SECRET_KEY,
    }
