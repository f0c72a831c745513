"""The ROPA map: each kind of personal data the portal holds, and the columns that hold it.

A new column that looks personal (portal.privacy.columns) must be listed here, either under
a data kind of :data:`KINDS` in :data:`COLUMNS`, or in :data:`NOT_PERSONAL` with the reason;
tests/privacy/test_columns.py fails otherwise. A new feature adds its own entries with
:func:`classify` (or edits the tables below): one line per column.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.models import Role

PUBLIC_TASK = _l("ภารกิจเพื่อประโยชน์สาธารณะของหน่วยงาน (มาตรา 24(4))")
LEGAL_DUTY = _l("การปฏิบัติตามกฎหมาย (มาตรา 24(6))")
CONSENT = _l("ความยินยอม สำหรับการแจ้งเตือนทางอีเมลเท่านั้น (มาตรา 19)")
LEGITIMATE = _l("ประโยชน์โดยชอบด้วยกฎหมายในการรักษาความปลอดภัยของระบบ (มาตรา 24(5))")


@dataclass(frozen=True)
class DataKind:
    """One line of the record of processing."""

    key: str
    label: str
    subjects: str
    purpose: str
    legal_basis: tuple[str, ...]
    roles: tuple[Role, ...]
    # A field of the office's retention schedule, or None with ``retention_note`` instead.
    retention_field: str | None
    retention_note: str = ""


CASE_HANDLERS = (Role.INTAKE, Role.CASE_OFFICER, Role.INTEGRITY, Role.DIRECTOR)
KINDS: dict[str, DataKind] = {
    k.key: k
    for k in (
        DataKind(
            "reporter_contact",
            _l("ข้อมูลติดต่อของผู้แจ้ง (ชื่อ โทรศัพท์ อีเมล LINE ID)"),
            _l("ผู้แจ้ง ผู้ปกครอง นักเรียน ครู ประชาชน"),
            _l("ติดต่อกลับและแจ้งความคืบหน้าของเรื่องร้องเรียน"),
            (PUBLIC_TASK, CONSENT),
            CASE_HANDLERS,
            "contact_days",
        ),
        DataKind(
            "case_text",
            _l("เนื้อความของเรื่อง ผู้ถูกร้อง พยาน ข้อความโต้ตอบ"),
            _l("ผู้แจ้ง ผู้ถูกร้อง พยาน บุคคลที่ถูกกล่าวถึง"),
            _l("พิจารณาและดำเนินการตามเรื่องร้องเรียน"),
            (PUBLIC_TASK,),
            CASE_HANDLERS,
            "text_mask_days",
            _l("เนื้อความเก็บไว้ แต่ปกปิดข้อมูลส่วนบุคคลเมื่อพ้นระยะเวลา"),
        ),
        DataKind(
            "attachment",
            _l("ไฟล์แนบ (ภาพถ่าย เอกสาร)"),
            _l("ผู้แจ้ง บุคคลในภาพหรือเอกสาร"),
            _l("หลักฐานประกอบการพิจารณาเรื่อง"),
            (PUBLIC_TASK,),
            CASE_HANDLERS,
            "attachment_days",
            _l("ยกเว้นไฟล์ที่ทำเครื่องหมายเป็นพยานหลักฐาน"),
        ),
        DataKind(
            "delivery",
            _l("ข้อความที่ส่งถึงผู้แจ้งและผู้รับ"),
            _l("ผู้แจ้ง เจ้าหน้าที่"),
            _l("ส่งการแจ้งเตือนและตอบกลับ และตรวจสอบการส่ง"),
            (PUBLIC_TASK, CONSENT),
            (Role.ADMIN,),
            "delivery_days",
        ),
        DataKind(
            "staff_account",
            _l("บัญชีเจ้าหน้าที่ (ชื่อ อีเมล พาสคีย์)"),
            _l("เจ้าหน้าที่"),
            _l("ยืนยันตัวตนและกำหนดสิทธิการเข้าถึง"),
            (LEGAL_DUTY, LEGITIMATE),
            (Role.ADMIN,),
            None,
            _l("ตลอดเวลาที่เป็นผู้ใช้ระบบ"),
        ),
        DataKind(
            "access_log",
            _l("บันทึกการเข้าสู่ระบบ (อีเมล ที่อยู่ IP เบราว์เซอร์)"),
            _l("เจ้าหน้าที่"),
            _l("รักษาความปลอดภัยและตรวจหาการเข้าถึงโดยมิชอบ"),
            (LEGITIMATE,),
            (Role.ADMIN, Role.DIRECTOR),
            "access_log_days",
        ),
        DataKind(
            "view_log",
            _l("บันทึกการเปิดดูเรื่องลับของเจ้าหน้าที่"),
            _l("เจ้าหน้าที่"),
            _l("คุ้มครองผู้แจ้งเบาะแสการทุจริตด้วยการบันทึกผู้เข้าถึง"),
            (LEGAL_DUTY,),
            (Role.DIRECTOR, Role.INTEGRITY),
            "view_log_days",
        ),
        DataKind(
            "audit",
            _l("บันทึกการตรวจสอบ (การเปลี่ยนสิทธิ การถอนตัว การเปิดดูรายงาน)"),
            _l("เจ้าหน้าที่"),
            _l("หลักฐานการกำกับดูแลและการตรวจสอบภายใน"),
            (LEGAL_DUTY,),
            (Role.DIRECTOR, Role.INTEGRITY, Role.ADMIN),
            None,
            _l("เก็บถาวร แก้ไขหรือลบไม่ได้"),
        ),
        DataKind(
            "privacy_request",
            _l("คำขอใช้สิทธิของเจ้าของข้อมูลและผลการพิจารณา"),
            _l("ผู้แจ้ง"),
            _l("ดำเนินการตามสิทธิของเจ้าของข้อมูล"),
            (LEGAL_DUTY,),
            (Role.INTAKE, Role.DIRECTOR, Role.INTEGRITY),
            None,
            _l("เก็บคู่กับเรื่อง"),
        ),
        DataKind(
            "breach",
            _l("ทะเบียนเหตุละเมิดข้อมูลส่วนบุคคล"),
            _l("ผู้ได้รับผลกระทบ"),
            _l("ประเมินและแจ้งเหตุละเมิดตามมาตรา 37(4)"),
            (LEGAL_DUTY,),
            (Role.ADMIN,),
            None,
            _l("เก็บถาวรเป็นหลักฐาน"),
        ),
        DataKind(
            "publication",
            _l("ข้อความที่เผยแพร่ (สรุปผล ข่าว รายงานการมีส่วนร่วม)"),
            _l("บุคคลที่อาจถูกกล่าวถึง"),
            _l("เผยแพร่ผลการดำเนินงานหลังตรวจสอบความเป็นส่วนตัวและอนุมัติโดยบุคคลที่สอง"),
            (PUBLIC_TASK,),
            (Role.PR, Role.DIRECTOR, Role.APPROVER),
            None,
            _l("เผยแพร่ถาวรจนกว่าจะถอน"),
        ),
        DataKind(
            "chat_identity",
            _l("ตัวตนของผู้แจ้งในแชต (รหัสผู้ใช้ LINE หรือ Messenger ชื่อที่แสดง ร่างเรื่องที่กำลังแจ้ง)"),
            _l("ผู้แจ้งที่ติดต่อทาง LINE หรือ Messenger"),
            _l("รับเรื่องทางแชต ตอบกลับ และแจ้งความคืบหน้าในแชตเดิม"),
            (PUBLIC_TASK,),
            CASE_HANDLERS,
            "contact_days",
            _l("หรือหลังข้อความสุดท้าย หากไม่ได้แจ้งเรื่อง"),
        ),
        DataKind(
            "chat_message",
            _l("ข้อความแชตที่ได้รับและที่ตอบกลับ (ตามที่ LINE หรือ Messenger ส่งมา)"),
            _l("ผู้แจ้ง"),
            _l("ประมวลผลข้อความแชต ส่งคำตอบ และตรวจสอบการส่ง"),
            (PUBLIC_TASK,),
            (Role.ADMIN,),
            "delivery_days",
        ),
        DataKind(
            "network_person",
            _l("ผู้ประสานงานประชาสัมพันธ์ของโรงเรียนและกรรมการเครือข่าย (ชื่อ ตำแหน่ง โทรศัพท์ อีเมล LINE ID)"),
            _l("ครูและบุคลากรของโรงเรียน กรรมการเครือข่ายประชาสัมพันธ์"),
            _l("ประสานงานเครือข่ายประชาสัมพันธ์ ส่งข่าวและรับข่าวจากโรงเรียน"),
            (PUBLIC_TASK,),
            (Role.PR, Role.ADMIN),
            None,
            _l(
                "ตลอดเวลาที่ทำหน้าที่ เมื่อมีผู้แทนหรือถูกลบ ข้อมูลผู้ประสานงานถูกแทนที่หรือลบทันที "
                "ข้อมูลติดต่อของกรรมการลบเมื่อพ้นวาระ 1 ปี ชื่อและตำแหน่งเก็บไว้ตามคำสั่งแต่งตั้ง"
            ),
        ),
    )
}

COLUMNS: dict[str, str] = {
    "reporter_contacts.name": "reporter_contact",
    "reporter_contacts.phone": "reporter_contact",
    "reporter_contacts.email": "reporter_contact",
    "reporter_contacts.line_id": "reporter_contact",
    "cases.subject": "case_text",
    "cases.description": "case_text",
    "cases.place_text": "case_text",
    "cases.respondent": "case_text",
    "cases.witnesses": "case_text",
    "case_events.body": "case_text",
    "satisfaction_ratings.comment": "case_text",
    "attachments.original_name": "attachment",
    "deliveries.recipient": "delivery",
    "deliveries.subject": "delivery",
    "deliveries.body_text": "delivery",
    "deliveries.body_html": "delivery",
    "deliveries.payload": "delivery",
    "users.name": "staff_account",
    "users.email": "staff_account",
    "passkeys.name": "staff_account",
    "passkeys.credential_id": "staff_account",
    "users.totp_secret": "staff_account",
    "sign_in_records.email": "access_log",
    "sign_in_records.ip_address": "access_log",
    "sign_in_records.user_agent": "access_log",
    "case_views.ip_address": "view_log",
    "report_views.ip_address": "audit",
    "account_audit_log.detail": "audit",
    "recusals.note": "audit",
    "report_versions.published_by_name": "audit",
    "privacy_requests.reason": "privacy_request",
    "privacy_requests.decision_note": "privacy_request",
    "privacy_requests.legal_ground": "privacy_request",
    "breaches.description": "breach",
    "breaches.data_kinds": "breach",
    "breaches.risk_assessment": "breach",
    "breaches.measures": "breach",
    "breaches.no_notify_reason": "breach",
    "breaches.no_people_reason": "breach",
    "breach_edits.changes": "breach",
    "publication_versions.body": "publication",
    "publication_versions.participants": "publication",
    "publication_versions.improvement": "publication",
    "publication_versions.override_reason": "publication",
    "publications.withdraw_reason": "publication",
    "chat_users.user_id": "chat_identity",
    "chat_users.display_name": "chat_identity",
    "chat_users.draft": "chat_identity",
    "chat_inbound_events.payload": "chat_message",
    "chat_outgoing.messages": "chat_message",
    "chat_outgoing.reply_token": "chat_message",
    **{
        f"network_correspondents.{c}": "network_person"
        for c in ("name", "position", "phone", "email", "line_id", "email_digest")
    },
    **{
        f"network_committee_members.{c}": "network_person"
        for c in ("name", "phone", "email", "line_id")
    },
    "network_invitations.pending": "network_person",
    # The key of the LINE chat user a correspondent joined in (the LINE id stays encrypted on
    # chat_users): a link between the person and their LINE account, so theirs to classify.
    "network_correspondents.chat_user_id": "network_person",
    "network_news.body": "publication",
    "network_news.editor_note": "publication",
    "national_case_grants.reason": "audit",
    "national_log.detail": "audit",
    "case_transfers.reason": "audit",  # staff's reason for moving a case to another office
    "network_passkeys.name": "network_person",
    "network_passkeys.credential_id": "network_person",
}

# Columns whose names look personal but hold none, each with why.
NOT_PERSONAL: dict[str, str] = {
    "submission_keys.sealed_receipt": "the receipt code sealed under a key only the "
    "reporter's own form held; it names no one and cannot be opened without that key",
    **{
        f"offices.{c}": "the office's own published details"
        for c in (
            "name_th",
            "name_en",
            "address_th",
            "address_en",
            "phone",
            "email",
            "line_id",
            "dpo_contact",
            "dpo_contact_en",
        )
    },
    **{
        f"{t}.{c}": "a place or unit of the office, not a person"
        for t in ("schools", "districts", "work_groups", "categories")
        for c in ("name_th", "name_en")
    },
    "holidays.name": "a public holiday",
    "response_templates.body": "a template staff write, no reporter's data",
    "channel_accounts.display_name": "the office's Page or LINE account",
    "channel_accounts.page_id": "the office's Page id",
    "channel_accounts.access_token": "the office's own credentials (encrypted)",
    "channel_accounts.secret": "the office's own credentials (encrypted)",
    "channel_accounts.last_error": "a service's error message",
    "channel_accounts.error_detail": "a service's error message",
    "deliveries.message_id": "a generated Message-ID",
    "deliveries.remote_id": "a Facebook post or LINE request id of the office",
    "deliveries.subject_kind": "a code (outcome, news)",
    "deliveries.last_error": "a service's error message",
    "deliveries.error_detail": "a service's error message",
    "deliveries.note": "an operator's note such as dry-run",
    "cases.decline_reason": "an enumerated reason code",
    "recusals.reason": "an enumerated reason code",
    "sign_in_records.reason": "a failure code such as bad_password",
    "report_versions.figures_json": "aggregate figures, disclosure-controlled",
    "report_versions.note": "a correction note about figures",
    "publication_versions.privacy_flags": "kinds of findings, not their text",
    "publication_versions.overridden_flags": "kinds of findings, not their text",
    "legal_holds.reason_kind": "a code (court, nacc …)",
    "legal_holds.reason": "why a case is kept (no reporter data)",
    "ropa_versions.content": "the record of processing itself",
    "data_processors.name": "a company",
    "data_processors.data_kinds": "a description of kinds of data",
    "data_processors.safeguards": "a description of contracts",
    "data_processors.service": "a description of a service",
    "chat_channel_settings.verify_token": "the office's own Messenger handshake secret",
    "chat_channel_settings.rich_menu_id": "the id LINE gives the office's rich menu",
    "chat_inbound_events.last_error": "an error code or exception class the worker records",
    "chat_outgoing.last_error": "a service's error message or the reason a send stopped",
    "national_rollups.figures_json": "an office's public aggregate figures",
    "network_changes.subject": "a code naming what changed (correspondent_main, committee:7)",
    "network_changes.fields": "the names of the fields that changed, never their values",
    "network_coverage_figures.name": "the name of an aggregate figure (pages, followers)",
    "network_invitations.token": "a school's single-use invitation secret, not a person",
}


def classify(column: str, kind: str | None = None, *, not_personal: str = "") -> None:
    """Register a column of another feature: under a data kind, or as not personal (why)."""
    if kind is not None:
        if kind not in KINDS:
            raise KeyError(kind)
        COLUMNS[column] = kind
    else:
        if not not_personal:
            raise ValueError("say why the column holds no personal data")
        NOT_PERSONAL[column] = not_personal


def unclassified(personal: list[str]) -> list[str]:
    """The personal-looking columns with neither a data kind nor a reason they are not."""
    return [c for c in personal if c not in COLUMNS and c not in NOT_PERSONAL]
