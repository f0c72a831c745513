"""Messenger: the same conversation through the Send API, and its messaging windows."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select

from portal.cases.handling import reply_publicly
from portal.chat.followups import chat_delivery_problem
from portal.chat.models import ChatOutgoing, ChatUser
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Case, Channel, EventKind, Role, Visibility
from tests.chat.chatting import MessengerPerson, joined
from tests.chat.conftest import run_worker
from tests.factories import jpeg_bytes, make_user


def file_one(person: MessengerPerson, fake, photo: bool = True) -> Case:
    person.says("สวัสดีค่ะ")
    person.taps("แจ้งเรื่อง")
    person.taps("type:complaint")
    person.says("นาเดื่อ")
    school = [
        q for q in fake.state.sent[-1]["message"]["quick_replies"] if q["title"] == "บ้านนาเดื่อ"
    ][0]["payload"]
    person.taps(school)
    person.says("ครูไม่เข้าสอนวิชาคณิตศาสตร์หลายสัปดาห์แล้ว")
    if photo:
        fake.state.contents["board.jpg"] = jpeg_bytes()
        assert "รูปที่ 1" in joined(person.send(image_url=f"{fake.base_url}/cdn/board.jpg"))
    person.taps("photos:done")
    person.taps("confirm:yes")
    return db.session.scalar(select(Case))


def test_a_parent_on_messenger_files_with_a_photo_and_reads_the_answer(client, chat, fake):
    fake.state.profiles["6543210987654321"] = "สมศรี ใจดี"
    person = MessengerPerson(client, fake)
    case = file_one(person, fake)
    assert case.channel is Channel.FACEBOOK and case.contact.name == "สมศรี ใจดี"
    assert len(case.attachments) == 1
    assert case.number in fake.state.sent[-1]["message"]["text"]
    assert all(s["type"] == "RESPONSE" for s in fake.state.sent)

    officer = make_user(chat, Role.CASE_OFFICER)
    case.assignee_id = officer.id
    db.session.commit()
    reply_publicly(case, officer, "ได้ตักเตือนและจัดครูสอนแทนแล้ว", case.lock_version)
    db.session.commit()
    run_worker()
    assert "จัดครูสอนแทน" in joined(person.read())


def test_after_a_day_staff_answers_go_with_the_human_agent_tag(client, chat, fake):
    person = MessengerPerson(client, fake)
    case = file_one(person, fake, photo=False)
    two_days_ago = time.time() - 2 * 86400
    fake.state.last_user_message[person.psid] = two_days_ago
    user = db.session.scalar(select(ChatUser))
    user.last_inbound_at = utcnow() - timedelta(days=2)
    db.session.commit()
    assert chat_delivery_problem(case) is None
    officer = make_user(chat, Role.CASE_OFFICER)
    case.assignee_id = officer.id
    db.session.commit()
    reply_publicly(case, officer, "คำตอบหลังสองวัน", case.lock_version)
    db.session.commit()
    run_worker()
    assert fake.state.sent[-1]["tag"] == "HUMAN_AGENT"
    assert "คำตอบหลังสองวัน" in fake.state.sent[-1]["message"]["text"]


def test_after_seven_days_staff_are_warned_and_nothing_is_sent(client, chat, fake):
    person = MessengerPerson(client, fake)
    case = file_one(person, fake, photo=False)
    user = db.session.scalar(select(ChatUser))
    user.last_inbound_at = utcnow() - timedelta(days=8)
    db.session.commit()
    problem = chat_delivery_problem(case)
    assert problem and "7 วัน" in problem
    sent_before = len(fake.state.sent)
    officer = make_user(chat, Role.CASE_OFFICER)
    case.assignee_id = officer.id
    db.session.commit()
    reply_publicly(case, officer, "คำตอบที่ส่งทางแชตไม่ได้", case.lock_version)
    db.session.commit()
    run_worker()
    assert len(fake.state.sent) == sent_before
    row = db.session.scalar(select(ChatOutgoing).order_by(ChatOutgoing.id.desc()))
    assert row.status == "undeliverable"
    db.session.refresh(case)
    note = case.events[-1]
    assert note.kind is EventKind.INTERNAL_NOTE and note.visibility is Visibility.INTERNAL
    assert "7 วัน" in note.body


def test_a_photo_that_cannot_be_downloaded_keeps_the_case(client, chat, fake):
    person = MessengerPerson(client, fake)
    person.says("สวัสดี")
    person.taps("แจ้งเรื่อง")
    person.taps("type:complaint")
    person.taps("school:none")
    person.says("หลังคาห้องเรียนรั่วเวลาฝนตก")
    person.send(image_url=f"{fake.base_url}/cdn/expired.jpg")  # the CDN forgot it
    person.send(image_url="https://evil.example/x.jpg")  # not Meta's: never fetched
    person.taps("photos:done")
    told = joined(person.taps("confirm:yes"))
    case = db.session.scalar(select(Case))
    assert case is not None and case.attachments == []
    assert "รับรูปไม่ได้ 2 รูป" in told
    notes = [e.body for e in case.events if e.kind is EventKind.INTERNAL_NOTE]
    assert notes and "รูปที่ 1" in notes[0] and "รูปที่ 2" in notes[0]
    assert fake.calls_to("fb_attachment") == 1
