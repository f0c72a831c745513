"""Realistic Thai case rows for bench/generate_cases.py, as plain tuples (no ORM per row)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.clock import BE_OFFSET
from portal.demo.reference import create_office, create_reference_data
from portal.extensions import db
from portal.models import Category, Office, Role, School, User, UserRole, WorkGroup

BANGKOK_OFFSET = timedelta(hours=7)  # no daylight saving
LUNCH_SHARE = 0.03  # cases that mention อาหารกลางวัน (no other phrase contains it)

TOPICS = {
    "complaint": [
        ("ห้องน้ำนักเรียนชำรุด", ["ห้องน้ำนักเรียนหญิงประตูพังและน้ำไม่ไหล",
                                  "ห้องน้ำมีกลิ่นเหม็นและไม่มีคนทำความสะอาด"]),
        ("ครูไม่เข้าสอน", ["ครูประจำชั้นไม่เข้าสอนหลายคาบต่อสัปดาห์",
                           "นักเรียนต้องนั่งทำงานเองในห้องโดยไม่มีครูดูแล"]),
        ("เรียกเก็บเงินเพิ่มเติม", ["โรงเรียนเรียกเก็บค่ากิจกรรมเพิ่ม 500 บาทโดยไม่มีใบเสร็จ",
                                    "ผู้ปกครองหลายคนไม่ทราบว่าเงินนำไปใช้ทำอะไร"]),
        ("รถรับส่งนักเรียนไม่ปลอดภัย", ["รถรับส่งบรรทุกเด็กเกินจำนวนและขับเร็ว",
                                        "คนขับรถใช้โทรศัพท์ขณะขับรถ"]),
        ("นักเรียนถูกกลั่นแกล้ง", ["ลูกถูกเพื่อนรุ่นพี่แกล้งและรีดไถเงินทุกวัน",
                                   "แจ้งครูแล้วแต่ยังไม่มีการแก้ไข"]),
        ("อาคารเรียนทรุดโทรม", ["หลังคาอาคารเรียนรั่วเวลาฝนตก", "ฝ้าเพดานห้องเรียนชั้น ป.2 หลุดร่วง"]),
        ("น้ำดื่มไม่สะอาด", ["ตู้กรองน้ำดื่มไม่ได้เปลี่ยนไส้กรองมานาน", "นักเรียนท้องเสียหลายคน"]),
        ("พฤติกรรมครูไม่เหมาะสม", ["ครูใช้คำพูดรุนแรงกับนักเรียนหน้าชั้นเรียน",
                                   "ครูลงโทษนักเรียนด้วยการตี"]),
        ("การให้บริการของเจ้าหน้าที่เขต", ["ติดต่อขอเอกสารที่สำนักงานเขตต้องรอนานหลายชั่วโมง",
                                           "โทรศัพท์ติดต่อไม่มีผู้รับสาย"]),
    ],
    "suggestion": [
        ("เสนอกิจกรรมส่งเสริมการอ่าน", ["อยากให้จัดห้องสมุดเคลื่อนที่ไปตามหมู่บ้านช่วงปิดเทอม"]),
        ("ขอให้ประกาศข่าวทางเพจ", ["ผู้ปกครองส่วนใหญ่ใช้เฟซบุ๊กและไลน์มากกว่าเว็บไซต์"]),
        ("เสนอให้เพิ่มครูภาษาอังกฤษ", ["โรงเรียนขนาดเล็กไม่มีครูที่จบเอกภาษาอังกฤษ"]),
    ],
    "question": [
        ("สอบถามการรับสมัครนักเรียน", ["ปีการศึกษาหน้าเปิดรับสมัครชั้นอนุบาล 2 วันไหน",
                                       "ต้องใช้เอกสารอะไรบ้าง"]),
        ("สอบถามการเบิกค่าเล่าเรียนบุตร", ["ข้าราชการครูเบิกค่าเล่าเรียนบุตรได้ภายในกี่วัน"]),
        ("สอบถามการย้ายโรงเรียน", ["ย้ายตามผู้ปกครองไปต่างจังหวัดต้องทำเรื่องที่ไหน"]),
    ],
    "compliment": [
        ("ขอชมเชยครูประจำชั้น", ["ครูติดตามเยี่ยมบ้านนักเรียนและช่วยเหลือเด็กที่ขาดเรียนบ่อย"]),
        ("ขอบคุณเจ้าหน้าที่เขต", ["เจ้าหน้าที่ให้คำแนะนำดีและงานเสร็จภายในวันเดียว"]),
    ],
    "corruption": [
        ("สงสัยการจัดซื้อวัสดุราคาสูงผิดปกติ", ["จัดซื้อวัสดุปรับปรุงอาคารแพงกว่าร้านทั่วไปเกือบเท่าตัว",
                                                "ซื้อจากร้านของญาติผู้บริหาร"]),
        ("เรียกรับเงินเพื่อย้ายโรงเรียน", ["มีผู้อ้างว่าช่วยให้ย้ายกลับภูมิลำเนาได้หากจ่ายเงิน 50,000 บาท"]),
        ("ใช้รถราชการไปธุระส่วนตัว", ["ผู้บริหารนำรถของโรงเรียนไปใช้ในวันหยุดเป็นประจำ"]),
    ],
}
LUNCH_TOPICS = {
    "complaint": [("อาหารกลางวันไม่เพียงพอ", ["นักเรียนได้รับอาหารกลางวันไม่ครบทุกวัน",
                                              "บางวันมีแต่ข้าวกับน้ำแกงจืด"]),
                  ("คุณภาพอาหารกลางวันนักเรียน", ["อาหารกลางวันมีแต่ผักไม่มีเนื้อสัตว์",
                                                  "งบประมาณหัวละ 22 บาทแต่ได้อาหารน้อยมาก"])],
    "suggestion": [("เสนอให้ปลูกผักเพื่ออาหารกลางวัน", ["ให้นักเรียนปลูกผักไว้ทำอาหารกลางวันเอง"])],
    "question": [("สอบถามงบประมาณอาหารกลางวัน", ["อยากทราบว่าโรงเรียนได้รับงบอาหารกลางวันหัวละเท่าไร"])],
    "corruption": [("สงสัยการทุจริตงบอาหารกลางวัน", ["ผู้รับจ้างทำอาหารกลางวันเป็นญาติของผู้บริหาร"])],
}
OPENERS = ("", "เรียนท่านผู้อำนวยการ ", "ผู้ปกครองนักเรียนชั้น ป.3 ขอแจ้งว่า ", "ดิฉันเป็นผู้ปกครอง ",
           "ผมเป็นศิษย์เก่า ", "ขอแจ้งเรื่องที่", "ชาวบ้านในหมู่บ้านเห็นว่า ")
WHEN = ("ตั้งแต่ต้นภาคเรียนที่ 1 ", "เมื่อสัปดาห์ที่แล้ว ", "มาประมาณ 3 เดือนแล้ว ", "หลายครั้ง ", "")
ASKS = ("จึงเรียนมาเพื่อโปรดพิจารณา", "ขอให้สำนักงานเขตตรวจสอบด้วยครับ", "ขอบคุณค่ะ",
        "หวังว่าจะได้รับการแก้ไขโดยเร็ว", "")
NAMES = ("นายสมชาย ใจดี", "นางสมหญิง ศรีสุข", "นายประเสริฐ พรมมา", "นางอรุณี บุญเรือง")
REFERRED = ("สำนักงานเขตพื้นที่การศึกษามัธยมศึกษานครพนม", "องค์การบริหารส่วนตำบล",
            "สำนักงานป้องกันและปราบปรามการทุจริตแห่งชาติ")
TYPE_WEIGHTS = (("complaint", 45), ("suggestion", 13), ("question", 27), ("compliment", 8),
                ("corruption", 7))
CHANNEL_WEIGHTS = (("web", 55), ("facebook", 12), ("phone", 13), ("walk_in", 7), ("letter", 6),
                   ("line", 4), ("email", 3))
OPEN = ("new", "acknowledged", "in_progress", "awaiting_reporter")
# Status by age of the case in days: young cases are open, old ones settled (a few stuck).
STATUS_BY_AGE = (
    (1, (("new", 70), ("acknowledged", 25), ("in_progress", 5))),
    (3, (("new", 25), ("acknowledged", 35), ("in_progress", 35), ("awaiting_reporter", 5))),
    (15, (("new", 3), ("acknowledged", 10), ("in_progress", 50), ("awaiting_reporter", 12),
          ("resolved", 15), ("declined", 5), ("referred", 3), ("merged", 2))),
    (30, (("in_progress", 15), ("awaiting_reporter", 5), ("resolved", 45), ("closed", 15),
          ("declined", 10), ("referred", 6), ("merged", 4))),
    (10**6, (("in_progress", 3), ("acknowledged", 1), ("awaiting_reporter", 1), ("resolved", 400),
             ("closed", 400), ("declined", 100), ("referred", 60), ("merged", 40))),
)
CASE_COLUMNS = [
    "id", "office_id", "number", "case_type", "status", "channel", "category_id", "school_id",
    "work_group_id", "place_text", "subject", "description", "occurred_on", "respondent",
    "witnesses", "is_anonymous", "confidential", "locale", "receipt_hash", "content_digest",
    "received_at", "reply_due_at", "acknowledged_at", "reporter_informed_at", "resolved_at",
    "closed_at", "merged_into_id", "assignee_id", "priority", "original_received_on", "outcome",
    "decline_reason", "referred_to", "paused_since", "reporter_due_at", "reopened_count",
    "disputed_count", "feedback_due_at", "lock_version", "last_activity_at",
]


def _weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    cumulative = list(itertools.accumulate(weights))
    return lambda: rng.choices(items, cum_weights=cumulative)[0]


@dataclass
class CaseFactory:
    rng: random.Random
    now: datetime
    years: float
    count: int
    office_id: int
    office_code: str
    categories: dict[str, list[tuple[int, int]]]  # type -> [(category id, work group id)]
    schools: list[tuple[int, str]]
    officers: dict[int, list[int]]  # work group id -> officer ids
    staff_ids: list[int] = field(default_factory=list)

    @classmethod
    def create(cls, rng: random.Random, now: datetime, years: float, count: int) -> CaseFactory:
        """The office, its reference data and staff (ORM: a few hundred rows)."""
        office = create_office()
        create_reference_data(office, rng)
        groups = db.session.scalars(select(WorkGroup).where(WorkGroup.office_id == office.id))
        officers: dict[int, list[int]] = {}
        staff: list[User] = []
        for group in groups:
            roles = [Role.INTEGRITY] if group.receives_corruption else [Role.CASE_OFFICER]
            members = [_user(office, f"{group.code}{i}", roles, [group]) for i in range(3)]
            staff += members
            db.session.flush()
            officers[group.id] = [u.id for u in members]
        for code, role in (("intake", Role.INTAKE), ("intake2", Role.INTAKE),
                           ("director", Role.DIRECTOR), ("pr", Role.PR), ("admin", Role.ADMIN)):
            staff.append(_user(office, code, [role], []))
        db.session.flush()
        categories: dict[str, list[tuple[int, int]]] = {}
        for c in db.session.scalars(select(Category).where(Category.office_id == office.id)):
            categories.setdefault(c.case_type.value, []).append((c.id, c.work_group_id))
        schools = [(s.id, s.name_th) for s in db.session.scalars(
            select(School).where(School.office_id == office.id).order_by(School.id))]
        return cls(rng, now, years, count, office.id, office.code, categories, schools, officers,
                   [u.id for u in staff])

    def tables(self) -> Iterator[tuple[str, list[str], Iterator[tuple]]]:
        yield "cases", CASE_COLUMNS, self.cases()
        yield "recusals", ["case_id", "user_id", "reason", "note", "created_at"], self.recusals()

    def cases(self) -> Iterator[tuple]:
        rng, now = self.rng, self.now
        span = self.years * 365.25 * 86400
        offsets = sorted((rng.random() * span for _ in range(self.count)), reverse=True)
        pick_type, pick_channel = _weighted(rng, TYPE_WEIGHTS), _weighted(rng, CHANNEL_WEIGHTS)
        pick_status = [(limit, _weighted(rng, pairs)) for limit, pairs in STATUS_BY_AGE]
        pick_school = _weighted(rng, [(s, rng.paretovariate(1.5)) for s in self.schools])
        sequences: dict[int, int] = {}
        for case_id, offset in enumerate(offsets, start=1):
            received = now - timedelta(seconds=offset + 300)
            year_be = (received + BANGKOK_OFFSET).year + BE_OFFSET
            sequences[year_be] = sequences.get(year_be, 0) + 1
            age_days = offset / 86400
            status = next(p for limit, p in pick_status if age_days < limit)()
            case_type = pick_type()
            yield self._row(case_id, received, year_be, sequences[year_be], case_type, status,
                            pick_channel(), pick_school)

    def _row(self, case_id, received, year_be, sequence, case_type, status, channel, school):
        rng, now = self.rng, self.now
        category_id, group_id = rng.choice(self.categories[case_type])
        school_id, school_name = (school() if rng.random() < 0.85
                                  else (None, ""))
        subject, description = self._text(case_type, school_name)
        corruption = case_type == "corruption"
        t = _Timeline(rng, received, now, status)
        assignee = (rng.choice(self.officers[group_id])
                    if status != "new" and rng.random() < 0.85 else None)
        outcome = None
        if status in ("resolved", "closed"):
            outcome = (rng.choice(("upheld", "partly_upheld", "not_upheld"))
                       if case_type in ("complaint", "corruption") else "answered")
        return (
            case_id, self.office_id, f"{self.office_code}-{year_be}-{sequence:06d}", case_type,
            status, channel, category_id, school_id, group_id,
            school_name if school_name and rng.random() < 0.5 else "",
            subject, description, (received - timedelta(days=rng.randint(0, 30))).date(),
            rng.choice(NAMES) if corruption else "", "", corruption or rng.random() < 0.3,
            corruption or rng.random() < 0.003, "th" if rng.random() < 0.97 else "en",
            "!bench", f"{rng.getrandbits(256):064x}", received, t.reply_due, t.acknowledged,
            t.resolved, t.resolved, t.closed,
            max(1, case_id - rng.randint(1, 50)) if status == "merged" else None, assignee,
            rng.choices(("normal", "high", "urgent"), (85, 12, 3))[0],
            None if channel == "web" else (received - timedelta(days=rng.randint(0, 3))).date(),
            outcome, rng.choice(("insufficient", "decided_elsewhere", "before_court", "other"))
            if status == "declined" else None, rng.choice(REFERRED) if status == "referred" else "",
            t.paused, t.paused + timedelta(days=7) if t.paused else None, 0, 0,
            t.resolved + timedelta(days=7) if t.resolved and outcome else None, 1,
            # the latest of the two events generate_cases.py derives for each case
            t.resolved or t.paused or t.acknowledged or received,
        )

    def _text(self, case_type: str, school: str) -> tuple[str, str]:
        rng = self.rng
        lunch = case_type in LUNCH_TOPICS and rng.random() < LUNCH_SHARE / 0.9
        subject, details = rng.choice((LUNCH_TOPICS if lunch else TOPICS)[case_type])
        place = f"ที่{school} " if school else ""
        description = (f"{rng.choice(OPENERS)}{place}{rng.choice(WHEN)}{' '.join(details)} "
                       f"{rng.choice(ASKS)}").strip()
        return subject, description

    def recusals(self) -> Iterator[tuple]:
        pairs = {(self.rng.randint(1, self.count), self.rng.choice(self.staff_ids))
                 for _ in range(max(1, self.count // 2000))}
        for case_id, user_id in sorted(pairs):
            yield case_id, user_id, "declared_conflict", "", self.now


class _Timeline:
    """Acknowledge, pause, resolve and close moments consistent with a status."""

    def __init__(self, rng: random.Random, received: datetime, now: datetime, status: str):
        def later(start: datetime, low_hours: float, high_hours: float) -> datetime:
            return min(start + timedelta(hours=rng.uniform(low_hours, high_hours)), now)

        self.reply_due = received + timedelta(days=15)
        self.acknowledged = (later(received, 1, 72)
                             if status not in ("new", "declined", "merged") else None)
        self.paused = later(received, 24, 200) if status == "awaiting_reporter" else None
        if self.paused:
            self.reply_due += now - self.paused  # the clock stops while the reporter is asked
        settled = status in ("resolved", "closed", "declined", "referred", "merged")
        self.resolved = later(received, 24, 20 * 24) if settled else None
        self.closed = later(self.resolved, 7 * 24, 14 * 24) if status == "closed" else None


def _user(office: Office, code: str, roles: list[Role], groups: list[WorkGroup]) -> User:
    user = User(office_id=office.id, email=f"bench-{code}@nkp2.example", name=f"เจ้าหน้าที่ {code}",
                password_hash="!unusable", roles=[UserRole(role=r) for r in roles],
                work_groups=groups)
    db.session.add(user)
    return user
