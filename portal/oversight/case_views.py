"""The record of who saw which confidential case: opened, listed in the inbox, or exported."""

from __future__ import annotations

from collections.abc import Iterable

from portal.extensions import db
from portal.models import Case, CaseView, CaseViewKind, User


def confidential_ids(cases: Iterable[Case]) -> list[int]:
    return [case.id for case in cases if case.confidential]


def record_confidential_views(user: User, case_ids: Iterable[int], kind: CaseViewKind,
                              ip_address: str) -> int:
    """One row per confidential case ``user`` saw; returns how many. The caller commits."""
    rows = [CaseView(case_id=ident, user_id=user.id, kind=kind, ip_address=ip_address[:64])
            for ident in dict.fromkeys(case_ids)]
    db.session.add_all(rows)
    return len(rows)
