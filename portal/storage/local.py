"""The local filesystem backend: a directory outside the web root (the embedded default).

Files are created 0600 and directories 0700 whatever the process's umask: the evidence of a
corruption report is for the portal's own account only.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

from portal.storage.keys import StorageError, StorageFull, check_key

FILE_MODE = 0o600
DIRECTORY_MODE = 0o700
# Generated share cards are a per-host cache beside the files, never stored objects.
CACHE_DIRECTORIES = ("cards",)


class LocalBackend:
    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes) -> None:
        """Write ``data`` durably: a temporary file, fsync, then an atomic rename."""
        path = self.path(key)
        tmp = path.with_suffix(".part")
        try:
            _private_directory(self.root)
            for parent in reversed(path.relative_to(self.root).parents[:-1]):
                _private_directory(self.root / parent)
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

    def get(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except OSError as exc:
            raise StorageError(str(exc)) from exc

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def modified_at(self, key: str) -> float:
        """When the file was last written (seconds since the epoch)."""
        return self.path(key).stat().st_mtime

    def stored_keys(self) -> Iterator[str]:
        """Every stored key, in a stable order (the migration resumes along it)."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            if not path.is_file() or relative.parts[0] in CACHE_DIRECTORIES:
                continue
            key = relative.as_posix()
            try:
                yield check_key(key)
            except StorageError:
                continue  # a leftover .part file or something the portal did not write


def _private_directory(path: Path) -> None:
    """Create ``path`` (and missing parents) for the owner only; leave existing ones alone."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=DIRECTORY_MODE)
        path.chmod(DIRECTORY_MODE)  # mkdir's mode passes through the umask
