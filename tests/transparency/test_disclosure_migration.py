"""Revision ae4202543194: versions published before it were under disclosure rules 1; the
data set's new file kinds are accepted; its downgrade refuses while such files exist."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.test_migrations import _old_row, empty_database, migrated  # noqa: F401

BEFORE = "d2b7e4a91c05"


def _insert(conn, sql: str, **values) -> None:
    conn.execute(sa.text(sql), values)


def test_old_versions_are_rules_1_and_downgrade_keeps_new_files(migrated, capfd):  # noqa: F811
    downgrade(revision=BEFORE)
    reflected = sa.MetaData()
    reflected.reflect(db.engine, only=["offices", "reports", "report_versions"])
    with db.engine.begin() as conn:  # one row each, as _old_row fills them: every id is 1
        for name in ("offices", "reports", "report_versions"):
            table = reflected.tables[name]
            conn.execute(table.insert().values(**_old_row(table)))
    upgrade(revision="heads")
    with db.engine.begin() as conn:
        assert conn.scalar(sa.text("SELECT disclosure_rules FROM report_versions")) == 1
        for ident, kind in ((1, "cases_xlsx"), (2, "cases_json")):
            _insert(conn, "INSERT INTO report_files (id, version_id, kind, content_type, "
                          "sha256, size, data) VALUES (:id, 1, :kind, 'x', 'x', 1, :data)",
                    id=ident, kind=kind, data=b"x")
    capfd.readouterr()
    with pytest.raises(SystemExit):  # Flask-Migrate logs the revision's error and exits
        downgrade(revision=BEFORE)
    assert "report_files holds 2 files" in capfd.readouterr().err
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM report_files"))
    downgrade(revision=BEFORE)
    with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
        _insert(conn, "INSERT INTO report_files (id, version_id, kind, content_type, "
                      "sha256, size, data) VALUES (3, 1, 'cases_json', 'x', 'x', 1, :d)",
                d=b"x")
