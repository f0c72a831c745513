"""Copy every stored file from one backend to another, resumable and checked by SHA-256.

A file the target already holds with the same checksum is skipped, so a migration that was
interrupted is simply run again. Every copied object is read back and compared before it
counts as moved; nothing is deleted from the source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from portal.storage.keys import StorageError
from portal.storage.local import LocalBackend
from portal.storage.s3 import S3Backend


@dataclass
class MigrationResult:
    copied: int = 0
    skipped: int = 0  # already in the target with the same checksum
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def migrate_files(
    source: LocalBackend, target: S3Backend, progress: Callable[[str, str], None] | None = None
) -> MigrationResult:
    """Copy ``source``'s files into ``target``; ``progress(key, outcome)`` after each."""
    result = MigrationResult()
    for key in source.stored_keys():
        outcome = _copy_one(source, target, key)
        if outcome == "copied":
            result.copied += 1
        elif outcome == "skipped":
            result.skipped += 1
        else:
            result.failed.append(key)
        if progress:
            progress(key, outcome)
    return result


def _copy_one(source: LocalBackend, target: S3Backend, key: str) -> str:
    data = source.get(key)
    digest = hashlib.sha256(data).hexdigest()
    try:
        if target.stored_sha256(key) == digest:
            return "skipped"
        target.put(key, data)
        copied = target.get(key)
    except StorageError as exc:
        return f"failed: {exc}"
    if hashlib.sha256(copied).hexdigest() != digest:
        return "failed: checksum differs after upload"
    return "copied"
