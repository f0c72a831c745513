"""Scripted Thai conversations on LINE, the real client code against the fake Messaging API."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import func, select

from portal.cases.handling import reply_publicly, request_information
from portal.cases.resolution import resolve_case
from portal.chat.models import ChatCase, ChatOutgoing, ChatUser
from portal.extensions import db
from portal.models import (
    Case,
    CaseStatus,
    CaseType,
    Channel,
    EventKind,
    Outcome,
    Role,
    School,
)
from portal.security.crypto import decrypt
from tests.chat.chatting import LinePerson, joined
from tests.factories import jpeg_bytes, make_user


def school_id(name: str) -> int:
    return db.session.scalar(select(School.id).where(School.name_th == name))


def cases() -> list[Case]:
    return list(db.session.scalars(select(Case).order_by(Case.id)).all())


def test_a_parent_files_a_complaint_with_a_photo(client, chat, fake):
    fake.state.profiles["U4af4980629aaaa"] = "แม่น้องเอ"
    fake.state.contents["msg-photo-1"] = jpeg_bytes(exif=b"Exif\x00\x00GPS-secret")
    person = LinePerson(client, fake)

    greeting = joined(person.send("follow"))
    assert "มาตรา 23" in greeting and "ประกาศความเป็นส่วนตัว" in greeting
    assert (
        fake.state.replies[-1]["messages"][-1]["quickReply"]["items"][0]["action"]["label"]
        == "แจ้งเรื่อง"
    )

    assert "ประเภทใด" in joined(person.says("แจ้งเรื่อง"))
    assert "โรงเรียนใด" in joined(person.taps("type:complaint"))
    found = person.says("สามผง")
    assert "เลือกโรงเรียน" in joined(found)
    labels = [
        i["action"]["label"] for i in fake.state.replies[-1]["messages"][-1]["quickReply"]["items"]
    ]
    assert "บ้านสามผง" in labels and "ไม่เกี่ยวกับโรงเรียน" in labels
    notice = joined(person.taps(f"school:{school_id('โรงเรียนบ้านสามผง')}"))
    assert "ไม่เป็นความลับต่อสำนักงาน" in notice and "/submit" in notice
    assert "รูปประกอบ" in joined(person.says("ห้องน้ำของโรงเรียนชำรุดมาสองสัปดาห์ นักเรียนใช้ไม่ได้"))
    assert "รูปที่ 1" in joined(person.send("image", message_id="msg-photo-1"))
    summary = joined(person.taps("photos:done"))
    assert "บ้านสามผง" in summary and "1 รูป" in summary
    assert cases() == []  # nothing is filed before the person confirms

    done = joined(person.taps("confirm:yes"))
    [case] = cases()
    assert case.number in done and "รหัสติดตาม" in done
    assert case.channel is Channel.LINE and case.case_type is CaseType.COMPLAINT
    assert case.school_id == school_id("โรงเรียนบ้านสามผง")
    assert case.contact.name == "แม่น้องเอ"
    [photo] = case.attachments
    from portal import storage

    stored = storage.read(photo.storage_key)
    assert b"GPS-secret" not in stored and Image.open(io.BytesIO(stored)).getexif() == {}
    # Every answer of the conversation went out as a free reply, none as a push.
    assert fake.state.pushes == {}
    assert db.session.scalar(
        select(func.count(ChatOutgoing.id)).where(ChatOutgoing.sent_via == "reply")
    ) == db.session.scalar(select(func.count(ChatOutgoing.id)))
    # The LINE user id is stored encrypted, found by a keyed hash.
    user = db.session.scalar(select(ChatUser))
    raw = db.session.connection().exec_driver_sql("SELECT user_id, user_key FROM chat_users").one()
    assert "U4af4980629aaaa" not in raw[0] + raw[1] and decrypt(raw[0]) == "U4af4980629aaaa"
    assert user.state == "idle" and user.draft is None


def test_staff_ask_the_parent_answers_in_chat_and_reads_the_outcome(client, chat, fake):
    person = LinePerson(client, fake)
    person.send("follow")
    person.says("แจ้งเรื่อง")
    person.taps("type:suggestion")
    person.taps("school:none")
    person.says("อยากให้มีรถรับส่งนักเรียนในหมู่บ้านห่างไกล")
    person.taps("photos:done")
    person.taps("confirm:yes")
    [case] = cases()
    officer = make_user(chat, Role.CASE_OFFICER)
    case.assignee_id = officer.id
    db.session.commit()

    request_information(case, officer, "ขอทราบชื่อหมู่บ้านด้วยครับ", case.lock_version)
    db.session.commit()
    run = person.read
    from tests.chat.conftest import run_worker

    run_worker()
    asked = joined(run())
    assert "ขอข้อมูลเพิ่มเติม" in asked and "ขอทราบชื่อหมู่บ้าน" in asked
    [push] = fake.state.pushes.values()  # no reply token for staff: a push, with a retry key
    assert push["to"] == "U4af4980629aaaa"

    assert case.number in joined(person.says("บ้านโคกสว่าง หมู่ 5 ค่ะ"))
    db.session.refresh(case)
    assert case.status is CaseStatus.IN_PROGRESS
    answer = [e for e in case.events if e.kind is EventKind.REPORTER_MESSAGE]
    assert answer[-1].body == "บ้านโคกสว่าง หมู่ 5 ค่ะ"

    reply_publicly(case, officer, "จะประสานเทศบาลจัดรถรับส่งภาคเรียนหน้า", case.lock_version)
    db.session.commit()
    run_worker()
    assert "ประสานเทศบาล" in joined(run())
    tracked = joined(person.says("ติดตามเรื่อง"))
    assert case.number in tracked and "ประสานเทศบาล" in tracked

    db.session.refresh(case)
    resolve_case(
        case, officer, Outcome.ANSWERED, "เทศบาลจัดรถรับส่งให้แล้วตั้งแต่ 1 ธ.ค.", case.lock_version
    )
    db.session.commit()
    run_worker()
    outcome = joined(run())
    assert "แจ้งผลการดำเนินการ" in outcome and "เทศบาลจัดรถรับส่ง" in outcome
    assert "ผล:" in outcome


def test_cancel_at_any_point_keeps_nothing(client, chat, fake):
    person = LinePerson(client, fake)
    person.send("follow")
    person.says("แจ้งเรื่อง")
    person.taps("type:complaint")
    person.taps("school:none")
    person.says("รายละเอียดที่ยังไม่อยากส่งจริง ๆ")
    assert "ยกเลิกแล้ว" in joined(person.says("ยกเลิก"))
    assert cases() == []
    assert db.session.scalar(select(ChatUser)).draft is None


def test_a_school_tap_with_digits_int_cannot_read_asks_again(client, chat, fake):
    """A forged postback ("school:²": str.isdigit() accepts it, int() does not) is answered."""
    person = LinePerson(client, fake)
    person.send("follow")
    person.says("แจ้งเรื่อง")
    person.taps("type:complaint")
    assert joined(person.taps("school:²"))
    assert db.session.scalar(select(ChatUser)).state == "school"


def test_stickers_voice_and_location_get_a_polite_hint(client, chat, fake):
    person = LinePerson(client, fake)
    person.send("follow")
    person.says("แจ้งเรื่อง")
    assert "สติกเกอร์" in joined(person.send("sticker"))
    hint = joined(person.send("audio"))
    assert "เสียง" in hint and "ประเภทเรื่อง" in hint
    assert "ตำแหน่ง" in joined(person.send("location"))
    assert db.session.scalar(select(ChatUser)).state == "type"  # still waiting for the type


def test_corruption_offers_the_anonymous_form_and_keeps_no_details(client, chat, fake):
    person = LinePerson(client, fake)
    person.send("follow")
    person.says("แจ้งเรื่อง")
    offer = joined(person.taps("type:corruption"))
    assert "/report-corruption" in offer and "ไม่ต้องเปิดเผยตัวตน" in offer
    assert "ยกเลิกแล้ว" in joined(person.says("ยกเลิก"))
    assert cases() == []
    person.says("แจ้งเรื่อง")
    person.taps("type:corruption")
    person.taps("corruption:go")
    person.taps("school:none")
    person.says("มีการเรียกรับเงินค่าฝากเข้าเรียนโดยไม่มีใบเสร็จ")
    person.taps("photos:done")
    person.taps("confirm:yes")
    [case] = cases()
    assert case.case_type is CaseType.CORRUPTION and case.confidential


def test_follow_up_with_several_open_cases_asks_which(client, chat, fake):
    person = LinePerson(client, fake)
    person.send("follow")
    for text in ("เรื่องแรกเกี่ยวกับอาหารกลางวันของนักเรียน", "เรื่องที่สองเกี่ยวกับถนนหน้าโรงเรียน"):
        person.says("แจ้งเรื่อง")
        person.taps("type:complaint")
        person.taps("school:none")
        person.says(text)
        person.taps("photos:done")
        person.taps("confirm:yes")
    first, second = cases()
    assert "เรื่องใด" in joined(person.says("เพิ่มเติม: วันนี้ก็ยังไม่ได้แก้"))
    assert first.number in joined(person.taps(f"case:{first.number}"))
    db.session.refresh(first)
    assert first.events[-1].body == "เพิ่มเติม: วันนี้ก็ยังไม่ได้แก้"
    assert all(e.kind is not EventKind.REPORTER_MESSAGE for e in second.events)
    assert db.session.scalar(select(func.count(ChatCase.id))) == 2
