"""Removing upload files that no row names: what a process killed between writing a file
and committing its row leaves behind (a rolled-back transaction removes its own files).

``flask --app wsgi storage sweep`` (daily from cron or a systemd timer) deletes such files
once they are older than any request can be (a day by default), so a file still waiting for
its transaction's commit is never touched.
"""

from __future__ import annotations

import time

import click
from sqlalchemy import select

from portal import storage
from portal.extensions import db
from portal.models import Attachment, PublicationVersion


def referenced_keys() -> set[str]:
    """Every storage key a row names: attachments and publications' share images."""
    keys = set(db.session.scalars(select(Attachment.storage_key)))
    keys.update(k for k in db.session.scalars(select(PublicationVersion.image_key)) if k)
    return keys


def sweep_orphans(older_than_seconds: float) -> list[str]:
    """Delete files under the upload directory that no row names and that were last written
    more than ``older_than_seconds`` ago; returns their keys."""
    root = storage.upload_root()
    cutoff = time.time() - older_than_seconds
    kept = referenced_keys()
    removed = []
    for path in sorted(root.glob("*/*")):
        key = str(path.relative_to(root))
        if not path.is_file() or key in kept or path.stat().st_mtime > cutoff:
            continue
        if path.suffix == ".part" or _is_key(key):
            path.unlink(missing_ok=True)
            removed.append(key)
    return removed


def _is_key(key: str) -> bool:
    try:
        storage.path_for(key)
    except storage.StorageError:
        return False
    return True


@click.group("storage")
def storage_group() -> None:
    """Upload storage upkeep."""


@storage_group.command("sweep")
@click.option(
    "--older-than-hours",
    default=24.0,
    show_default=True,
    help="Only files last written longer ago than this.",
)
def sweep_command(older_than_hours: float) -> None:
    """Delete upload files that no attachment or share image names."""
    removed = sweep_orphans(older_than_hours * 3600)
    click.echo(f"removed {len(removed)} file(s) no row names")
