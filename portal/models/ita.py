"""The integrity assessment (ITA): item codes per fiscal year.

Participation reports are publications (:class:`portal.models.PublicationKind.PARTICIPATION`):
they are drafted, checked and approved like every other public text.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class ItaItem(db.Model):
    """Fiscal year (Buddhist era) → item code (O16 …) → the portal page that answers it.

    Item numbers change every year, so this is data the administrator edits, not code.
    """

    __tablename__ = "ita_items"
    __table_args__ = (UniqueConstraint("office_id", "fiscal_year", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)  # Buddhist era, e.g. 2569
    code: Mapped[str] = mapped_column(String(16))
    title_th: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300), default="")
    # A path of the portal (``/ita/manual``) or a full URL elsewhere.
    url: Mapped[str] = mapped_column(String(500))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" and self.title_en else self.title_th
