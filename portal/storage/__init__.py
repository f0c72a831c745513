"""Attachment storage: a directory outside the web root, files under random names.

Files are created 0600 and directories 0700 whatever the process's umask: the evidence of a
corruption report is for the portal's own account only.
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

from flask import current_app

FILE_MODE = 0o600
DIRECTORY_MODE = 0o700


class StorageError(RuntimeError):
    """A file could not be written or read."""


def _root() -> Path:
    return Path(current_app.config["PORTAL_UPLOAD_DIR"])


def upload_root() -> Path:
    """The directory every storage key is relative to."""
    return _root()


def path_for(storage_key: str) -> Path:
    """The file behind a key; keys are generated here, so anything else is refused."""
    if not storage_key or any(c not in "0123456789abcdef/" for c in storage_key):
        raise StorageError("malformed storage key")
    return _root() / storage_key


class StorageFull(StorageError):
    """The upload file system has less free space than PORTAL_UPLOAD_MIN_FREE_MB."""


def _check_free_space(root: Path, incoming: int) -> None:
    floor = current_app.config.get("PORTAL_UPLOAD_MIN_FREE_MB", 0) * 1024 * 1024
    try:
        stats = os.statvfs(root)
    except OSError as exc:
        raise StorageError(str(exc)) from exc
    if stats.f_bavail * stats.f_frsize - incoming < floor:
        raise StorageFull(f"less than {floor} bytes would stay free in {root}")


def save(data: bytes) -> str:
    """Write ``data`` durably under a new random key and return the key.

    :class:`StorageFull` when the file system would keep less free space than the floor (or
    runs out while writing); :class:`StorageError` for any other failure. Nothing is left.
    """
    token = secrets.token_hex(20)
    key = f"{token[:2]}/{token}"
    path = path_for(key)
    tmp = path.with_suffix(".part")
    try:
        _private_directory(_root())
        _check_free_space(_root(), len(data))
        _private_directory(path.parent)
        descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(descriptor, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull(str(exc)) from exc
        raise StorageError(str(exc)) from exc
    return key


def check_ready() -> None:
    """Raise :class:`StorageError` unless the upload directory exists (or can be made) and
    this process may write there: what a load balancer's readiness probe asks."""
    root = _root()
    try:
        _private_directory(root)
    except OSError as exc:
        raise StorageError(str(exc)) from exc
    if not os.access(root, os.W_OK | os.X_OK):
        raise StorageError(f"{root} is not writable")


def _private_directory(path: Path) -> None:
    """Create ``path`` (and missing parents) for the owner only; leave existing ones alone."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=DIRECTORY_MODE)
        path.chmod(DIRECTORY_MODE)  # mkdir's mode passes through the umask


def delete(storage_key: str) -> None:
    """Remove a stored file; a missing file is not an error."""
    path_for(storage_key).unlink(missing_ok=True)


def read(storage_key: str) -> bytes:
    try:
        return path_for(storage_key).read_bytes()
    except OSError as exc:
        raise StorageError(str(exc)) from exc


# Files are written before the transaction commits; these hooks remove them again when the
# transaction is rolled back, so a failed submission leaves neither a row nor an orphan file.
_NEW_KEYS = "portal_new_storage_keys"


def track_new_file(session, storage_key: str) -> None:
    session.info.setdefault(_NEW_KEYS, []).append(storage_key)


def _forget(session) -> None:
    # A savepoint (e.g. creating a year's first case counter) commits inside the request's
    # transaction: the files stay pending until the outer transaction ends.
    if session.in_nested_transaction():
        return
    session.info.pop(_NEW_KEYS, None)


def discard_new_files(session) -> None:
    """Remove the files written for the session's open transaction (a refused submission)."""
    _discard(session)


def _discard(session) -> None:
    if session.in_nested_transaction():
        return
    for key in session.info.pop(_NEW_KEYS, []):
        try:
            delete(key)
        except (OSError, StorageError):
            current_app.logger.warning("could not remove orphan upload %s", key)


def init_app(app) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    root = Path(app.config["PORTAL_UPLOAD_DIR"])
    if not event.contains(Session, "after_commit", _forget):
        event.listen(Session, "after_commit", _forget)
        event.listen(Session, "after_rollback", _discard)
    app.extensions["portal_storage_root"] = root
