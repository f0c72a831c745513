"""Cases staff record from other channels: phone, walk-in, letter, e-mail, Facebook, LINE.

They go through the same :func:`~portal.cases.submit.submit_case` as web reports, so they
get a number, a receipt (staff hand it to the reporter), routing, recusal and the same
deadlines, which count from the day the office originally received the case.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask_babel import lazy_gettext as _l

from portal import clock
from portal.cases.deadlines import start_of_local_day
from portal.cases.errors import CaseError
from portal.cases.submit import CaseSubmission, SubmittedCase, submit_case
from portal.models import ActorType, Channel, EventKind, Office, User
from portal.security.access import can_screen

OTHER_CHANNELS = tuple(c for c in Channel if c is not Channel.WEB)


def record_case_from_channel(
    office: Office,
    actor: User,
    channel: Channel,
    original_received_on: date,
    submission: CaseSubmission,
) -> SubmittedCase:
    """File a case a staff member took by ``channel`` on ``original_received_on``.

    Only screeners of ``office`` (intake, integrity, director) record cases. The date may
    not be in the future (Bangkok calendar). A case received today counts from now; an
    earlier one from the start of that day. The first timeline entry names the officer who
    recorded it; the reporter's contact and files are kept as for a web report. Returns the
    receipt, to be given to the reporter once.
    """
    if actor.office_id != office.id or not actor.active or not can_screen(actor):
        raise CaseError(_l("ไม่มีสิทธิ์บันทึกเรื่องจากช่องทางอื่น"))
    if channel not in OTHER_CHANNELS:
        raise CaseError(_l("กรุณาเลือกช่องทางที่ได้รับเรื่อง"))
    now = clock.utcnow()
    today = clock.to_local(now).date()
    if original_received_on > today:
        raise CaseError(_l("วันที่ได้รับเรื่องต้องไม่เป็นวันในอนาคต"))
    received_at = now if original_received_on == today else start_of_local_day(
        original_received_on)
    submitted = submit_case(office, replace(
        submission, channel=channel, received_at=received_at,
        original_received_on=original_received_on,
    ))
    first = submitted.case.events[0]
    if first.kind is EventKind.SUBMITTED:
        first.actor_type = ActorType.STAFF
        first.actor_user_id = actor.id
        first.created_at = now  # when it was recorded; received_at keeps the original day
    for attachment in submitted.case.attachments:
        attachment.uploaded_by = ActorType.STAFF
    return submitted
