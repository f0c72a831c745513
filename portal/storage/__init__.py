"""Stored files (case attachments, board images, report files, exports) behind one interface.

Two backends: a local directory outside the web root (the embedded default) and an
S3-compatible bucket (``PORTAL_STORAGE_BACKEND=s3``), so that several app hosts share every
file. Keys carry the office: ``<office>/<kind>/<random id>`` (see ``portal.storage.keys``).
Downloads go through the app's own views with their access checks (:func:`send`).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from flask import Flask, Response, abort, current_app, g, has_request_context, send_file

from portal.storage.keys import KINDS, StorageError, StorageFull, check_key, new_key, office_of
from portal.storage.local import DIRECTORY_MODE, FILE_MODE, LocalBackend, _private_directory
from portal.storage.s3 import S3Backend

__all__ = [
    "DIRECTORY_MODE",
    "FILE_MODE",
    "KINDS",
    "LocalBackend",
    "S3Backend",
    "StorageError",
    "StorageFull",
    "check_ready",
    "discard_new_files",
    "upload_root",
    "backend",
    "check_key",
    "delete",
    "exists",
    "init_app",
    "office_of",
    "path_for",
    "read",
    "save",
    "send",
    "track_new_file",
]

_EXTENSION = "portal_storage"


def backend() -> LocalBackend | S3Backend:
    """The current app's backend."""
    return current_app.extensions[_EXTENSION]


def _root() -> Path:
    """The local directory (PORTAL_UPLOAD_DIR), whichever backend holds the files."""
    return Path(current_app.config["PORTAL_UPLOAD_DIR"])


def upload_root() -> Path:
    """The directory every storage key is relative to."""
    return _root()


def path_for(storage_key: str) -> Path:
    """The local file behind a key (local backend only); malformed keys are refused."""
    store = backend()
    if not isinstance(store, LocalBackend):
        raise StorageError("files are kept in object storage: use storage.read or storage.send")
    return store.path(storage_key)


def save(data: bytes, *, office: str | None = None, kind: str = "attachments") -> str:
    """Write ``data`` durably under a new key of office ``office`` and return the key.

    Without ``office``, the office of the current request is used (else a shared prefix).
    """
    if office is None and has_request_context() and g.get("office") is not None:
        office = g.office.code
    key = new_key(office, kind)
    store = backend()
    if isinstance(store, LocalBackend):
        try:
            _private_directory(store.root)
        except OSError as exc:
            raise StorageError(str(exc)) from exc
        _check_free_space(store.root, len(data))  # raises StorageFull; nothing is written
    store.put(key, data)
    return key


def read(storage_key: str) -> bytes:
    return backend().get(storage_key)


def exists(storage_key: str) -> bool:
    return backend().exists(storage_key)


def _check_free_space(root: Path, incoming: int) -> None:
    """:class:`StorageFull` when writing ``incoming`` bytes would leave less free space on
    the upload file system than PORTAL_UPLOAD_MIN_FREE_MB (a full disk stops the database
    and the logs too)."""
    floor = current_app.config.get("PORTAL_UPLOAD_MIN_FREE_MB", 0) * 1024 * 1024
    try:
        stats = os.statvfs(root)
    except OSError as exc:
        raise StorageError(str(exc)) from exc
    if stats.f_bavail * stats.f_frsize - incoming < floor:
        raise StorageFull(f"less than {floor} bytes would stay free in {root}")


def check_ready() -> None:
    """Raise :class:`StorageError` unless files can be written: the local upload directory
    exists (or can be made) and is writable, or the bucket answers. What a load balancer's
    readiness probe asks."""
    store = backend()
    if not isinstance(store, LocalBackend):
        store.check_reachable()
        return
    root = store.root
    try:
        _private_directory(root)
    except OSError as exc:
        raise StorageError(str(exc)) from exc
    if not os.access(root, os.W_OK | os.X_OK):
        raise StorageError(f"{root} is not writable")


def delete(storage_key: str) -> None:
    """Remove a stored file; a missing file is not an error."""
    backend().delete(storage_key)


def send(
    storage_key: str,
    *,
    mimetype: str,
    as_attachment: bool = False,
    download_name: str | None = None,
    max_age: int = 0,
) -> Response:
    """The stored file as a response, for a view that has already checked access; 404 if gone."""
    store = backend()
    if isinstance(store, LocalBackend):
        path = store.path(storage_key)
        if not path.is_file():
            abort(404)
        return send_file(
            path,
            mimetype=mimetype,
            as_attachment=as_attachment,
            download_name=download_name,
            max_age=max_age,
        )
    if not store.exists(storage_key):
        abort(404)
    return send_file(
        io.BytesIO(store.get(storage_key)),
        mimetype=mimetype,
        as_attachment=as_attachment,
        download_name=download_name or "file",
        max_age=max_age,
    )


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


def make_backend(config) -> LocalBackend | S3Backend:
    """The backend the configuration names: ``local`` (default) or ``s3``."""
    if config.get("PORTAL_STORAGE_BACKEND", "local") == "s3":
        return make_s3_backend(config)
    return LocalBackend(Path(config["PORTAL_UPLOAD_DIR"]))


def make_s3_backend(config) -> S3Backend:
    bucket = config.get("PORTAL_S3_BUCKET")
    if not bucket:
        raise StorageError("PORTAL_S3_BUCKET is required for S3 storage")
    return S3Backend(
        bucket,
        endpoint_url=config.get("PORTAL_S3_ENDPOINT_URL"),
        region=config.get("PORTAL_S3_REGION"),
        access_key=config.get("PORTAL_S3_ACCESS_KEY_ID"),
        secret_key=config.get("PORTAL_S3_SECRET_ACCESS_KEY"),
        prefix=config.get("PORTAL_S3_PREFIX") or "",
    )


def init_app(app: Flask) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from portal.storage.cli import storage_group

    if not event.contains(Session, "after_commit", _forget):
        event.listen(Session, "after_commit", _forget)
        event.listen(Session, "after_rollback", _discard)
    app.extensions["portal_storage_root"] = Path(app.config["PORTAL_UPLOAD_DIR"])
    app.extensions[_EXTENSION] = make_backend(app.config)
    app.cli.add_command(storage_group)
