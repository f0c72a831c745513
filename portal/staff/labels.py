"""Staff wording for statuses and timeline events: the reporter is "ผู้แจ้ง", never "ท่าน".

The reporter's own wording (portal/labels.py) speaks to them as "ท่าน"; staff pages, staff
e-mail, the CSV and the errors of staff actions use these instead.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import CaseStatus, EventKind

STATUS = {
    CaseStatus.NEW: _l("เรื่องใหม่ รอคัดกรอง"),
    CaseStatus.ACKNOWLEDGED: _l("รับเรื่องแล้ว"),
    CaseStatus.IN_PROGRESS: _l("อยู่ระหว่างดำเนินการ"),
    CaseStatus.AWAITING_REPORTER: _l("รอข้อมูลเพิ่มเติมจากผู้แจ้ง"),
    CaseStatus.RESOLVED: _l("ดำเนินการแล้ว"),
    CaseStatus.CLOSED: _l("ยุติเรื่องแล้ว"),
    CaseStatus.DECLINED: _l("ไม่รับพิจารณา"),
    CaseStatus.REFERRED: _l("ส่งต่อหน่วยงานอื่น"),
    CaseStatus.MERGED: _l("รวมกับเรื่องอื่นแล้ว"),
}

EVENT = {
    EventKind.SUBMITTED: _l("ผู้แจ้งยื่นเรื่อง"),
    EventKind.STATUS_CHANGED: _l("สถานะเปลี่ยน"),
    EventKind.PUBLIC_REPLY: _l("ตอบผู้แจ้งแล้ว"),
    EventKind.REPORTER_MESSAGE: _l("ผู้แจ้งส่งข้อมูลเพิ่มเติม"),
    EventKind.INTERNAL_NOTE: _l("บันทึกภายใน"),
    EventKind.ASSIGNED: _l("มอบหมายผู้รับผิดชอบ"),
    EventKind.UPDATED: _l("แก้ไขรายละเอียดเรื่อง"),
    EventKind.INFO_REQUESTED: _l("ขอข้อมูลเพิ่มเติมจากผู้แจ้งแล้ว"),
    EventKind.MERGED: _l("รวมเรื่อง"),
    EventKind.REOPENED: _l("เปิดเรื่องอีกครั้ง"),
    EventKind.CONFLICT_DECLARED: _l("แจ้งส่วนได้เสีย"),
    EventKind.REPORTER_CONFIRMED: _l("ผู้แจ้งยืนยันผลการดำเนินการ"),
    EventKind.REPORTER_DISPUTED: _l("ผู้แจ้งโต้แย้งผลการดำเนินการ"),
    EventKind.RATED: _l("ผู้แจ้งประเมินความพึงพอใจ"),
}

# The inbox's marker and filter: the reporter wrote after this staff member last opened the case.
NEW_FROM_REPORTER = _l("มีข้อความใหม่จากผู้แจ้ง")
