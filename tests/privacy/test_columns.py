"""The minimisation check: every column that looks personal has a ROPA kind (and with it a
retention rule) or a stated reason it holds no personal data."""

from __future__ import annotations

import pytest
from sqlalchemy import Boolean, Column, ForeignKey, Integer, MetaData, String, Table, Text

from portal.extensions import db
from portal.models import Case  # noqa: F401  (registers every table)
from portal.privacy import classification
from portal.privacy.classification import COLUMNS, KINDS, NOT_PERSONAL, unclassified
from portal.privacy.columns import personal_columns
from portal.privacy.schedule import RetentionDays


def test_every_personal_column_of_the_models_is_classified():
    missing = unclassified(personal_columns(db.metadata))
    assert missing == [], (
        "columns that look personal without a ROPA kind or a reason they are not personal; "
        "add them to portal/privacy/classification.py: " + ", ".join(missing)
    )


def _survey_feature() -> MetaData:
    """A new feature's table, as a helper might add it, classified by nobody yet."""
    metadata = MetaData()
    Table(
        "survey_users",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("case_id", Integer, ForeignKey("cases.id")),
        Column("line_user_id", String(64)),
        Column("display_name", String(200)),
        Column("last_message", Text),
        Column("muted", Boolean),
        Column("turns", Integer),
    )
    return metadata


def test_a_deliberately_unclassified_column_fails_the_check(monkeypatch):
    found = personal_columns(db.metadata) + personal_columns(_survey_feature())
    assert unclassified(found) == [
        "survey_users.display_name",
        "survey_users.last_message",
        "survey_users.line_user_id",
    ]
    monkeypatch.setattr(classification, "COLUMNS", dict(COLUMNS))
    classification.classify("survey_users.line_user_id", "reporter_contact")
    classification.classify("survey_users.display_name", "reporter_contact")
    assert classification.unclassified(found) == ["survey_users.last_message"]
    with pytest.raises(KeyError):
        classification.classify("survey_users.last_message", "no_such_kind")


def test_every_entry_names_a_real_column_and_every_kind_has_a_retention():
    columns = {f"{t.name}.{c.name}" for t in db.metadata.sorted_tables for c in t.columns}
    assert [c for c in list(COLUMNS) + list(NOT_PERSONAL) if c not in columns] == []
    assert set(COLUMNS.values()) <= set(KINDS)
    schedule_fields = set(RetentionDays.__dataclass_fields__)
    for kind in KINDS.values():
        assert kind.retention_field in schedule_fields or kind.retention_note, kind.key
        assert kind.legal_basis and kind.roles
