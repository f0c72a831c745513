"""A few hundred demo cases in every state, with consistent timelines."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.cases.numbering import next_case_number
from portal.clock import buddhist_year, utcnow
from portal.extensions import db
from portal.models import (
    OPEN_STATUSES,
    ActorType,
    Case,
    CaseEvent,
    CaseStatus,
    CaseType,
    Category,
    Channel,
    DeclineReason,
    EventKind,
    Office,
    Outcome,
    ReporterContact,
    Satisfaction,
    School,
    Visibility,
)

# subject -> the category it belongs to (names from portal/demo/reference.py)
TOPIC_CATEGORY = {
    "อาหารกลางวันไม่เพียงพอสำหรับนักเรียน": "อาหารกลางวันและนมโรงเรียน",
    "ห้องน้ำนักเรียนชำรุดหลายเดือน": "อาคารสถานที่และความปลอดภัย",
    "ครูไม่เข้าสอนบ่อยครั้ง": "การเรียนการสอน",
    "เรียกเก็บเงินค่าใช้จ่ายเพิ่มเติม": "การรับนักเรียนและค่าใช้จ่าย",
    "รถรับส่งนักเรียนไม่ปลอดภัย": "อาคารสถานที่และความปลอดภัย",
    "เสนอให้เพิ่มกิจกรรมอ่านหนังสือช่วงปิดเทอม": "การบริหารจัดการศึกษา",
    "ขอให้ประกาศผลการรับนักเรียนทางเพจ": "การบริการและการประชาสัมพันธ์",
    "สอบถามกำหนดการรับสมัครนักเรียนชั้นอนุบาล": "การรับนักเรียน",
    "สอบถามการเบิกค่าเล่าเรียนบุตร": "งบประมาณและการเบิกจ่าย",
    "ขอชมเชยครูที่ดูแลนักเรียนอย่างดี": "ชมเชยโรงเรียนหรือครู",
    "ขอบคุณเจ้าหน้าที่เขตที่ให้บริการรวดเร็ว": "ชมเชยการให้บริการ",
    "สงสัยการจัดซื้อวัสดุก่อสร้างราคาสูงผิดปกติ": "การจัดซื้อจัดจ้าง",
    "เรียกรับเงินเพื่อย้ายโรงเรียน": "การเรียกรับผลประโยชน์",
}

TOPICS = {
    CaseType.COMPLAINT: [
        ("อาหารกลางวันไม่เพียงพอสำหรับนักเรียน",
         "ลูกเล่าว่าอาหารกลางวันที่โรงเรียนมีปริมาณน้อย บางวันมีแต่ข้าวกับน้ำแกงจืด "
         "อยากให้ตรวจสอบการจัดซื้อวัตถุดิบอาหารกลางวันด้วยครับ"),
        ("ห้องน้ำนักเรียนชำรุดหลายเดือน",
         "ห้องน้ำนักเรียนหญิงประตูพังและน้ำไม่ไหลมาหลายเดือนแล้ว นักเรียนต้องไปเข้าห้องน้ำวัด"),
        ("ครูไม่เข้าสอนบ่อยครั้ง",
         "ครูประจำชั้น ป.4 ไม่เข้าสอนหลายคาบต่อสัปดาห์ ให้นักเรียนทำงานเองในห้อง"),
        ("เรียกเก็บเงินค่าใช้จ่ายเพิ่มเติม",
         "โรงเรียนเรียกเก็บเงินค่ากิจกรรมเพิ่ม 500 บาทโดยไม่มีใบเสร็จ ผู้ปกครองหลายคนสงสัย"),
        ("รถรับส่งนักเรียนไม่ปลอดภัย",
         "รถรับส่งนักเรียนบรรทุกเด็กเกินจำนวนและขับเร็วบนถนนสายหลัก เป็นห่วงความปลอดภัย"),
    ],
    CaseType.SUGGESTION: [
        ("เสนอให้เพิ่มกิจกรรมอ่านหนังสือช่วงปิดเทอม",
         "อยากให้สำนักงานเขตจัดโครงการห้องสมุดเคลื่อนที่ไปตามหมู่บ้านช่วงปิดภาคเรียน"),
        ("ขอให้ประกาศผลการรับนักเรียนทางเพจ",
         "ผู้ปกครองส่วนใหญ่ใช้เฟซบุ๊ก อยากให้ประกาศผลการรับนักเรียนทางเพจของเขตด้วย"),
    ],
    CaseType.QUESTION: [
        ("สอบถามกำหนดการรับสมัครนักเรียนชั้นอนุบาล",
         "อยากทราบว่าปีการศึกษาหน้าเปิดรับสมัครนักเรียนชั้นอนุบาล 2 วันไหน ต้องใช้เอกสารอะไรบ้าง"),
        ("สอบถามการเบิกค่าเล่าเรียนบุตร",
         "ข้าราชการครูเบิกค่าเล่าเรียนบุตรได้ภายในกี่วันหลังเปิดภาคเรียน"),
    ],
    CaseType.COMPLIMENT: [
        ("ขอชมเชยครูที่ดูแลนักเรียนอย่างดี",
         "ขอชมครูประจำชั้นที่ติดตามเยี่ยมบ้านนักเรียนและช่วยเหลือเด็กที่ขาดเรียนบ่อย"),
        ("ขอบคุณเจ้าหน้าที่เขตที่ให้บริการรวดเร็ว",
         "ไปติดต่อเรื่องเอกสารที่สำนักงานเขต เจ้าหน้าที่ให้คำแนะนำดีและเสร็จภายในวันเดียว"),
    ],
    CaseType.CORRUPTION: [
        ("สงสัยการจัดซื้อวัสดุก่อสร้างราคาสูงผิดปกติ",
         "โรงเรียนจัดซื้อวัสดุปรับปรุงอาคารในราคาสูงกว่าร้านทั่วไปเกือบเท่าตัว "
         "และซื้อจากร้านของญาติผู้บริหาร"),
        ("เรียกรับเงินเพื่อย้ายโรงเรียน",
         "มีผู้อ้างว่าสามารถช่วยให้ย้ายกลับภูมิลำเนาได้หากจ่ายเงินให้ 50,000 บาท"),
    ],
}

# A working office: what came in within the reply period may still be open; older cases are
# mostly answered, on time, and only a few are still open past their deadline.
RECENT_STATUS_WEIGHTS = [
    (CaseStatus.NEW, 14), (CaseStatus.ACKNOWLEDGED, 14), (CaseStatus.IN_PROGRESS, 24),
    (CaseStatus.AWAITING_REPORTER, 8), (CaseStatus.RESOLVED, 22), (CaseStatus.CLOSED, 6),
    (CaseStatus.DECLINED, 6), (CaseStatus.REFERRED, 4), (CaseStatus.MERGED, 2),
]
OLDER_STATUS_WEIGHTS = [
    (CaseStatus.IN_PROGRESS, 3), (CaseStatus.AWAITING_REPORTER, 1), (CaseStatus.RESOLVED, 30),
    (CaseStatus.CLOSED, 50), (CaseStatus.DECLINED, 7), (CaseStatus.REFERRED, 5),
    (CaseStatus.MERGED, 2),
]
# After this many days every case has been answered one way or another.
STILL_OPEN_DAYS = 45
MONTHS = 6
LATE_SHARE = 0.08  # of the cases answered: answered after their deadline
PATHS = {
    CaseStatus.NEW: [],
    CaseStatus.ACKNOWLEDGED: [CaseStatus.ACKNOWLEDGED],
    CaseStatus.IN_PROGRESS: [CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS],
    CaseStatus.AWAITING_REPORTER: [CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS,
                                   CaseStatus.AWAITING_REPORTER],
    CaseStatus.RESOLVED: [CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED],
    CaseStatus.CLOSED: [CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED,
                        CaseStatus.CLOSED],
    CaseStatus.DECLINED: [CaseStatus.DECLINED],
    CaseStatus.REFERRED: [CaseStatus.ACKNOWLEDGED, CaseStatus.REFERRED],
    CaseStatus.MERGED: [CaseStatus.MERGED],
}
NOTES = {
    CaseStatus.ACKNOWLEDGED: "รับเรื่องแล้ว ส่งให้กลุ่มงานที่รับผิดชอบพิจารณา",
    CaseStatus.IN_PROGRESS: "อยู่ระหว่างตรวจสอบข้อเท็จจริงกับโรงเรียน",
    CaseStatus.AWAITING_REPORTER: "ขอให้ผู้แจ้งแจ้งชื่อโรงเรียนและช่วงเวลาที่เกิดเหตุเพิ่มเติม",
    CaseStatus.RESOLVED: "ตรวจสอบแล้ว โรงเรียนได้ปรับปรุงแก้ไขตามข้อร้องเรียน",
    CaseStatus.CLOSED: "ยุติเรื่อง",
    CaseStatus.DECLINED: "ไม่รับพิจารณา: ข้อมูลไม่เพียงพอที่จะดำเนินการได้",
    CaseStatus.REFERRED: "ส่งต่อสำนักงานเขตพื้นที่การศึกษามัธยมศึกษาซึ่งเป็นผู้รับผิดชอบ",
    CaseStatus.MERGED: "รวมกับเรื่องที่แจ้งไว้ก่อนหน้า",
}
FIRST_NAMES = ("สมชาย", "สมหญิง", "วิไลวรรณ", "ประเสริฐ", "บุญมี", "อรุณี", "ทองใบ", "จันทร์เพ็ญ")
LAST_NAMES = ("ใจดี", "ศรีสุข", "พรมมา", "บุญเรือง", "แสนทวีสุข", "คำภูมี")
# What finished cases found, by stream (sample proportions, labelled ตัวอย่าง in the demo).
OUTCOME_WEIGHTS = {
    "complaint": [(Outcome.UPHELD, 45), (Outcome.PARTLY_UPHELD, 25), (Outcome.NOT_UPHELD, 30)],
    "corruption": [(Outcome.UPHELD, 15), (Outcome.PARTLY_UPHELD, 20), (Outcome.NOT_UPHELD, 65)],
    "other": [(Outcome.ANSWERED, 1)],
}
DECLINE_WEIGHTS = [(DeclineReason.INSUFFICIENT, 55), (DeclineReason.DECIDED_ELSEWHERE, 15),
                   (DeclineReason.BEFORE_COURT, 10), (DeclineReason.GOVERNMENT_POLICY, 10),
                   (DeclineReason.OTHER, 10)]
RATING_SHARE = 0.45  # of the finished cases: how many reporters rated the handling
RATING_WEIGHTS = [(5, 38), (4, 30), (3, 16), (2, 10), (1, 6)]
COMMENT_SHARE = 0.5  # of the ratings: how many came with a comment
COMMENTS = {
    5: ("เจ้าหน้าที่สุภาพ ตอบเร็วมาก ขอบคุณครับ", "โรงเรียนแก้ไขแล้วจริง ดีขึ้นมาก",
        "อธิบายชัดเจน เข้าใจง่าย"),
    4: ("ได้คำตอบชัดเจน แต่รอนานไปหน่อย", "พอใจ เรื่องได้รับการแก้ไข"),
    3: ("ได้คำตอบแล้ว แต่ยังไม่เห็นผลที่โรงเรียน", "รอนานกว่าที่คิด"),
    2: ("ตอบช้า และคำตอบไม่ค่อยชัดเจน", "ปัญหายังเหมือนเดิม"),
    1: ("ไม่มีใครติดต่อกลับเลย รอนานมาก", "ปัญหาไม่ได้รับการแก้ไข"),
}
CHANNELS = [(Channel.WEB, 60), (Channel.FACEBOOK, 12), (Channel.PHONE, 12), (Channel.WALK_IN, 6),
            (Channel.LETTER, 4), (Channel.LINE, 4), (Channel.EMAIL, 2)]


def _pick(rng: random.Random, weighted):
    items, weights = zip(*weighted, strict=True)
    return rng.choices(items, weights=weights)[0]


def create_demo_cases(office: Office, rng: random.Random, count: int, receipt_hash: str) -> None:
    """``count`` cases received over the last six months; all share one unusable receipt hash."""
    categories = db.session.scalars(select(Category).where(Category.office_id == office.id)).all()
    schools = db.session.scalars(select(School).where(School.office_id == office.id)).all()
    now = utcnow()
    # More recent months have more cases (the portal is new and becoming known).
    span = MONTHS * 30 * 24 * 60
    starts = sorted(now - timedelta(minutes=60 + int(span * rng.random() ** 1.4))
                    for _ in range(count))
    ratings = []
    # Endings draw from a generator of their own, seeded from this one without drawing from
    # it: the cases' states stay what the seed gave.
    endings = random.Random(hash(rng.getstate()))
    for received_at in starts:
        case_type = _pick(rng, [(CaseType.COMPLAINT, 50), (CaseType.SUGGESTION, 15),
                                (CaseType.QUESTION, 15), (CaseType.COMPLIMENT, 10),
                                (CaseType.CORRUPTION, 10)])
        status = _pick(rng, _status_weights((now - received_at).days, office.reply_due_days))
        subject, description = rng.choice(TOPICS[case_type])
        category = next(c for c in categories
                        if c.case_type is case_type and c.name_th == TOPIC_CATEGORY[subject])
        anonymous = case_type is CaseType.CORRUPTION or rng.random() < 0.3
        case = Case(
            office_id=office.id, number=next_case_number(office, buddhist_year(received_at)),
            case_type=case_type, status=status, channel=_pick(rng, CHANNELS), category=category,
            school=rng.choice(schools), work_group=category.work_group, subject=subject,
            description=description, is_anonymous=anonymous,
            confidential=case_type is CaseType.CORRUPTION,
            respondent="ผู้บริหารโรงเรียน" if case_type is CaseType.CORRUPTION else "",
            receipt_hash=receipt_hash,
            content_digest=hashlib.sha256(f"{subject}{received_at}".encode()).hexdigest(),
            received_at=received_at,
            reply_due_at=received_at + timedelta(days=office.reply_due_days),
        )
        case.events.append(CaseEvent(kind=EventKind.SUBMITTED, actor_type=ActorType.REPORTER,
                                     to_status=CaseStatus.NEW, created_at=received_at))
        _walk(case, status, received_at, now, rng, late=rng.random() < LATE_SHARE)
        rated = _record_ending(case, endings)
        if rated:
            ratings.append((case, *rated))
        if not anonymous:
            case.contact = ReporterContact(
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                phone=f"08{rng.randint(0, 99999999):08d}"[:3] + "-xxx-xxxx",
            )
        db.session.add(case)
    db.session.flush()
    db.session.add_all(Satisfaction(case_id=case.id, rating=rating, comment=comment,
                                    created_at=at) for case, rating, comment, at in ratings)


def _record_ending(case: Case, rng: random.Random) -> tuple[int, str, datetime] | None:
    """What the ending recorded: an outcome, a decline reason, an agency; and, for some
    finished cases, the reporter's rating with now and then a comment."""
    if case.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        stream = (case.case_type.value if case.case_type in (CaseType.COMPLAINT,
                                                              CaseType.CORRUPTION) else "other")
        case.outcome = _pick(rng, OUTCOME_WEIGHTS[stream])
        if case.resolved_at is not None and rng.random() < RATING_SHARE:
            rating = _pick(rng, RATING_WEIGHTS)
            comment = rng.choice(COMMENTS[rating]) if rng.random() < COMMENT_SHARE else ""
            at = case.resolved_at + timedelta(hours=rng.randint(2, 96))
            case.events.append(CaseEvent(
                kind=EventKind.RATED, actor_type=ActorType.REPORTER, created_at=at,
                visibility=Visibility.PUBLIC,
                body=f"{rating}/5" + (f"\n{comment}" if comment else "")))
            return rating, comment, at
    elif case.status is CaseStatus.DECLINED:
        case.decline_reason = _pick(rng, DECLINE_WEIGHTS)
    elif case.status is CaseStatus.REFERRED:
        case.referred_to = "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษานครพนม"
    return None


