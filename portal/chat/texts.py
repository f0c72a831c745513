"""What the office says in the chat, in Thai (the chat speaks Thai; the web form has English).

A message is ``{"text": ..., "quick": [[label, payload], ...]}``; ``outgoing`` turns it into
LINE's or Messenger's shape. Quick-reply labels keep within both platforms' 20 characters.
"""

from __future__ import annotations

from portal.links import public_url

FILE, TRACK, ASK, STAFF = "แจ้งเรื่อง", "ติดตามเรื่อง", "สอบถาม", "คุยกับเจ้าหน้าที่"
CANCEL = "ยกเลิก"
MENU = [[FILE, FILE], [TRACK, TRACK], [ASK, ASK], [STAFF, STAFF]]
PLATFORM_NAME = {"line": "LINE", "messenger": "Messenger"}

TYPES = [
    ["ร้องเรียน", "type:complaint"],
    ["ข้อเสนอแนะ", "type:suggestion"],
    ["สอบถาม", "type:question"],
    ["ชมเชย", "type:compliment"],
    ["ทุจริต/ประพฤติมิชอบ", "type:corruption"],
    [CANCEL, CANCEL],
]
NO_SCHOOL = ["ไม่เกี่ยวกับโรงเรียน", "school:none"]
DONE_PHOTOS = [["ส่งรูปครบแล้ว", "photos:done"], ["ไม่มีรูป", "photos:done"], [CANCEL, CANCEL]]
CONFIRM = [["ยืนยันส่งเรื่อง", "confirm:yes"], [CANCEL, CANCEL]]


def msg(text: str, quick: list[list[str]] | None = None) -> dict:
    return {"text": text, "quick": quick or []}


def greeting(office_name: str, platform: str) -> list[dict]:
    privacy = (
        f"ประกาศความเป็นส่วนตัว (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล มาตรา 23): {office_name} "
        f"เก็บชื่อที่แสดงและรหัสผู้ใช้ {PLATFORM_NAME[platform]} ของท่าน ข้อความและรูปที่ท่านส่ง "
        "เพื่อรับและดำเนินการเรื่องของท่านตามอำนาจหน้าที่ (ภารกิจเพื่อประโยชน์สาธารณะ มาตรา 24(4)) "
        "เปิดเผยเฉพาะเจ้าหน้าที่ผู้รับผิดชอบเรื่อง เก็บไว้ตามระยะเวลาที่สำนักงานกำหนดแล้วลบ "
        "ท่านมีสิทธิขอเข้าถึง แก้ไข ลบ หรือคัดค้าน ติดต่อสำนักงานและเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคลได้ "
        f"รายละเอียดฉบับเต็ม: {public_url('public.privacy')}"
    )
    return [
        msg(f"สวัสดีค่ะ {office_name} ยินดีรับฟังทุกเรื่องของท่าน"),
        msg(privacy),
        msg("ท่านต้องการทำอะไร เลือกได้จากปุ่มด้านล่าง", MENU),
    ]


def menu() -> dict:
    return msg("ท่านต้องการทำอะไร เลือกได้จากปุ่มด้านล่าง", MENU)


def ask_type() -> dict:
    return msg("ท่านต้องการแจ้งเรื่องประเภทใด", TYPES)


def corruption_offer() -> dict:
    return msg(
        "เรื่องทุจริตและประพฤติมิชอบ ท่านแจ้งผ่านแบบฟอร์มบนเว็บไซต์ได้โดยไม่ต้องเปิดเผยตัวตน: "
        f"{public_url('public.submit_corruption')}\n"
        "หากแจ้งในแชตนี้ สำนักงานจะเห็นชื่อบัญชีของท่าน (ข้อมูลของท่านจะเห็นเฉพาะผู้รับผิดชอบเรื่องทุจริต) "
        "ระบบยังไม่ได้บันทึกรายละเอียดใดของท่าน",
        [["แจ้งในแชตต่อ", "corruption:go"], [CANCEL, CANCEL]],
    )


def ask_school() -> dict:
    return msg(
        'เรื่องนี้เกี่ยวกับโรงเรียนใด พิมพ์ชื่อโรงเรียนบางส่วน (อย่างน้อย 2 ตัวอักษร) หรือเลือก "ไม่เกี่ยวกับโรงเรียน"',
        [NO_SCHOOL, [CANCEL, CANCEL]],
    )


def schools_found(found: list[tuple[int, str]]) -> dict:
    quick = [[name, f"school:{school_id}"] for school_id, name in found]
    return msg("เลือกโรงเรียนจากปุ่มด้านล่าง หรือพิมพ์ชื่อใหม่", [*quick, NO_SCHOOL])


def no_school_found() -> dict:
    return msg(
        'ไม่พบโรงเรียนที่ตรงกับคำที่พิมพ์ ลองพิมพ์ชื่อส่วนอื่น หรือเลือก "ไม่เกี่ยวกับโรงเรียน"',
        [NO_SCHOOL, [CANCEL, CANCEL]],
    )


def identity_notice(platform: str) -> dict:
    return msg(
        f"โปรดทราบ: เรื่องที่แจ้งทางแชตนี้ไม่เป็นความลับต่อสำนักงาน เจ้าหน้าที่จะเห็นชื่อบัญชี "
        f"{PLATFORM_NAME[platform]} ของท่านและติดต่อกลับทางแชตนี้ "
        f"หากต้องการแจ้งโดยไม่เปิดเผยตัวตน ใช้แบบฟอร์มบนเว็บไซต์: {public_url('public.submit_general')}"
    )


