"""Staff wording for the account audit log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import AccountAction

ACTION_LABELS = {
    AccountAction.CREATED: _l("สร้างบัญชี"),
    AccountAction.ROLES_CHANGED: _l("เปลี่ยนบทบาท"),
    AccountAction.GROUPS_CHANGED: _l("เปลี่ยนกลุ่มงาน"),
    AccountAction.DEACTIVATED: _l("ปิดการใช้งานบัญชี"),
    AccountAction.REACTIVATED: _l("เปิดใช้งานบัญชีอีกครั้ง"),
    AccountAction.TWO_FACTOR_RESET: _l("รีเซ็ตการยืนยันตัวตนสองขั้นตอน"),
    AccountAction.GRANT_REQUESTED: _l("ขอให้บทบาท (รอผู้ยืนยัน)"),
    AccountAction.GRANT_CONFIRMED: _l("ยืนยันการให้บทบาท"),
    AccountAction.GRANT_DECLINED: _l("ปฏิเสธการให้บทบาท"),
}
