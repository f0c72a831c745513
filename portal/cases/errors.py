"""Domain errors raised by the case services."""

from __future__ import annotations


class CaseError(Exception):
    """A case operation refused; ``message`` is user-facing (translatable)."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


class StaleCase(CaseError):
    """Someone changed the case after this officer loaded it; nothing was overwritten."""

    def __init__(self) -> None:
        from flask_babel import lazy_gettext as _l

        super().__init__(
            _l("เรื่องนี้ถูกแก้ไขโดยผู้อื่นระหว่างนี้ กรุณาตรวจสอบข้อมูลล่าสุดแล้วทำรายการอีกครั้ง "
               "สิ่งที่ท่านพิมพ์ไว้ยังอยู่ในแบบฟอร์ม")
        )


class AttachmentsNotSaved(CaseError):
    """The files could not be stored (the upload disk is full or failing); nothing was filed."""

    def __init__(self) -> None:
        from flask_babel import lazy_gettext as _l

        super().__init__(
            _l("ขณะนี้ระบบบันทึกไฟล์แนบไม่ได้ เรื่องของท่านยังไม่ได้ส่ง ข้อความที่พิมพ์ไว้ยังอยู่ครบ "
               "กรุณาลองใหม่อีกครั้งในภายหลัง หรือส่งเรื่องโดยไม่แนบไฟล์")
        )
