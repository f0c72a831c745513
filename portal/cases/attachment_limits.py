"""What a case may keep: each file once, and no more than its storage budget per side.

The reporter's files and the staff's reply files each have PORTAL_CASE_STORAGE_MB: a reporter
who used the budget up cannot stop an officer from answering with a file, nor the reverse.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import ActorType, Attachment, Case
from portal.security.files import CleanFile


def files_not_yet_kept(case: Case, files: list[CleanFile]) -> list[CleanFile]:
    """``files`` without those the case already holds (same SHA-256) or that repeat."""
    seen: set[str] = set()
    if case.id is not None:
        seen.update(db.session.scalars(
            select(Attachment.sha256).where(Attachment.case_id == case.id)))
    fresh = []
    for clean in files:
        if clean.sha256 not in seen:
            seen.add(clean.sha256)
            fresh.append(clean)
    return fresh


def check_storage_budget(case: Case, files: list[CleanFile],
                         uploaded_by: ActorType = ActorType.REPORTER) -> None:
    """Refuse files that would take ``uploaded_by``'s side of the case past its budget."""
    budget = current_app.config["PORTAL_CASE_STORAGE_BYTES"]
    adding = sum(f.size for f in files)
    if not adding:
        return
    used = 0
    if case.id is not None:
        used = db.session.scalar(
            select(func.coalesce(func.sum(Attachment.size), 0)).where(
                Attachment.case_id == case.id, Attachment.uploaded_by == uploaded_by))
    if used + adding > budget:
        raise CaseError(_l(
            "ไฟล์แนบของเรื่องนี้รวมกันได้ไม่เกิน %(mb)d MB (ใช้ไปแล้ว %(used)s MB) "
            "กรุณาแนบเฉพาะไฟล์ที่จำเป็น หรือย่อขนาดไฟล์ก่อนแนบ",
            mb=budget // 2**20, used=f"{used / 2**20:.1f}"))
