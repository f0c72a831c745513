"""The record of processing activities (PDPA s.39), generated from the portal's configuration.

Its inputs are the data kinds of :mod:`portal.privacy.classification`, the office's details
and retention schedule, the processors an administrator entered, the channel accounts the
office connected, the mail relay, and the security measures the code applies (encrypted
columns, second factor for every role, append-only logs). Whenever these give a different
record, :func:`current_ropa` stores it as a new numbered version; older versions stay.
"""

from __future__ import annotations

import hashlib
import json

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.types import TypeDecorator

from portal.clock import utcnow
from portal.extensions import db
from portal.models import TWO_FACTOR_ROLES, ChannelAccount, Office
from portal.models.privacy import Processor, RopaVersion
from portal.oversight.append_only import APPEND_ONLY_TABLES
from portal.privacy.classification import COLUMNS, KINDS
from portal.privacy.schedule import schedule_of
from portal.security.crypto import EncryptedText


def _encrypted_columns() -> list[str]:
    return sorted(
        f"{t.name}.{c.name}"
        for t in db.metadata.tables.values()
        for c in t.columns
        if isinstance(c.type, TypeDecorator) and isinstance(c.type, EncryptedText)
    )


def _retention(kind, schedule) -> str:
    if kind.retention_field:
        days = getattr(schedule, kind.retention_field)
        text = (
            _("%(days)d วันหลังปิดเรื่อง", days=days)
            if kind.retention_field in ("contact_days", "attachment_days", "text_mask_days")
            else _("%(days)d วัน", days=days)
        )
        return f"{text} {kind.retention_note}".strip()
    return str(kind.retention_note)


def _recipients(office: Office) -> list[dict]:
    rows = [
        {
            "name": p.name,
            "service": p.service,
            "data": p.data_kinds,
            "location": p.location,
            "safeguards": p.safeguards,
        }
        for p in db.session.scalars(
            select(Processor).where(Processor.office_id == office.id).order_by(Processor.id)
        )
    ]
    for account in db.session.scalars(
        select(ChannelAccount)
        .where(ChannelAccount.office_id == office.id, ChannelAccount.enabled.is_(True))
        .order_by(ChannelAccount.id)
    ):
        rows.append(
            {
                "name": {
                    "facebook_page": "Facebook (Meta Platforms)",
                    "line_broadcast": "LINE (LY Corporation)",
                }.get(account.channel.value, account.channel.value),
                "service": _("บัญชีที่เชื่อมต่อ: %(name)s", name=account.display_name),
                "data": _("ข้อความที่เผยแพร่และข้อความตอบกลับ"),
                "location": "",
                "safeguards": "",
            }
        )
    mail = current_app.config.get("MAIL_SERVER") or ""
    rows.append(
        {
            "name": _("เครื่องส่งอีเมล (SMTP)"),
            "service": mail,
            "data": _("อีเมลของผู้แจ้งที่ขอรับการแจ้งเตือน และเนื้อความแจ้งเตือน"),
            "location": "",
            "safeguards": "",
        }
    )
    return rows


def _measures() -> list[str]:
    return [
        _("เข้ารหัสข้อมูลขณะจัดเก็บ: %(columns)s", columns=", ".join(_encrypted_columns())),
        _("เจ้าหน้าที่ทุกบทบาทต้องยืนยันตัวตนสองขั้นตอน (%(n)d บทบาท)", n=len(TWO_FACTOR_ROLES)),
        _("เรื่องทุจริตและเรื่องลับเห็นเฉพาะผู้รับผิดชอบเรื่องทุจริตและผู้บริหาร ทุกการเปิดดูถูกบันทึก"),
        _("บันทึกที่แก้ไขหรือลบไม่ได้: %(tables)s", tables=", ".join(APPEND_ONLY_TABLES)),
        _("ลบหรือปกปิดข้อมูลที่พ้นระยะเวลาทุกวัน ล้างหน้าว่างของฐานข้อมูล (secure_delete)"),
        _("ไฟล์แนบถูกตรวจเนื้อไฟล์ ลบข้อมูล EXIF/GPS และเก็บนอกเว็บรูท"),
        _("บันทึกการเข้าถึงของหน้าสาธารณะไม่เก็บที่อยู่ IP และเลขรับเรื่อง"),
    ]


def build_ropa(office: Office) -> dict:
    """The record as data, in the current locale (without the time it was made)."""
    from portal.admin.forms import ROLE_LABELS

    schedule = schedule_of(office)
    where = {}
    for column, key in COLUMNS.items():
        where.setdefault(key, []).append(column)
    return {
        "controller": {
            "name": office.name_th,
            "name_en": office.name_en,
            "address": office.address_th,
            "phone": office.phone,
            "email": office.email,
            "dpo": office.dpo_contact,
        },
        "activities": [
            {
                "key": kind.key,
                "data": str(kind.label),
                "subjects": str(kind.subjects),
                "purpose": str(kind.purpose),
                "legal_basis": [str(b) for b in kind.legal_basis],
                "roles": [str(ROLE_LABELS[r]) for r in kind.roles],
                "retention": _retention(kind, schedule),
                "stored_in": sorted(where.get(kind.key, [])),
            }
            for kind in KINDS.values()
        ],
        "recipients": _recipients(office),
        "measures": _measures(),
    }


def current_ropa(office: Office) -> RopaVersion:
    """The office's latest version, a new one first if the configuration changed since."""
    with force_locale("th"):
        thai = build_ropa(office)
    with force_locale("en"):
        english = build_ropa(office)
    fingerprint = hashlib.sha256(
        json.dumps([thai, english], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    latest = db.session.scalar(
        select(RopaVersion)
        .where(RopaVersion.office_id == office.id)
        .order_by(RopaVersion.number.desc())
        .limit(1)
    )
    if latest is not None and latest.fingerprint == fingerprint:
        return latest
    number = (
        db.session.scalar(
            select(func.max(RopaVersion.number)).where(RopaVersion.office_id == office.id)
        )
        or 0
    ) + 1
    version = RopaVersion(
        office_id=office.id,
        number=number,
        fingerprint=fingerprint,
        content=json.dumps({"th": thai, "en": english}, ensure_ascii=False),
        created_at=utcnow(),
    )
    db.session.add(version)
    db.session.flush()
    return version


def content_of(version: RopaVersion, locale: str) -> dict:
    content = json.loads(version.content)
    return content.get(locale) or content["th"]
