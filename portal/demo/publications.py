"""Demo outcomes board: published summaries and news (some with images), items in every state,
and the office's Facebook Page and LINE channels in dry-run, so the demo never calls out."""

from __future__ import annotations

import io
import random
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from portal.channels.settings import get_or_create_account, set_dry_run
from portal.clock import utcnow
from portal.extensions import db
from portal.models import (
    Case,
    CaseStatus,
    CaseType,
    DeliveryChannel,
    DeliveryStatus,
    Office,
    Publication,
    Role,
    User,
)
from portal.publishing import channels
from portal.publishing.approval import approve_version, withdraw_item
from portal.publishing.drafting import (
    DraftText,
    draft_news,
    draft_outcome,
    edit_text,
    submit_for_approval,
    unresolved,
)
from portal.publishing.fingerprint import seen_of
from portal.security.files import clean_upload

# subject of a demo case -> (public title, "you said, we did")
OUTCOME_TEXTS = {
    "อาหารกลางวันไม่เพียงพอสำหรับนักเรียน": (
        "ปรับปรุงปริมาณอาหารกลางวันให้เพียงพอ",
        "ท่านแจ้งว่าอาหารกลางวันมีปริมาณน้อย สำนักงานได้ตรวจสอบการจัดซื้อวัตถุดิบร่วมกับโรงเรียน "
        "โรงเรียนปรับรายการอาหารและเพิ่มปริมาณตามเกณฑ์แล้ว และจะรายงานเมนูทุกสัปดาห์"),
    "ห้องน้ำนักเรียนชำรุดหลายเดือน": (
        "ซ่อมห้องน้ำนักเรียนหญิงเรียบร้อยแล้ว",
        "ท่านแจ้งว่าห้องน้ำนักเรียนชำรุด โรงเรียนได้ซ่อมประตูและระบบประปาเสร็จภายใน 10 วัน "
        "สำนักงานได้ส่งเจ้าหน้าที่ไปตรวจรับงานแล้ว"),
    "ครูไม่เข้าสอนบ่อยครั้ง": (
        "จัดครูสอนแทนและติดตามการสอนทุกคาบ",
        "ท่านแจ้งว่ามีคาบเรียนที่ไม่มีครูเข้าสอน ผู้บริหารโรงเรียนได้จัดตารางสอนแทน "
        "และศึกษานิเทศก์ติดตามการจัดการเรียนการสอนเป็นรายเดือน"),
    "เรียกเก็บเงินค่าใช้จ่ายเพิ่มเติม": (
        "โรงเรียนคืนเงินค่ากิจกรรมที่เก็บโดยไม่มีใบเสร็จ",
        "ท่านแจ้งว่าโรงเรียนเก็บเงินค่ากิจกรรมโดยไม่มีใบเสร็จ สำนักงานตรวจสอบแล้วพบว่าไม่เป็นไปตามระเบียบ "
        "โรงเรียนคืนเงินให้ผู้ปกครองครบทุกราย และชี้แจงแนวปฏิบัติการเก็บเงินแล้ว"),
    "รถรับส่งนักเรียนไม่ปลอดภัย": (
        "ตรวจสภาพรถรับส่งนักเรียนร่วมกับขนส่งจังหวัด",
        "ท่านแจ้งว่ารถรับส่งนักเรียนบรรทุกเกินและขับเร็ว สำนักงานประสานขนส่งจังหวัดตรวจสภาพรถ "
        "กำหนดจำนวนที่นั่ง และอบรมผู้ขับรถแล้ว"),
    "เสนอให้เพิ่มกิจกรรมอ่านหนังสือช่วงปิดเทอม": (
        "เปิดห้องสมุดโรงเรียนช่วงปิดภาคเรียน",
        "ท่านเสนอให้มีกิจกรรมอ่านหนังสือช่วงปิดเทอม โรงเรียนในอำเภอนำร่องเปิดห้องสมุดสัปดาห์ละ 2 วันแล้ว"),
    "ขอให้ประกาศผลการรับนักเรียนทางเพจ": (
        "ประกาศผลการรับนักเรียนทางเพจของสำนักงาน",
        "ท่านเสนอให้ประกาศผลทางเพจ สำนักงานจะประกาศผลการรับนักเรียนทุกโรงเรียนบนเพจ Nakhonpanom 2 ด้วย"),
}
NEWS = [
    ("ประชุมผู้บริหารสถานศึกษาประจำเดือน", "สรุปข้อสั่งการและแนวทางการดำเนินงานภาคเรียนที่ 2",
     "https://www.facebook.com/nakhonpanom2/posts/1001", True),
    ("อบรมครูด้านการอ่านออกเขียนได้", "ครูภาษาไทยชั้น ป.1–3 จากทุกอำเภอเข้าร่วมอบรม 120 คน",
     "https://www.facebook.com/nakhonpanom2/posts/1002", True),
    ("เปิดรับสมัครนักเรียนชั้นอนุบาล ปีการศึกษา 2570", "ดูกำหนดการและเอกสารที่ใช้สมัครของแต่ละโรงเรียน",
     "https://www.facebook.com/nakhonpanom2/posts/1003", False),
    ("ผลการประเมินคุณธรรมและความโปร่งใส (ITA)", "สำนักงานผ่านการประเมินในระดับ A ขอบคุณทุกความคิดเห็น",
     "https://www.facebook.com/nakhonpanom2/posts/1004", False),
]
COLOURS = [(11, 83, 148), (30, 107, 52), (138, 75, 0)]


