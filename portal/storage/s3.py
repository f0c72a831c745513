"""The S3-compatible backend (AWS S3, MinIO, Ceph, Wasabi...) through boto3.

Every object carries its SHA-256 twice: as ``x-amz-checksum-sha256``, which S3 checks on
upload, and in its metadata, which the migration compares to the local file (and reads the
object back, for servers that do not check the header).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator

from portal.storage.keys import StorageError, check_key


class S3Backend:
    name = "s3"

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        prefix: str = "",
    ) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region or "us-east-1",
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            config=Config(
                signature_version="s3v4",
                # Path-style addressing works with every S3-compatible server.
                s3={"addressing_style": "path"},
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
                # Only the checksum we send; some S3-compatible servers refuse the default CRC.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )

    def _name(self, key: str) -> str:
        return self.prefix + check_key(key)

    def put(self, key: str, data: bytes) -> None:
        digest = hashlib.sha256(data).digest()
        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._name(key),
                Body=data,
                ContentType="application/octet-stream",
                ChecksumSHA256=base64.b64encode(digest).decode(),
                Metadata={"sha256": digest.hex()},
            )
        except Exception as exc:  # botocore's errors share no useful base beyond this
            raise StorageError(f"S3 put {key}: {exc}") from exc

    def get(self, key: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
            return response["Body"].read()
        except Exception as exc:
            raise StorageError(f"S3 get {key}: {exc}") from exc

    def stored_sha256(self, key: str) -> str | None:
        """The SHA-256 recorded with the object, or None when there is no such object."""
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise StorageError(f"S3 head {key}: {exc}") from exc
        return head.get("Metadata", {}).get("sha256")

    def exists(self, key: str) -> bool:
        return self.stored_sha256(key) is not None

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._name(key))
        except Exception as exc:
            raise StorageError(f"S3 delete {key}: {exc}") from exc

    def modified_at(self, key: str) -> float:
        """When the object was last written (seconds since the epoch)."""
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except Exception as exc:
            raise StorageError(f"S3 head {key}: {exc}") from exc
        return head["LastModified"].timestamp()

    def check_reachable(self) -> None:
        """:class:`StorageError` unless the bucket answers (the readiness probe)."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except Exception as exc:
            raise StorageError(f"S3 bucket {self.bucket}: {exc}") from exc

    def stored_keys(self) -> Iterator[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for item in page.get("Contents", []):
                yield item["Key"][len(self.prefix) :]
