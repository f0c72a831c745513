"""The idempotency key of a public form: one case (or one reply), however often it is sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.models.case import Case


class SubmissionKey(db.Model):
    """The case a form's hidden key produced, and its receipt sealed under that key.

    Only a keyed hash of the form's key is stored, and the receipt is encrypted with a key
    derived from the form's key: the database alone opens neither. The reporter's browser,
    sending the same form again (a double click, a retry after a lost answer), can.
    """

    __tablename__ = "submission_keys"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # None for a reporter's reply on the tracking page: there is no receipt to show again.
    sealed_receipt: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    case: Mapped[Case] = relationship()