def ask_description() -> dict:
    return msg("กรุณาเล่าเรื่องที่ต้องการแจ้งในข้อความเดียว: เกิดอะไรขึ้น ที่ไหน เมื่อไร", [[CANCEL, CANCEL]])


def ask_photos(limit: int) -> dict:
    return msg(f'ส่งรูปประกอบได้ไม่เกิน {limit} รูป (ไม่บังคับ) ส่งครบแล้วกด "ส่งรูปครบแล้ว"', DONE_PHOTOS)


def photo_received(count: int, limit: int) -> dict:
    return msg(f"ได้รับรูปที่ {count} แล้ว (ส่งได้อีก {limit - count} รูป)", DONE_PHOTOS)


def summary(type_label: str, school: str, description: str, photos: int) -> dict:
    return msg(
        f"สรุปเรื่องที่จะส่ง\nประเภท: {type_label}\nสถานที่: {school}\n"
        f"รายละเอียด: {description}\nรูปประกอบ: {photos} รูป\nยืนยันส่งเรื่องหรือไม่",
        CONFIRM,
    )


def filed(number: str, receipt: str, due: str, missing_photos: int) -> list[dict]:
    text = (
        f"สำนักงานได้รับเรื่องของท่านแล้ว เลขรับเรื่อง {number}\n"
        f"จะแจ้งผลหรือความคืบหน้าภายในวันที่ {due}\n"
        f"รหัสติดตาม (ใช้ดูเรื่องบนเว็บไซต์ เก็บไว้เป็นความลับ): {receipt}\n"
        f"ดูเรื่อง: {public_url('tracking.lookup', number=number)}\n"
        "ข้อความที่ท่านส่งในแชตนี้ภายหลังจะเพิ่มในเรื่องนี้ และคำตอบของเจ้าหน้าที่จะส่งมาในแชตนี้"
    )
    found = [msg(text, MENU)]
    if missing_photos:
        found.insert(
            0,
            msg(
                f"รับรูปไม่ได้ {missing_photos} รูป (ดาวน์โหลดไม่สำเร็จหรือไม่ใช่รูป JPEG/PNG) "
                "เรื่องของท่านบันทึกแล้ว ส่งรูปใหม่ในแชตนี้ได้"
            ),
        )
    return found


def cancelled() -> dict:
    return msg("ยกเลิกแล้ว ไม่ได้บันทึกข้อมูลของเรื่องนี้", MENU)


def expired() -> dict:
    return msg("เรื่องที่ท่านกรอกค้างไว้เกิน 24 ชั่วโมงจึงถูกยกเลิกและลบแล้ว เริ่มใหม่ได้ทุกเมื่อ", MENU)


UNEXPECTED = {
    "sticker": "ขอบคุณสำหรับสติกเกอร์ค่ะ",
    "audio": "ขออภัย ระบบยังรับข้อความเสียงไม่ได้",
    "video": "ขออภัย ระบบยังรับวิดีโอไม่ได้",
    "location": "ขอบคุณค่ะ ระบบยังรับตำแหน่งที่ตั้งไม่ได้",
    "file": "ขออภัย ระบบรับเฉพาะรูปภาพ JPEG/PNG",
    "other": "ขออภัย ระบบยังรับข้อความแบบนี้ไม่ได้",
    "image": "ขณะนี้ยังไม่ถึงขั้นตอนส่งรูป",
}
EXPECTED = {
    "type": "กรุณาเลือกประเภทเรื่องจากปุ่มด้านล่าง",
    "corruption_offer": "กรุณาเลือกจากปุ่มด้านล่าง",
    "school": "กรุณาพิมพ์ชื่อโรงเรียนบางส่วน หรือเลือกจากปุ่มด้านล่าง",
    "description": "กรุณาพิมพ์รายละเอียดเป็นข้อความ",
    "photos": 'กรุณาส่งรูปภาพ หรือกด "ส่งรูปครบแล้ว"',
    "confirm": 'กรุณากด "ยืนยันส่งเรื่อง" หรือ "ยกเลิก"',
    "choose_case": "กรุณาเลือกเรื่องจากปุ่มด้านล่าง",
    "staff_message": "กรุณาพิมพ์สิ่งที่ต้องการสอบถามเจ้าหน้าที่เป็นข้อความ",
    "idle": "เลือกสิ่งที่ต้องการได้จากปุ่มด้านล่าง",
}


def unexpected(kind: str, state: str) -> dict:
    return msg(
        f"{UNEXPECTED.get(kind, UNEXPECTED['other'])} {EXPECTED.get(state, '')}".strip(),
        None if state != "idle" else MENU,
    )


def group_notice() -> dict:
    return msg(
        "บัญชีนี้รับเรื่องเฉพาะในแชตส่วนตัว (1 ต่อ 1) เท่านั้น ระบบจะไม่อ่านข้อความในกลุ่มนี้ "
        "หากต้องการแจ้งเรื่อง กรุณาเพิ่มบัญชีเป็นเพื่อนและส่งข้อความหาโดยตรง"
    )


def too_fast() -> dict:
    return msg("ท่านส่งข้อความถี่เกินไป ระบบจะไม่อ่านข้อความในช่วงนี้ กรุณารอสักครู่แล้วส่งใหม่")


def too_many_cases(limit: int) -> dict:
    return msg(
        f"วันนี้ท่านแจ้งเรื่องทางแชตครบ {limit} เรื่องแล้ว กรุณาแจ้งเพิ่มในวันถัดไป "
        f"หรือทางเว็บไซต์ {public_url('public.submit_general')}",
        MENU,
    )
