"""Approving a version (the board shows it, the outbox sends it) and withdrawing an item."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from portal import clock
from portal.delivery.outbox import enqueue_email
from portal.models import (
    Publication,
    PublicationKind,
    PublicationState,
    PublicationVersion,
    User,
    VersionState,
)
from portal.publishing import channels
from portal.publishing.channels import SUBJECT_KIND
from portal.publishing.checks import check_version, open_findings
from portal.publishing.errors import NotAllowed, PublishingError, VersionChanged
from portal.publishing.fingerprint import SeenVersion, matches
from portal.publishing.rules import can_approve, can_publish, is_confidential
from portal.publishing.share import item_url, payload

# Other features' conditions on approval (raise PublishingError) and their follow-ups
# (item, first_time), registered at start (portal/network/hooks.py): publishing imports none.
APPROVAL_GUARDS: list[Callable[[Publication], None]] = []
APPROVAL_FOLLOW_UPS: list[Callable[[Publication, bool], None]] = []


def approve_version(item: Publication, approver: User, seen: SeenVersion) -> PublicationVersion:
    """Put the awaiting version on the board and queue its deliveries, in this transaction.

    ``seen`` is the version number and digest of the text the approver was shown: any other
    text is refused (:class:`VersionChanged`), as is a summary of a case that has become
    confidential. The privacy check runs again: findings neither fixed nor overridden refuse
    the approval. A later version replaces the earlier one on the board and is sent again.
    """
    version = _approvable(item, approver, seen)
    now = clock.utcnow()
    previous = item.live
    if previous is not None:
        previous.state = VersionState.SUPERSEDED
    version.state = VersionState.APPROVED
    version.approved_by_id, version.approved_at = approver.id, now
    first_time = item.published_at is None
    item.state = PublicationState.PUBLISHED
    item.live_number = version.number
    item.published_at = item.published_at or now
    item.updated_at = now
    if item.kind in SUBJECT_KIND:  # a participation report stays on the ITA page
        channels.enqueue_publication(item.office, SUBJECT_KIND[item.kind], item.id,
                                     version.number, payload(item, version))
    if first_time and item.kind is PublicationKind.OUTCOME:
        _tell_reporter(item)
    for follow_up in APPROVAL_FOLLOW_UPS:
        follow_up(item, first_time)
    return version


def _approvable(item: Publication, approver: User, seen: SeenVersion) -> PublicationVersion:
    """The version ``approver`` may approve now, or the reason they may not."""
    if not can_approve(approver, item):
        raise NotAllowed(_l("ผู้อนุมัติต้องเป็นผู้อำนวยการหรือผู้ที่ได้รับมอบหมาย "
                            "และต้องไม่ใช่ผู้เขียน"))
    if item.state is PublicationState.WITHDRAWN:
        raise PublishingError(_l("รายการนี้ถอนการเผยแพร่แล้ว"))
    if item.case is not None and is_confidential(item.case):
        raise PublishingError(_l("เรื่องนี้เป็นเรื่องลับหรือเรื่องทุจริต "
                                 "จึงเผยแพร่สรุปผลไม่ได้"))
    version = item.latest
    if not matches(version, seen):
        raise VersionChanged(_l("ข้อความถูกแก้ไขระหว่างที่ท่านเปิดหน้านี้ จึงยังไม่ได้อนุมัติ "
                                "ข้อความปัจจุบัน (ฉบับที่ %(n)d) แสดงอยู่ด้านล่าง "
                                "กรุณาอ่านให้ครบแล้วจึงอนุมัติอีกครั้ง", n=version.number))
    if version.state is not VersionState.AWAITING_APPROVAL:
        raise PublishingError(_l("ยังไม่มีฉบับที่รออนุมัติ"))
    for guard in APPROVAL_GUARDS:
        guard(item)
    check_version(item, version)
    if open_findings(version):
        raise PublishingError(_l("ยังมีข้อความที่อาจระบุตัวบุคคล กรุณาแก้ไข "
                                 "หรือบันทึกเหตุผลที่คงไว้ก่อนอนุมัติ"))
    return version


def withdraw_item(item: Publication, user: User, reason: str) -> None:
    """Off the board at once; the outbox deletes what was posted and cancels what was not."""
    if not can_publish(user, item.office_id):
        raise NotAllowed(_l("ท่านไม่มีสิทธิ์ถอนการเผยแพร่"))
    if item.state is not PublicationState.PUBLISHED:
        raise PublishingError(_l("ถอนได้เฉพาะรายการที่เผยแพร่อยู่"))
    reason = reason.strip()
    if len(reason) < 5:
        raise PublishingError(_l("กรุณาระบุเหตุผลที่ถอนการเผยแพร่"))
    take_down(item, user, reason)


def take_down(item: Publication, user: User, reason: str) -> None:
    """Withdraw ``item`` whatever its state, with no permission check: the callers decide.

    A published item leaves the board and the feed at once and the outbox deletes its post; a
    draft is stopped (nothing was sent, so the outbox finds nothing to cancel).
    """
    item.state = PublicationState.WITHDRAWN
    now = clock.utcnow()
    item.withdrawn_at, item.withdrawn_by_id, item.withdraw_reason = now, user.id, reason
    item.updated_at = now  # the board changed: cached pages are stale
    if item.kind in SUBJECT_KIND:
        channels.withdraw_publication(item.office, SUBJECT_KIND[item.kind], item.id, reason)


def _tell_reporter(item: Publication) -> None:
    case = item.case
    contact = case.contact if case is not None else None
    if contact is not None and contact.notify_by_email and contact.email:
        enqueue_email(item.office, case, contact.email, "case_outcome_published",
                      outcome_url=item_url(item))
