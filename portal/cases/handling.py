"""Working on a case: answer the reporter, ask them for information, keep internal notes."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l

from portal import clock
from portal.cases.deadlines import pause_clock
from portal.cases.errors import CaseError
from portal.cases.pauses import UNREACHABLE, reporter_reachable
from portal.cases.submit import store_attachments
from portal.cases.transitions import (
    add_event,
    case_service,
    finish,
    mark_informed,
    move,
    require_act,
    require_open,
    require_text,
    require_version,
)
from portal.models import ActorType, Case, CaseEvent, CaseStatus, EventKind, User, Visibility
from portal.security.files import CleanFile


@case_service
def reply_publicly(case: Case, actor: User, body: str, expected_version: int,
                   files: Sequence[CleanFile] = ()) -> CaseEvent:
    """Answer the reporter on the tracking page; an e-mail tells them there is an answer.

    ``files`` (already cleaned like the reporter's: images re-encoded without metadata, PDFs
    rewritten) are stored linked to the reply, so the reporter downloads them from the
    tracking page; staff files have a storage budget of their own, as large as the reporter's.

    ``body`` is plain text, stored as typed and shown through the ``paragraphs`` filter
    (:func:`portal.security.sanitize.text_to_html`: paragraphs, line breaks, linked web
    addresses), like every other text of the timeline. The first answer of a handling round is
    kept as the evidence that the reporter was informed. A case that was new, acknowledged
    or awaiting the reporter moves to ``in_progress``.
    """
    require_act(actor, case)
    require_version(case, expected_version)
    require_open(case)
    body = require_text(body, _l("กรุณาพิมพ์ข้อความตอบกลับ"))
    now = clock.utcnow()
    if case.status is CaseStatus.IN_PROGRESS:
        event = add_event(case, actor, EventKind.PUBLIC_REPLY, visibility=Visibility.PUBLIC,
                          body=body, now=now)
    else:
        event = move(case, actor, CaseStatus.IN_PROGRESS, kind=EventKind.PUBLIC_REPLY,
                     body=body, now=now)
    store_attachments(case, event, list(files), ActorType.STAFF)
    mark_informed(case, now)
    finish(case, event)
    return event


@case_service
def request_information(case: Case, actor: User, question: str, expected_version: int) -> CaseEvent:
    """Ask the reporter for a missing detail: the reply clock pauses until they answer.

    The reporter has the policy's completion days (7 by default) to answer; when they do
    (:func:`portal.cases.tracking.add_reporter_message`) the clock resumes and the reply
    deadline moves by the time spent waiting.
    """
    require_act(actor, case)
    require_version(case, expected_version)
    if not reporter_reachable(case):
        raise CaseError(UNREACHABLE)
    question = require_text(question, _l("กรุณาระบุข้อมูลที่ต้องการจากผู้แจ้ง"))
    now = clock.utcnow()
    event = move(case, actor, CaseStatus.AWAITING_REPORTER, kind=EventKind.INFO_REQUESTED,
                 body=question, now=now)
    pause_clock(case, now)
    finish(case, event)
    return event


@case_service
def add_internal_note(case: Case, actor: User, body: str) -> CaseEvent:
    """A note only staff who may see the case read; allowed in any status.

    Notes only append to the timeline and never change the case, so two officers writing
    notes at once cannot overwrite each other: no version check.
    """
    require_act(actor, case)
    body = require_text(body, _l("กรุณาพิมพ์บันทึก"))
    event = add_event(case, actor, EventKind.INTERNAL_NOTE, visibility=Visibility.INTERNAL,
                      body=body)
    finish(case, event)
    return event
