"""A participation report put on the ITA page the only way there is: drafted, approved."""

from __future__ import annotations

from portal.extensions import db
from portal.models import Office, Publication, Role
from portal.publishing.approval import approve_version
from portal.publishing.drafting import DraftText, draft_participation, submit_for_approval
from portal.publishing.fingerprint import seen_of
from tests.factories import make_user


def approved_participation(office: Office, text: DraftText) -> Publication:
    """Written by an intake officer, approved by a director; flushed, not committed."""
    author = make_user(office, Role.INTAKE)
    item = draft_participation(office, author, text)
    submit_for_approval(item, author)
    approve_version(item, make_user(office, Role.DIRECTOR), seen_of(item.latest))
    db.session.flush()
    return item