def create_demo_publications(office: Office, rng: random.Random) -> int:
    """Fill the board; returns how many items were made. Call once, in the demo's transaction."""
    for channel in DeliveryChannel.automatic():
        set_dry_run(get_or_create_account(office, channel), True)
    staff = {r: _user(office, r) for r in (Role.CASE_OFFICER, Role.INTAKE, Role.DIRECTOR,
                                           Role.APPROVER, Role.PR)}
    cases = list(db.session.scalars(
        select(Case).where(Case.office_id == office.id, Case.confidential.is_(False),
                           Case.case_type != CaseType.CORRUPTION,
                           Case.status.in_((CaseStatus.RESOLVED, CaseStatus.CLOSED)),
                           Case.subject.in_(OUTCOME_TEXTS)).order_by(Case.id)))
    made: list[Publication] = []
    for n, case in enumerate(cases[:24]):
        title, body = OUTCOME_TEXTS[case.subject]
        if n % 8 == 6:  # a draft the privacy check flags: a teacher's name and a phone number
            body = f"{body} ติดต่อครูสมศรี ใจดี โทร 081-234-5678"
        item = draft_outcome(case, staff[Role.INTAKE], DraftText(title=title, body=body))
        if n % 8 == 6:
            continue
        submit_for_approval(item, staff[Role.INTAKE])
        if n % 8 == 7 or unresolved(item):
            continue  # awaiting approval
        approve_version(item, staff[Role.DIRECTOR] if n % 2 else staff[Role.APPROVER],
                        seen_of(item.latest))
        made.append(item)
    for n, (title, body, link, with_image) in enumerate(NEWS):
        image = _demo_image(title, COLOURS[n % len(COLOURS)]) if with_image else None
        item = draft_news(office, staff[Role.PR], DraftText(title=title, body=body,
                                                            link_url=link, image=image))
        submit_for_approval(item, staff[Role.PR])
        approve_version(item, staff[Role.DIRECTOR], seen_of(item.latest))
        made.append(item)
    _age(made, rng)
    _show_every_state(made, staff)
    return len(made)


def _user(office: Office, role: Role) -> User:
    return next(u for u in db.session.scalars(select(User).where(User.office_id == office.id))
                if u.has_role(role))


def _demo_image(title: str, colour: tuple[int, int, int]):
    """A plain coloured picture with shapes: a stand-in for a photo of the event."""
    image = Image.new("RGB", (1200, 630), colour)
    draw = ImageDraw.Draw(image)
    for n in range(6):
        draw.ellipse((120 + n * 160, 180, 260 + n * 160, 320), fill=(255, 255, 255))
    draw.rectangle((0, 470, 1200, 630), fill=tuple(c // 2 for c in colour))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    out.seek(0)
    return clean_upload(out, f"{title}.jpg", max_bytes=5_000_000, max_pixels=40_000_000)


def _age(items: list[Publication], rng: random.Random) -> None:
    """Spread publication over the last four months, so the board reads like a real one."""
    now = utcnow()
    for item in items:
        item.published_at = item.updated_at = now - timedelta(hours=rng.randint(2, 24 * 120))
        item.live.approved_at = item.published_at


def _show_every_state(items: list[Publication], staff: dict[Role, User]) -> None:
    """A withdrawn item, a published one with an edit awaiting approval, deliveries in every
    state a person sees (sent with a permalink, failed with its Thai error, shared by hand)."""
    outcomes = [i for i in items if i.case_id is not None]
    if len(outcomes) < 3:
        return
    withdraw_item(outcomes[0], staff[Role.PR], "ข้อความระบุรายละเอียดที่อาจทำให้ทราบตัวผู้แจ้ง")
    edited = outcomes[1]
    live = edited.live
    edit_text(edited, staff[Role.INTAKE], DraftText(
        title=live.title, body=live.body + " ทั้งนี้ได้ติดตามผลอีกครั้งเมื่อสิ้นเดือน"))
    submit_for_approval(edited, staff[Role.INTAKE])
    for item in items[2:]:
        for delivery in channels.deliveries_for(item):
            _settle(delivery, item)


def _settle(delivery, item: Publication) -> None:
    """Demo rows as the dry-run worker and the PR officer would have left them."""
    if delivery.channel is DeliveryChannel.FACEBOOK_PAGE:
        if item.id % 5 == 0:
            delivery.status = DeliveryStatus.FAILED
            delivery.last_error = "Facebook ปฏิเสธโทเค็นของเพจ กรุณาบันทึกโทเค็นใหม่ในหน้าตั้งค่าช่องทาง"
            delivery.error_detail = "OAuthException code 190 (demo)"
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = item.published_at
            delivery.remote_id = f"demo_{item.id}"
            delivery.permalink = f"https://www.facebook.com/nakhonpanom2/posts/demo{item.id}"
            delivery.note = "ทดลองส่ง (dry-run): ไม่ได้โพสต์จริง"
    elif delivery.channel is DeliveryChannel.LINE_BROADCAST:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = item.published_at
        delivery.note = "ทดลองส่ง (dry-run): ไม่ได้ส่งจริง"
    elif delivery.channel is DeliveryChannel.SHARE_PR_GROUP and item.id % 2:
        delivery.status = DeliveryStatus.SHARED
        delivery.shared_at = item.published_at
        delivery.permalink = f"https://www.facebook.com/groups/nkp2pr/posts/demo{item.id}"
