"""Words the reporter reads for each status and event, and the shared type and channel names.

Reporter wording addresses them as "ท่าน"; staff pages override STATUS and EVENT with
portal/staff/labels.py, which speaks of "ผู้แจ้ง".
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.models import (
    CaseStatus,
    CaseType,
    Channel,
    DeclineReason,
    DeliveryChannel,
    DeliveryStatus,
    EventKind,
    Outcome,
)

STATUS = {
    CaseStatus.NEW: _l("ได้รับเรื่องแล้ว รอเจ้าหน้าที่ตรวจสอบ"),
    CaseStatus.ACKNOWLEDGED: _l("เจ้าหน้าที่รับเรื่องแล้ว"),
    CaseStatus.IN_PROGRESS: _l("อยู่ระหว่างดำเนินการ"),
    CaseStatus.AWAITING_REPORTER: _l("รอข้อมูลเพิ่มเติมจากท่าน"),
    CaseStatus.RESOLVED: _l("ดำเนินการแล้ว"),
    CaseStatus.CLOSED: _l("ยุติเรื่องแล้ว"),
    CaseStatus.DECLINED: _l("ไม่รับพิจารณา"),
    CaseStatus.REFERRED: _l("ส่งต่อหน่วยงานอื่น"),
    CaseStatus.MERGED: _l("รวมกับเรื่องอื่นแล้ว"),
}

STATUS_HELP = {
    CaseStatus.NEW: _l("เรื่องของท่านอยู่ในระบบแล้ว เจ้าหน้าที่จะตรวจสอบและมอบหมายผู้รับผิดชอบ"),
    CaseStatus.AWAITING_REPORTER: _l(
        "เจ้าหน้าที่ขอข้อมูลเพิ่มเติม กรุณาตอบกลับด้านล่าง ระหว่างนี้การนับเวลาจะหยุดไว้ก่อน"
    ),
}

CASE_TYPE = {
    CaseType.COMPLAINT: _l("ร้องเรียน"),
    CaseType.SUGGESTION: _l("ข้อเสนอแนะ"),
    CaseType.QUESTION: _l("สอบถาม"),
    CaseType.COMPLIMENT: _l("ชมเชย"),
    CaseType.CORRUPTION: _l("แจ้งเบาะแสการทุจริตและประพฤติมิชอบ"),
}

CHANNEL = {
    Channel.WEB: _l("เว็บไซต์"),
    Channel.WALK_IN: _l("ติดต่อด้วยตนเอง"),
    Channel.PHONE: _l("โทรศัพท์"),
    Channel.LETTER: _l("หนังสือ"),
    Channel.EMAIL: _l("อีเมล"),
    Channel.FACEBOOK: _l("เฟซบุ๊ก"),
    Channel.LINE: _l("LINE"),
}

EVENT = {
    EventKind.SUBMITTED: _l("ท่านยื่นเรื่อง"),
    EventKind.STATUS_CHANGED: _l("สถานะเปลี่ยน"),
    EventKind.PUBLIC_REPLY: _l("เจ้าหน้าที่ตอบกลับ"),
    EventKind.REPORTER_MESSAGE: _l("ท่านส่งข้อมูลเพิ่มเติม"),
    EventKind.INTERNAL_NOTE: _l("บันทึกภายใน"),
    EventKind.ASSIGNED: _l("มอบหมายผู้รับผิดชอบ"),
    EventKind.UPDATED: _l("เจ้าหน้าที่แก้ไขรายละเอียดเรื่อง"),
    EventKind.INFO_REQUESTED: _l("เจ้าหน้าที่ขอข้อมูลเพิ่มเติม"),
    EventKind.MERGED: _l("รวมเรื่อง"),
    EventKind.REOPENED: _l("เปิดเรื่องอีกครั้ง"),
    EventKind.CONFLICT_DECLARED: _l("แจ้งส่วนได้เสีย"),
    EventKind.REPORTER_CONFIRMED: _l("ท่านยืนยันผลการดำเนินการ"),
    EventKind.REPORTER_DISPUTED: _l("ท่านโต้แย้งผลการดำเนินการ"),
    EventKind.RATED: _l("ท่านประเมินความพึงพอใจ"),
}

# What the reporter reads once the case is resolved or declined.
OUTCOME = {
    Outcome.UPHELD: _l("ตรวจสอบแล้วเป็นจริงตามที่ท่านแจ้ง และได้แก้ไขหรือดำเนินการแล้ว"),
    Outcome.PARTLY_UPHELD: _l("ตรวจสอบแล้วเป็นจริงบางส่วน และได้แก้ไขหรือดำเนินการในส่วนนั้นแล้ว"),
    Outcome.NOT_UPHELD: _l("ตรวจสอบแล้วไม่พบว่าเป็นไปตามที่ท่านแจ้ง"),
    Outcome.ANSWERED: _l("ได้ตอบคำถามหรือรับข้อเสนอแนะหรือคำชมของท่านแล้ว"),
}

DECLINE_REASON = {
    DeclineReason.BEFORE_COURT: _l("เรื่องอยู่ระหว่างการพิจารณาของศาลหรือศาลตัดสินแล้ว"),
    DeclineReason.MONARCHY: _l("เรื่องเกี่ยวกับสถาบันพระมหากษัตริย์"),
    DeclineReason.GOVERNMENT_POLICY: _l("เรื่องเป็นนโยบายของรัฐบาล"),
    DeclineReason.DECIDED_ELSEWHERE: _l("หน่วยงานอื่นพิจารณาวินิจฉัยเรื่องนี้แล้ว"),
    DeclineReason.INSUFFICIENT: _l("ข้อมูลยังไม่เพียงพอที่จะดำเนินการได้"),
    DeclineReason.OTHER: _l("เหตุอื่น ตามที่แจ้งไว้ในลำดับการดำเนินการ"),
}

DELIVERY_STATUS = {
    DeliveryStatus.PENDING: _l("รอส่ง"),
    DeliveryStatus.SENDING: _l("กำลังส่ง"),
    DeliveryStatus.SENT: _l("ส่งแล้ว"),
    DeliveryStatus.FAILED: _l("ส่งไม่สำเร็จ"),
    DeliveryStatus.RETRYING: _l("รอส่งซ้ำ"),
    DeliveryStatus.PAUSED: _l("พักช่องทาง"),
    DeliveryStatus.NEEDS_MANUAL: _l("รอแชร์ด้วยตนเอง"),
    DeliveryStatus.SHARED: _l("แชร์แล้ว"),
    DeliveryStatus.CANCELLED: _l("ยกเลิกแล้ว"),
}

DELIVERY_CHANNEL = {
    DeliveryChannel.EMAIL: _l("อีเมล"),
    DeliveryChannel.FACEBOOK_PAGE: _l("เพจ Facebook"),
    DeliveryChannel.LINE_BROADCAST: _l("LINE Official Account"),
    DeliveryChannel.SHARE_PR_GROUP: _l("กลุ่มเครือข่ายประชาสัมพันธ์ (แชร์ด้วยตนเอง)"),
    DeliveryChannel.SHARE_SCHOOLS_GROUP: _l("กลุ่มโรงเรียนในสังกัด (แชร์ด้วยตนเอง)"),
    DeliveryChannel.SHARE_PROFILE: _l("โปรไฟล์ของสำนักงาน (แชร์ด้วยตนเอง)"),
}


# One name for each thing, in both languages. Each entry: the word used, where, and the
# words it replaced, which no template, source string or catalogue entry may use again
# (tests/test_glossary.py). Staff pages say ผู้แจ้ง; public pages address the reporter as
# ท่าน and, where they must name them (the ITA manual), say ผู้แจ้ง too.
GLOSSARY = {
    "reporter": {"staff_th": "ผู้แจ้ง", "public_th": "ท่าน", "en": "reporter",
                 "avoid_th": ("ผู้ร้อง",), "avoid_en": ("complainant", "submitter")},
    "token": {"th": "โทเค็น", "en": "token", "avoid_th": ("โทเคน",), "avoid_en": ()},
    # The public board of approved summaries: the menu and headings, never one "Outcome".
    "outcomes_board": {"th": "ผลการดำเนินการ", "en": "Outcomes", "avoid_th": (),
                       "avoid_en": ()},
}


def init_app(app: Flask) -> None:
    @app.context_processor
    def inject_labels():
        return {"STATUS": STATUS, "STATUS_HELP": STATUS_HELP, "CASE_TYPE": CASE_TYPE,
                "CHANNEL": CHANNEL, "EVENT": EVENT, "DELIVERY_STATUS": DELIVERY_STATUS,
                "OUTCOME": OUTCOME, "DECLINE_REASON": DECLINE_REASON,
                "DELIVERY_CHANNEL": DELIVERY_CHANNEL}
