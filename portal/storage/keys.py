"""Storage keys: ``<office>/<kind>/<random id>``, generated here and checked on every use.

Keys written before the national layout (``ab/<40 hex>``) stay valid: they are recorded in
approved publication fingerprints and case attachments, so they are never renamed.
"""

from __future__ import annotations

import re
import secrets

# What is stored: case files, board images, report files, exports.
KINDS = ("attachments", "images", "news", "reports", "exports")
NO_OFFICE = "_shared"

_OFFICE = r"[A-Za-z0-9_-]{1,16}"
_KINDS = "|".join(KINDS)
_KEY = re.compile(rf"^(?:{_OFFICE}/(?:{_KINDS})/[0-9a-f]{{40}}|[0-9a-f]{{2}}/[0-9a-f]{{40}})$")
_OFFICE_CODE = re.compile(rf"^{_OFFICE}$")


class StorageError(RuntimeError):
    """A file could not be written or read, or a key is malformed."""


class StorageFull(StorageError):
    """No room for the file: the upload file system is full, or would keep less free space
    than PORTAL_UPLOAD_MIN_FREE_MB."""


def new_key(office: str | None, kind: str) -> str:
    """A fresh random key for a file of ``kind`` belonging to office ``office``."""
    office = office or NO_OFFICE
    if kind not in KINDS:
        raise StorageError(f"unknown kind of stored file: {kind}")
    if not _OFFICE_CODE.match(office):
        raise StorageError("malformed office code in storage key")
    return f"{office}/{kind}/{secrets.token_hex(20)}"


def check_key(key: str) -> str:
    """``key`` itself when the portal could have generated it; anything else is refused."""
    if not key or not _KEY.match(key):
        raise StorageError("malformed storage key")
    return key


def office_of(key: str) -> str | None:
    """The office code a key carries, or None for a key of the old layout."""
    head, _, rest = check_key(key).partition("/")
    return head if "/" in rest else None
