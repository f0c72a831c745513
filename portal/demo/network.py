"""The demo's schools' PR network: every name, number and address here is invented sample
data (ตัวอย่าง). Correspondents for 70 of the schools, a committee of 19 with 12 active in the
group, four months of school news taken through publishing, shares and a coverage series."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from portal.clock import to_local, utcnow
from portal.demo.publications import _demo_image, _user
from portal.extensions import db
from portal.models import Office, Publication, Role, School
from portal.network.coverage import _store, last_months, record_month
from portal.network.details import PersonDetails
from portal.network.invitations import create_invitation
from portal.network.models import (
    CommitteeMember,
    CommitteeRole,
    CorrespondentKind,
    FacesAnswer,
    ShareLink,
)
from portal.network.news import accept_news, check_photos, return_news, submit_news
from portal.network.registry import save_correspondent, save_profile
from portal.publishing.approval import approve_version
from portal.publishing.drafting import submit_for_approval
from portal.publishing.fingerprint import seen_of

FIRST = [
    "สมศรี",
    "มาลี",
    "วิไล",
    "ประภา",
    "อรุณี",
    "สุดา",
    "กนกวรรณ",
    "ธนพล",
    "สมชาย",
    "วีระ",
    "อนุชา",
    "ปิยะ",
    "ชาตรี",
    "นิภา",
    "ศิริพร",
    "พรทิพย์",
    "สุริยา",
    "อำนาจ",
]
LAST = [
    "ใจดี",
    "ศรีสุข",
    "บุญมา",
    "แก้วมณี",
    "ทองดี",
    "พรหมมา",
    "ศรีวงศ์",
    "คำภา",
    "ไชยเสน",
    "สุวรรณ",
    "จันทร์แก้ว",
    "พลราช",
]
POSITIONS = ["ครู", "ครูชำนาญการ", "ครูชำนาญการพิเศษ", "ครูผู้ช่วย", "รองผู้อำนวยการโรงเรียน"]
NEWS = [
    ("กีฬาสีต้านยาเสพติด", "โรงเรียนจัดการแข่งขันกีฬาสีประจำปี นักเรียนทุกชั้นร่วมกิจกรรม ผู้ปกครองและชุมชนมาร่วมเชียร์"),
    ("วันเด็กแห่งชาติ", "โรงเรียนจัดกิจกรรมวันเด็ก มีเกมและของรางวัลจากชุมชนและผู้ปกครอง"),
    ("ทัศนศึกษาแหล่งเรียนรู้ในท้องถิ่น", "นักเรียนชั้นประถมศึกษาปีที่ 4-6 ศึกษาดูงานแหล่งเรียนรู้ริมแม่น้ำสงคราม"),
    (
        "อบรมการปฐมพยาบาลเบื้องต้น",
        "เจ้าหน้าที่โรงพยาบาลส่งเสริมสุขภาพตำบลอบรมครูและนักเรียนเรื่องการปฐมพยาบาลเบื้องต้น",
    ),
    ("ปลูกผักสวนครัวในโรงเรียน", "นักเรียนปลูกผักสวนครัวใช้เป็นวัตถุดิบอาหารกลางวัน"),
    ("กิจกรรมรักการอ่าน", "ห้องสมุดโรงเรียนจัดกิจกรรมรักการอ่าน นักเรียนยืมหนังสือเพิ่มขึ้น"),
    ("ซ้อมหนีไฟ", "โรงเรียนร่วมกับองค์การบริหารส่วนตำบลซ้อมอพยพหนีไฟ"),
    ("ไหว้ครู", "นักเรียนร่วมพิธีไหว้ครูและร่วมกันทำพานดอกไม้ด้วยตนเอง"),
]
COLOURS = [(32, 96, 160), (200, 110, 30), (40, 140, 90), (150, 60, 120)]


def _name(rng: random.Random) -> str:
    title = rng.choice(["นาย", "นาง", "นางสาว"])
    return f"{title}{rng.choice(FIRST)} {rng.choice(LAST)} (ตัวอย่าง)"


def create_demo_network(office: Office, rng: random.Random) -> None:
    """Fill the network once, in the demo's transaction."""
    pr, director = _user(office, Role.PR), _user(office, Role.DIRECTOR)
    schools = list(
        db.session.scalars(select(School).where(School.office_id == office.id).order_by(School.id))
    )
    chosen = rng.sample(schools, min(70, len(schools)))
    people = {}
    for n, school in enumerate(chosen):
        person = save_correspondent(
            office,
            school,
            CorrespondentKind.MAIN,
            PersonDetails(
                _name(rng),
                rng.choice(POSITIONS),
                f"080-000-{n:04d}",
                f"pr.{school.code.lower()}@school.nkp2.example",
                f"demo_{school.code.lower()}",
            ),
            user=pr,
        )
        person.joined_at = utcnow() - timedelta(days=rng.randint(20, 200))
        person.created_at = person.joined_at  # so the monthly series grows as they joined
        people[school.id] = person
        if n % 3 == 0:
            save_correspondent(
                office, school, CorrespondentKind.DEPUTY, PersonDetails(_name(rng), "ครู"), user=pr
            )
        joined = n % 7 != 0
        save_profile(
            office,
            school,
            f"https://www.facebook.com/demo.{school.code.lower()}",
            joined,
            person.joined_at.date() if joined else None,
            user=pr,
        )
    waiting = [s for s in schools if s.id not in people][:20]
    for n, school in enumerate(waiting):
        invitation = create_invitation(office, school, pr)
        invitation.created_at = utcnow() - timedelta(days=3 + n * 2)
    _committee(office, rng, schools)
    db.session.flush()
    _school_news(office, rng, chosen, people, pr, director)
    _coverage_series(office)


