"""Recusal: staff named in a case, or who declare a conflict, lose access to it (DESIGN §4)."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import clock
from portal.cases.errors import CaseError
from portal.cases.transitions import add_event, case_service, finish, require_text, text_for
from portal.extensions import db
from portal.models import Case, CaseEvent, EventKind, Recusal, RecusalReason, User, Visibility
from portal.security.access import can_view_case, is_recused

# Titles people put before a name; the rest (first and last name) must match in full.
_TITLES = sorted(
    ("นางสาว", "น.ส.", "นาย", "นาง", "ดร.", "ว่าที่ร้อยตรี", "ว่าที่ร.ต.", "ว่าที่ ร.ต.",
     "ผศ.", "รศ.", "ศ.", "mr.", "mrs.", "ms.", "miss", "dr."),
    key=len, reverse=True,
)
# Spaces, zero-width characters and the like, which Thai text uses inconsistently.
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_MIN_NAME_CHARS = 4  # a name shorter than this would match by accident


def compact_name(text: str) -> str:
    """``text`` normalised for matching: NFKC, case-folded, without any spaces."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def name_key(full_name: str) -> str:
    """A staff member's full name without a title, compacted (``นายสมชาย ใจดี`` → ``สมชายใจดี``)."""
    name = unicodedata.normalize("NFKC", full_name or "").strip().casefold()
    for title in _TITLES:
        if name.startswith(title):
            name = name[len(title):]
            break
    return compact_name(name)


def named_in(text: str, full_name: str) -> bool:
    """True when ``text`` mentions the person's full name, however it is spaced."""
    key = name_key(full_name)
    return len(key) >= _MIN_NAME_CHARS and key in compact_name(text)


def recuse(case: Case, user: User, reason: RecusalReason, note: str = "") -> bool:
    """Record a recusal (once); an assignee who is recused is taken off the case."""
    if is_recused(user, case):
        return False
    db.session.add(Recusal(case_id=case.id, user_id=user.id, reason=reason, note=note[:500]))
    if case.assignee_id == user.id:
        case.assignee = None
    return True


@case_service
def recuse_named_staff(case: Case) -> list[User]:
    """Recuse every staff member of the office whose full name appears in ``case.respondent``.

    Called when a case is filed (web or other channel). The names are matched ignoring
    titles, spaces and zero-width characters, so ``นาย สมชาย  ใจดี`` finds ``สมชาย ใจดี``.
    """
    if not case.respondent.strip():
        return []
    db.session.flush()  # the case needs its id
    staff = db.session.scalars(
        select(User).where(User.office_id == case.office_id).order_by(User.id)
    )
    named = [u for u in staff if named_in(case.respondent, u.name)]
    recused = [u for u in named if recuse(case, u, RecusalReason.NAMED_RESPONDENT)]
    if recused:
        event = add_event(
            case, None, EventKind.CONFLICT_DECLARED, visibility=Visibility.INTERNAL,
            body=text_for(case, _l("ถอนตัวโดยอัตโนมัติเพราะมีชื่อเป็นผู้ถูกร้อง: %(names)s",
                                   names=", ".join(u.name for u in recused))),
        )
        finish(case, event)
    return recused


@case_service
def declare_conflict(case: Case, actor: User, note: str) -> CaseEvent:
    """The actor declares a conflict of interest and loses access to the case from now on."""
    if not can_view_case(actor, case):
        raise CaseError(_l("ไม่มีสิทธิ์ดำเนินการกับเรื่องนี้"))
    note = require_text(note, _l("กรุณาระบุเหตุที่ขอถอนตัว"))
    recuse(case, actor, RecusalReason.DECLARED_CONFLICT, note)
    event = add_event(case, actor, EventKind.CONFLICT_DECLARED, visibility=Visibility.INTERNAL,
                      body=note, now=clock.utcnow())
    finish(case, event)
    return event
