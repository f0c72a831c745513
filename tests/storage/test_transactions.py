"""Files written during a transaction live or die with it, savepoints notwithstanding."""

from __future__ import annotations

import sqlalchemy as sa

from portal import storage
from portal.extensions import db


def _pending(data: bytes) -> str:
    db.session.execute(sa.text("SELECT 1"))  # the request's transaction has begun
    key = storage.save(data)
    storage.track_new_file(db.session(), key)
    return key


def _savepoint(fail: bool) -> None:
    try:
        with db.session.begin_nested():
            db.session.execute(sa.text("SELECT 1"))
            if fail:
                raise ValueError("inner work failed")
    except ValueError:
        pass


def test_outer_rollback_removes_files_even_after_a_savepoint(app):
    key = _pending(b"photo")
    _savepoint(fail=False)  # a released savepoint must not make the file permanent
    _savepoint(fail=True)  # nor must a rolled-back one delete it early
    assert storage.path_for(key).exists()
    db.session.rollback()
    assert not storage.path_for(key).exists()


def test_outer_commit_keeps_files(app):
    key = _pending(b"document")
    _savepoint(fail=True)
    db.session.commit()
    db.session.rollback()  # a later, unrelated rollback leaves it alone
    assert storage.read(key) == b"document"
