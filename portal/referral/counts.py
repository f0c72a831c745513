"""How many of an office's cases of a period it transferred out, whatever their stream.

The national figures count a moved case once, at the office that received it by transfer;
they leave the sending office's closed record out. The published figures give the general
stream's count only (disclosure rules), so the national rollup asks here for the rest.
"""

from __future__ import annotations

from sqlalchemy import exists, func, select

from portal.extensions import db
from portal.models import Case
from portal.referral.models import CaseTransfer
from portal.reports.periods import Period
from portal.reports.sql import cohort


def transferred_out(office_id: int, period: Period) -> int:
    """Cases of ``office_id`` received in ``period`` that it transferred to another office."""
    if not db.session.scalar(select(exists().where(CaseTransfer.from_office_id == office_id))):
        return 0  # most offices: one indexed probe, no cohort read
    ids = cohort(office_id, period, Case.id.label("id"))
    return db.session.scalar(
        select(func.count())
        .select_from(CaseTransfer)
        .where(
            CaseTransfer.from_office_id == office_id,
            CaseTransfer.from_case_id.in_(select(ids.c.id)),
        )
    )
