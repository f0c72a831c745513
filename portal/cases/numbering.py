"""Case numbers such as NP2-2569-000123 that never repeat, even under concurrent submissions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db
from portal.models import CaseCounter, Office


def next_case_number(office: Office, year_be: int) -> str:
    """Reserve the next number of ``office`` for ``year_be`` inside the current transaction.

    One statement: the year's counter row is inserted at 1 or, when it exists, incremented
    (``INSERT … ON CONFLICT DO UPDATE … RETURNING``). Either takes the row lock (PostgreSQL)
    or the database write lock (SQLite) until the transaction ends, so two submissions can
    never read the same value; a rollback gives the number back, leaving no gap for a lost
    case.
    """
    return format_case_number(office.code, year_be, _increment(office.id, year_be))


def _increment(office_id: int, year_be: int) -> int:
    insert = sqlite_insert if db.engine.dialect.name == "sqlite" else postgresql_insert
    statement = insert(CaseCounter).values(office_id=office_id, year_be=year_be, last_value=1)
    statement = statement.on_conflict_do_update(
        index_elements=[CaseCounter.office_id, CaseCounter.year_be],
        set_={"last_value": CaseCounter.last_value + 1},
    ).returning(CaseCounter.last_value)
    return db.session.execute(statement).scalar_one()


def format_case_number(office_code: str, year_be: int, sequence: int) -> str:
    return f"{office_code}-{year_be}-{sequence:06d}"


def current_counter(office_id: int, year_be: int) -> int:
    value = db.session.scalar(
        select(CaseCounter.last_value).where(
            CaseCounter.office_id == office_id, CaseCounter.year_be == year_be
        )
    )
    return value or 0
