"""`flask storage sweep`: files no row names, left by a killed process, are removed once old."""

from __future__ import annotations

import io
import os
import time

import sqlalchemy as sa

from portal import storage
from portal.extensions import db
from portal.models import Attachment
from portal.storage.sweep import sweep_orphans
from tests.factories import jpeg_bytes
from tests.helpers import post_form, valid_case

DAY = 24 * 3600


def _age(key: str, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(storage.path_for(key), (then, then))


def test_sweep_removes_only_old_files_no_row_names(app, client, office):
    data = valid_case(attachments=[(io.BytesIO(jpeg_bytes()), "a.jpg")])
    assert post_form(client, "/submit", data).status_code == 302
    kept = db.session.scalar(sa.select(Attachment.storage_key))
    old_orphan = storage.save(b"written, then the process was killed before its commit")
    young_orphan = storage.save(b"its transaction may still commit")
    for key in (kept, old_orphan):
        _age(key, 2 * DAY)
    assert sweep_orphans(DAY) == [old_orphan]
    assert storage.path_for(kept).is_file() and storage.path_for(young_orphan).is_file()
    assert not storage.path_for(old_orphan).exists()


def test_the_command_says_what_it_removed(app, office):
    key = storage.save(b"orphan")
    _age(key, 2 * DAY)
    result = app.test_cli_runner().invoke(args=["storage", "sweep"])
    assert result.exit_code == 0 and "removed 1 file(s)" in result.output
    assert not storage.path_for(key).exists()
