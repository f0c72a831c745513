"""Running the privacy check on a version and deciding whether its findings are cleared."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.models import Case, Office, Publication, PublicationVersion
from portal.publishing.pii.office import office_contacts, office_places
from portal.publishing.privacy import Finding, KnownPeople, check_text

# Staff wording: the author reads these beside the draft.
FINDING_LABELS = {
    "person_name": _l("ชื่อบุคคลหลังคำนำหน้า"),
    "phone": _l("หมายเลขโทรศัพท์"),
    "national_id": _l("เลขประจำตัวประชาชน 13 หลัก"),
    "email": _l("อีเมล"),
    "line_id": _l("LINE ID"),
    "url": _l("ลิงก์ที่ไม่ใช่ของสำนักงาน"),
    "reporter_name": _l("ชื่อของผู้แจ้ง"),
    "reporter_phone": _l("หมายเลขโทรศัพท์ของผู้แจ้ง"),
    "reporter_email": _l("อีเมลของผู้แจ้ง"),
    "reporter_line_id": _l("LINE ID ของผู้แจ้ง"),
    "respondent_name": _l("ชื่อผู้ถูกร้อง"),
    "class_roll": _l("ชั้น ห้อง หรือเลขที่ของนักเรียน"),
    "student_id": _l("เลขประจำตัวนักเรียน"),
    "address": _l("ที่อยู่บ้าน (บ้านเลขที่ หมู่ ซอย)"),
    "vehicle_plate": _l("ป้ายทะเบียนรถ"),
}


def office_hosts(office: Office) -> set[str]:
    """Host names whose links are the office's own and may stand in a public text."""
    hosts = {office.hostname or ""}
    for url in (current_app.config.get("PORTAL_BASE_URL") or "", office.facebook_url):
        hosts.add(urlsplit(url).hostname or "")
    return {h.lower() for h in hosts if h}


def known_people(item: Publication) -> KnownPeople:
    return known_people_of(item.office, item.case)


def known_people_of(office: Office, case: Case | None) -> KnownPeople:
    """What the check looks for besides the usual: the case's reporter and respondent; what
    it leaves alone: the office's own contacts and its places (schools, villages)."""
    known = KnownPeople(allowed_hosts=office_hosts(office),
                        office_contacts=office_contacts(office),
                        places=office_places(office))
    if case is not None:
        known.respondent = case.respondent or ""
        contact = case.contact
        if contact is not None:
            known.reporter_name = contact.name or ""
            known.reporter_phone = contact.phone or ""
            known.reporter_email = contact.email or ""
            known.reporter_line_id = contact.line_id or ""
    return known


def public_text(version: PublicationVersion) -> str:
    """Every text of a version the public reads (the link of news is the office's choice)."""
    parts = (version.title, version.body, version.participants, version.improvement)
    return "\n".join(part for part in parts if part)


def check_version(item: Publication, version: PublicationVersion) -> list[Finding]:
    """Check the version's public text and store the result."""
    findings = current_findings(item, version)
    version.privacy_flags = dump_findings(findings)
    return findings


def current_findings(item: Publication, version: PublicationVersion) -> list[Finding]:
    """What the check finds in the version now, stored nowhere (for a page to show)."""
    return check_text(public_text(version), known_people(item))


def not_overridden(version: PublicationVersion, findings: list[Finding]) -> list[Finding]:
    kept = set(_load(version.overridden_flags))
    return [f for f in findings if f not in kept]


def stored_findings(version: PublicationVersion) -> list[Finding]:
    return _load(version.privacy_flags)


def open_findings(version: PublicationVersion) -> list[Finding]:
    """Findings neither fixed nor overridden: a version with any is not approved."""
    return not_overridden(version, _load(version.privacy_flags))


def dump_findings(findings: list[Finding]) -> str:
    return json.dumps([[f.kind, f.text] for f in findings], ensure_ascii=False)


def _load(raw: str) -> list[Finding]:
    return [Finding(kind, text) for kind, text in json.loads(raw or "[]")]
