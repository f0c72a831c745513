"""Case numbers such as NP2-2569-000123 that never repeat, even under concurrent submissions."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import CaseCounter, Office


def next_case_number(office: Office, year_be: int) -> str:
    """Reserve the next number of ``office`` for ``year_be`` inside the current transaction.

    The counter row is incremented with one UPDATE, which takes the row lock (PostgreSQL) or
    the database write lock (SQLite) until the transaction ends, so two submissions can never
    read the same value; a rollback gives the number back, leaving no gap for a lost case.
    """
    value = _increment(office.id, year_be)
    if value is None:
        try:
            with db.session.begin_nested():
                db.session.execute(
                    insert(CaseCounter).values(office_id=office.id, year_be=year_be, last_value=0)
                )
        except IntegrityError:
            pass  # another transaction created the row first: increment theirs
        value = _increment(office.id, year_be)
    return format_case_number(office.code, year_be, value)


def _increment(office_id: int, year_be: int) -> int | None:
    result = db.session.execute(
        update(CaseCounter)
        .where(CaseCounter.office_id == office_id, CaseCounter.year_be == year_be)
        .values(last_value=CaseCounter.last_value + 1)
        .returning(CaseCounter.last_value)
    )
    return result.scalar_one_or_none()


def format_case_number(office_code: str, year_be: int, sequence: int) -> str:
    return f"{office_code}-{year_be}-{sequence:06d}"


def current_counter(office_id: int, year_be: int) -> int:
    value = db.session.scalar(
        select(CaseCounter.last_value).where(
            CaseCounter.office_id == office_id, CaseCounter.year_be == year_be
        )
    )
    return value or 0