def _committee(office: Office, rng: random.Random, schools: list[School]) -> None:
    roles = [CommitteeRole.CHAIR] + [CommitteeRole.MEMBER] * 17 + [CommitteeRole.SECRETARY]
    for n, role in enumerate(roles):
        db.session.add(
            CommitteeMember(
                office_id=office.id,
                name=_name(rng),
                role=role,
                position="ผู้อำนวยการโรงเรียน" if role is CommitteeRole.CHAIR else "ครู",
                school_id=rng.choice(schools).id if role is CommitteeRole.MEMBER else None,
                phone=f"080-100-{n:04d}",
                term_start=date(2025, 10, 1),
                term_end=date(2027, 9, 30),
                active=n < 11 or role is CommitteeRole.SECRETARY,
            )
        )


def _school_news(
    office: Office, rng: random.Random, chosen: list[School], people: dict, pr, director
) -> None:
    now = utcnow()
    senders = chosen[:26]
    for n in range(36):
        school = senders[n % len(senders)]
        title, body = NEWS[n % len(NEWS)]
        photos = [_demo_image(title, COLOURS[(n + k) % len(COLOURS)]) for k in range(1 + n % 3)]
        submitted = now - timedelta(hours=rng.randint(30, 24 * 118))
        news = submit_news(
            office,
            people[school.id],
            title,
            body,
            submitted.date(),
            "",
            True,
            FacesAnswer.CONSENTED if n % 2 else FacesAnswer.NONE,
            photos,
        )
        news.submitted_at = submitted
        if n % 9 == 8:
            continue  # waiting for PR
        if n % 9 == 7:
            return_news(office, news, pr, "กรุณาเพิ่มรายละเอียดว่าจัดเมื่อใดและมีผู้ร่วมกี่คน")
            continue
        item = accept_news(office, news, pr, news.photos[0].id, "ขอบคุณสำหรับข่าว")
        check_photos(office, news, pr)
        submit_for_approval(item, pr)
        if n % 9 == 6:
            continue  # awaiting approval
        approve_version(item, director, seen_of(item.latest))
        published = submitted + timedelta(hours=rng.randint(4, 72))
        news.published_at = item.published_at = item.updated_at = published
        item.live.approved_at = published
        _shares(office, rng, item, chosen, published, people)


def _shares(
    office: Office,
    rng: random.Random,
    item: Publication,
    chosen: list[School],
    published,
    people: dict,
) -> None:
    for school in rng.sample(chosen, rng.randint(3, 12)):
        opened = published + timedelta(hours=rng.randint(1, 48))
        db.session.add(
            ShareLink(
                office_id=office.id,
                publication_id=item.id,
                school_id=school.id,
                code=f"d{item.id:04d}{school.id:04d}"[:16],
                opened_at=opened,
                opened_by_id=people[school.id].id,
                shared_by_id=people[school.id].id if (shared := rng.random() < 0.7) else None,
                shared_at=opened + timedelta(minutes=10) if shared else None,
                clicks=rng.randint(0, 40),
            )
        )


def _coverage_series(office: Office) -> None:
    """Keep the last months' figures; the followers' and friends' counts are sample values
    ending at the office's own count of 879 Page likes."""
    db.session.flush()
    months = last_months(to_local(utcnow()).date(), 5)
    for back, month in enumerate(months):
        record_month(office, month)
        _store(office, month, "page_followers", 879 - back * 23)
        _store(office, month, "line_friends", 640 - back * 31)
