"""Removing upload files that no row names: what a process killed between writing a file
and committing its row leaves behind (a rolled-back transaction removes its own files).

``flask --app wsgi storage sweep`` (daily from cron or a systemd timer) deletes such files
once they are older than any request can be (a day by default), so a file still waiting for
its transaction's commit is never touched.
"""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from portal import storage
from portal.extensions import db

# The columns that name a stored file, in every table the app has registered (feature
# packages' tables included: school news photos, share images, attachments). A new table
# that stores files names its column so, and the sweep leaves its files alone.
KEY_COLUMNS = ("storage_key", "image_key")


def key_columns() -> list:
    return [
        table.c[name]
        for table in db.metadata.sorted_tables
        for name in KEY_COLUMNS
        if name in table.c
    ]


def referenced_keys() -> set[str]:
    """Every storage key a row names, in any table."""
    keys: set[str] = set()
    for column in key_columns():
        keys.update(k for k in db.session.scalars(select(column)) if k)
    return keys


def sweep_orphans(older_than_seconds: float) -> list[str]:
    """Delete stored files that no row names and that were last written more than
    ``older_than_seconds`` ago, on whichever backend holds them; returns their keys."""
    store = storage.backend()
    cutoff = time.time() - older_than_seconds
    kept = referenced_keys()
    removed = []
    for key in list(store.stored_keys()):
        if key in kept or store.modified_at(key) > cutoff:
            continue
        store.delete(key)
        removed.append(key)
    removed.extend(_leftover_parts(cutoff))
    return removed


def _leftover_parts(cutoff: float) -> list[str]:
    """Half-written ``.part`` files of the local backend (a write killed mid-way)."""
    store = storage.backend()
    if not isinstance(store, storage.LocalBackend) or not store.root.is_dir():
        return []
    removed = []
    for path in sorted(store.root.rglob("*.part")):
        if path.is_file() and path.stat().st_mtime <= cutoff:
            path.unlink(missing_ok=True)
            removed.append(path.relative_to(store.root).as_posix())
    return removed


@click.command("sweep")
@click.option(
    "--older-than-hours",
    default=24.0,
    show_default=True,
    help="Only files last written longer ago than this.",
)
@with_appcontext
def sweep_command(older_than_hours: float) -> None:
    """Delete upload files that no attachment or share image names."""
    removed = sweep_orphans(older_than_hours * 3600)
    click.echo(f"removed {len(removed)} file(s) no row names")
