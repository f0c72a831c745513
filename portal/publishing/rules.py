"""Who may draft, edit, approve, withdraw and share what is published."""

from __future__ import annotations

from portal.models import Case, CaseStatus, CaseType, Publication, PublicationKind, Role, User
from portal.security.access import CASE_ROLES, can_act_on_case

# Everyone who works on the publishing pages at all.
PUBLISHING_ROLES = CASE_ROLES | {Role.PR, Role.APPROVER}
APPROVER_ROLES = frozenset({Role.DIRECTOR, Role.APPROVER})
# Those who withdraw an item and mark share kits done.
PUBLISHER_ROLES = frozenset({Role.PR, Role.DIRECTOR, Role.APPROVER})
SUMMARY_STATUSES = (CaseStatus.RESOLVED, CaseStatus.CLOSED)
# Who records the office's participation reports for the ITA (as before they were approved).
PARTICIPATION_ROLES = CASE_ROLES | {Role.PR}


def _staff_of(user: User, office_id: int) -> bool:
    return user.active and user.office_id == office_id


def is_confidential(case: Case) -> bool:
    """A corruption report or a case marked confidential: nothing about it is ever public."""
    return case.confidential or case.case_type is CaseType.CORRUPTION


def may_summarise(case: Case) -> bool:
    """A case has a public summary only when it ended and was never confidential."""
    return case.status in SUMMARY_STATUSES and not is_confidential(case)


def can_draft_outcome(user: User, case: Case) -> bool:
    return may_summarise(case) and can_act_on_case(user, case)


def can_draft_news(user: User) -> bool:
    return user.active and user.has_role(Role.PR)


def can_draft_participation(user: User) -> bool:
    return user.active and bool(user.role_set & PARTICIPATION_ROLES)


def can_edit(user: User, item: Publication) -> bool:
    """Outcome texts: staff who may act on the case; news: the PR role; participation
    reports: case staff and the PR role."""
    if not _staff_of(user, item.office_id) or item.state.value == "withdrawn":
        return False
    if item.kind is PublicationKind.NEWS:
        return user.has_role(Role.PR)
    if item.kind is PublicationKind.PARTICIPATION:
        return can_draft_participation(user)
    return item.case is not None and can_draft_outcome(user, item.case)


def can_approve(user: User, item: Publication) -> bool:
    """The director or an approver, never the author of the item or of the version."""
    if not _staff_of(user, item.office_id) or not user.role_set & APPROVER_ROLES:
        return False
    return user.id not in {item.author_id, item.latest.author_id}


def can_publish(user: User, office_id: int) -> bool:
    """Withdrawing items and marking share kits done."""
    return _staff_of(user, office_id) and bool(user.role_set & PUBLISHER_ROLES)
