"""The reporter's one receipt after a transfer: the old office sends them on, the new one
opens the case with the old number (or the new one) and the same receipt."""

from __future__ import annotations

import time

from flask import abort, redirect, session, url_for
from sqlalchemy import select

from portal.cases.tracking import decoy_hash
from portal.extensions import db
from portal.links import public_url
from portal.models import Case, Office
from portal.referral.services import (
    find_transferred,
    handoff_token,
    incoming,
    outgoing,
    read_handoff,
)
from portal.security.tokens import verify_receipt
from portal.tenancy import current_office
from portal.tracking import bp


def case_by_old_receipt(office: Office, number: str, receipt: str) -> Case | None:
    """A case transferred into ``office``, opened with the receipt of its first office: by
    its old number, or by its new number (the receipt was hashed with the old one)."""
    transfer = find_transferred(office, number)
    if transfer is None:
        case = db.session.scalar(
            select(Case).where(Case.office_id == office.id, Case.number == number)
        )
        transfer = incoming(case) if case is not None else None
    if transfer is None:
        verify_receipt(decoy_hash(), receipt, number)  # as costly as a wrong receipt
        return None
    if not verify_receipt(transfer.receipt_hash, receipt, transfer.from_number):
        return None
    return transfer.to_case


def moved_to(case: Case):
    """For a case transferred away: a redirect to its page at the new office, else None."""
    transfer = outgoing(case)
    if transfer is None:
        return None
    return redirect(
        public_url("tracking.handoff", office=transfer.to_office, token=handoff_token(transfer)),
        303,
    )


@bp.get("/moved/<token>")
def handoff(token: str):
    """The new office opens the case for a reporter the old office has just checked."""
    from portal.tracking.views import GRANT_KEY, GRANT_SECONDS, MAX_GRANTS

    transfer = read_handoff(token, current_office())
    if transfer is None:
        abort(404)
    number = transfer.to_case.number
    now = time.time()
    grants = {n: t for n, t in session.get(GRANT_KEY, {}).items() if t > now}
    grants[number] = now + GRANT_SECONDS
    session[GRANT_KEY] = dict(sorted(grants.items(), key=lambda kv: kv[1])[-MAX_GRANTS:])
    return redirect(url_for("tracking.show", number=number), 303)
