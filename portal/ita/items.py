"""Fiscal year → ITA item code → portal page: data the administrator edits, seeded for 2569."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import ItaItem, Office
from portal.security.links import is_site_or_https_link

# The complaint-related items of ITA 2569 for government units (O16–O19; O27–O30 in 2566).
DEFAULT_ITEMS = {
    2569: (
        ("O16", "แนวปฏิบัติการจัดการเรื่องร้องเรียน", "Complaint handling manual",
         "/ita/manual"),
        ("O17", "ช่องทางแจ้งเรื่องร้องเรียน", "Complaint channels", "/ita/channels"),
        ("O18", "ข้อมูลเชิงสถิติเรื่องร้องเรียน", "Complaint statistics",
         "/ita/statistics?year={year}"),
        ("O19", "การเปิดโอกาสให้เกิดการมีส่วนร่วม", "Public participation",
         "/ita/participation?year={year}"),
    ),
}
CODE_RE = re.compile(r"^[A-Za-z]{1,3}\d{1,3}(\.\d{1,2})?$")
MIN_YEAR, MAX_YEAR = 2560, 2700


@dataclass
class ItemFields:
    fiscal_year: int
    code: str
    title_th: str
    title_en: str
    url: str
    sort_order: int


def items_for_year(office: Office, fiscal_year: int) -> list[ItaItem]:
    return list(db.session.scalars(
        select(ItaItem).where(ItaItem.office_id == office.id, ItaItem.fiscal_year == fiscal_year)
        .order_by(ItaItem.sort_order, ItaItem.code)))


def fiscal_years(office: Office) -> list[int]:
    """The fiscal years that have items, newest first."""
    return list(db.session.scalars(
        select(ItaItem.fiscal_year).where(ItaItem.office_id == office.id).distinct()
        .order_by(ItaItem.fiscal_year.desc())))


def latest_year_with_items(office: Office, up_to: int) -> int | None:
    """The newest fiscal year, ``up_to`` or before, that has items."""
    return db.session.scalar(
        select(func.max(ItaItem.fiscal_year)).where(ItaItem.office_id == office.id,
                                                    ItaItem.fiscal_year <= up_to))


def seed_default_items(office: Office, fiscal_year: int = 2569) -> int:
    """Add the year's default items the office does not have yet; returns how many."""
    existing = {i.code for i in items_for_year(office, fiscal_year)}
    added = 0
    for order, (code, title_th, title_en, url) in enumerate(DEFAULT_ITEMS[fiscal_year], 1):
        if code not in existing:
            db.session.add(ItaItem(office_id=office.id, fiscal_year=fiscal_year, code=code,
                                   title_th=title_th, title_en=title_en,
                                   url=url.format(year=fiscal_year), sort_order=order))
            added += 1
    db.session.flush()
    return added


def copy_items(office: Office, from_year: int, to_year: int) -> int:
    """Start a new year from last year's list (codes to be checked against the new manual)."""
    if items_for_year(office, to_year):
        raise CaseError(_l("ปีงบประมาณ %(year)d มีรายการอยู่แล้ว", year=to_year))
    if not items_for_year(office, from_year):
        raise CaseError(_l("ปีงบประมาณ %(year)d ไม่มีรายการให้คัดลอก", year=from_year))
    copied = 0
    for item in items_for_year(office, from_year):
        db.session.add(ItaItem(office_id=office.id, fiscal_year=to_year, code=item.code,
                               title_th=item.title_th, title_en=item.title_en,
                               url=item.url.replace(f"year={from_year}", f"year={to_year}"),
                               sort_order=item.sort_order))
        copied += 1
    db.session.flush()
    return copied


def save_item(office: Office, item: ItaItem | None, fields: ItemFields) -> ItaItem:
    """Create (``item`` None) or update an item; a code appears once per year."""
    problem = item_problem(fields)
    if problem:
        raise CaseError(problem)
    clash = db.session.scalar(select(func.count()).select_from(ItaItem).where(
        ItaItem.office_id == office.id, ItaItem.fiscal_year == fields.fiscal_year,
        func.upper(ItaItem.code) == fields.code.upper(),
        ItaItem.id != (item.id if item else -1)))
    if clash:
        raise CaseError(_l("รหัส %(code)s มีอยู่แล้วในปีงบประมาณ %(year)d",
                           code=fields.code, year=fields.fiscal_year))
    if item is None:
        item = ItaItem(office_id=office.id)
        db.session.add(item)
    item.fiscal_year, item.code = fields.fiscal_year, fields.code.upper()
    item.title_th, item.title_en = fields.title_th, fields.title_en
    item.url, item.sort_order = fields.url, fields.sort_order
    db.session.flush()
    return item


def item_problem(fields: ItemFields):
    if not MIN_YEAR <= fields.fiscal_year <= MAX_YEAR:
        return _l("ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569")
    if not CODE_RE.match(fields.code):
        return _l("รหัสข้อต้องเป็นตัวอักษรตามด้วยตัวเลข เช่น O16")
    if not is_site_or_https_link(fields.url):
        return _l("ลิงก์ต้องเป็นหน้าของพอร์ทัล (ขึ้นต้นด้วย /) หรือที่อยู่เว็บที่ขึ้นต้นด้วย https://")
    return None


def delete_item(item: ItaItem) -> None:
    db.session.delete(item)


def absolute_url(url: str) -> str:
    """The full address of an item, as the assessor pastes it into the assessment."""
    if not url.startswith("/"):
        return url
    from portal.links import site_base

    return site_base() + url
