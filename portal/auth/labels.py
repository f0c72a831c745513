"""Role names as staff read them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import Role

ROLE = {
    Role.INTAKE: _l("เจ้าหน้าที่รับเรื่องและคัดกรอง"),
    Role.CASE_OFFICER: _l("เจ้าหน้าที่ผู้รับผิดชอบเรื่อง"),
    Role.INTEGRITY: _l("เจ้าหน้าที่ผู้รับผิดชอบเรื่องทุจริต"),
    Role.DIRECTOR: _l("ผู้บริหาร"),
    Role.PR: _l("นักประชาสัมพันธ์"),
    Role.APPROVER: _l("ผู้อนุมัติการเผยแพร่ (นอกจากผู้อำนวยการ)"),
    Role.ADMIN: _l("ผู้ดูแลระบบ"),
}

# Why a sign-in failed, as the owner of the account reads it on the security page.
SIGN_IN_REASON = {
    "bad_password": _l("รหัสผ่านไม่ถูกต้อง"),
    "bad_code": _l("รหัสยืนยันไม่ถูกต้อง"),
    "locked": _l("บัญชีถูกล็อกชั่วคราวสำหรับเครือข่ายนั้น"),
    "reused_code": _l("รหัสยืนยันนี้ถูกใช้ไปแล้ว"),
    "codes_locked": _l("ใส่รหัสยืนยันผิดหลายครั้ง ระงับการใช้รหัสของบัญชีชั่วคราว"),
    "bad_passkey": _l("ยืนยันด้วยพาสคีย์ไม่สำเร็จ"),
    "inactive": _l("บัญชีถูกปิดการใช้งาน"),
    "ip_blocked": _l("ลองผิดหลายครั้งจากเครือข่ายเดียวกัน"),
}