def _status_weights(age_days: int, reply_due_days: int) -> list:
    if age_days < reply_due_days:
        return RECENT_STATUS_WEIGHTS
    if age_days < STILL_OPEN_DAYS:
        return OLDER_STATUS_WEIGHTS
    return [(s, w) for s, w in OLDER_STATUS_WEIGHTS if s not in OPEN_STATUSES]


def _walk(case: Case, status: CaseStatus, start, now, rng: random.Random,
          late: bool = False) -> None:
    """The case's steps to ``status``: a few days apart, or (``late``) past the deadline."""
    moment, previous = start, CaseStatus.NEW
    hours = (96, 160) if late else (2, 72)
    for step in PATHS[status]:
        moment = min(moment + timedelta(hours=rng.randint(*hours)), now)
        case.events.append(CaseEvent(
            kind=EventKind.STATUS_CHANGED, actor_type=ActorType.STAFF, from_status=previous,
            to_status=step, body=NOTES[step], visibility=Visibility.PUBLIC, created_at=moment,
        ))
        if step is CaseStatus.ACKNOWLEDGED:
            case.acknowledged_at = moment
        if step in (CaseStatus.RESOLVED, CaseStatus.DECLINED, CaseStatus.REFERRED):
            case.resolved_at = case.reporter_informed_at = moment
        if step is CaseStatus.CLOSED:
            case.closed_at = moment
        previous = step
