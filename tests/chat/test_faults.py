"""Faults on the way out and in: reply tokens, 429s, quotas, refused tokens, 5xx answers."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select, update

from portal.cases.handling import reply_publicly
from portal.channels.settings import channel_account
from portal.chat.inbound import process_event
from portal.chat.models import ChatInboundEvent, ChatOutgoing, ChatUser
from portal.chat.outgoing import chat_settings, line_push_problem
from portal.clock import utcnow
from portal.extensions import db
from portal.models import (
    Case,
    Delivery,
    DeliveryChannel,
    EventKind,
    Role,
)
from tests.chat.chatting import LinePerson, joined
from tests.chat.conftest import make_due, post_line, run_worker
from tests.chat.fake_chat import Fault, line_event
from tests.factories import make_user


def last_row() -> ChatOutgoing:
    return db.session.scalar(select(ChatOutgoing).order_by(ChatOutgoing.id.desc()))


def test_an_expired_reply_token_falls_back_to_a_push_with_a_retry_key(client, chat, fake):
    user = "Uexpired"
    token = fake.issue_reply_token(user)
    fake.state.reply_ttl = 0  # LINE already considers it expired
    post_line(client, line_event(user, "follow", reply_token=token))
    run_worker()
    row = last_row()
    assert row.status == "sent" and row.sent_via == "push"
    assert fake.calls_to("line_reply") == 1 and list(fake.state.pushes) == [row.retry_key]


def test_a_token_past_its_life_is_not_even_tried(client, chat, fake):
    user = "Ulate"
    token = fake.issue_reply_token(user)
    post_line(client, line_event(user, "follow", reply_token=token))
    db.session.execute(update(ChatInboundEvent).values(received_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    from portal.chat.inbound import process_inbound

    process_inbound("w")
    db.session.execute(
        update(ChatOutgoing).values(reply_token_expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    run_worker()
    assert fake.calls_to("line_reply") == 0 and last_row().sent_via == "push"


def test_a_5xx_on_reply_is_retried_as_a_reply_never_pushed(client, chat, fake):
    person = LinePerson(client, fake, "U5xx")
    fake.script("line_reply", Fault(status=500))
    assert person.send("follow") == []
    row = last_row()
    assert row.status == "retrying" and fake.state.pushes == {}
    make_due()
    run_worker()
    row = last_row()
    assert row.status == "sent" and row.sent_via == "reply" and fake.state.pushes == {}
    assert "สวัสดี" in joined(person.read())


def staff_reply(office, case: Case, text: str = "คำตอบของเจ้าหน้าที่") -> None:
    officer = make_user(office, Role.CASE_OFFICER)
    case.assignee_id = officer.id
    db.session.commit()
    reply_publicly(case, officer, text, case.lock_version)
    db.session.commit()


def filed_case(client, fake, user="Ustaff") -> Case:
    person = LinePerson(client, fake, user)
    person.send("follow")
    person.says("คุยกับเจ้าหน้าที่")
    person.says("อยากทราบกำหนดการรับสมัครนักเรียนใหม่")
    return db.session.scalar(select(Case))


def test_429_with_retry_after_waits_as_long_as_line_asks(client, chat, fake):
    case = filed_case(client, fake)
    fake.script(
        "line_push", Fault(status=429, message="Too many requests", headers={"Retry-After": "3600"})
    )
    staff_reply(chat, case)
    run_worker()
    row = last_row()
    assert row.status == "retrying" and row.attempts == 0
    assert row.next_attempt_at > utcnow() + timedelta(minutes=55)
    assert chat_settings(chat.id, "line").push_used == 0  # refused: not counted
    make_due()
    account = channel_account(chat.id, DeliveryChannel.LINE_BROADCAST)
    account.throttled_until = None
    db.session.commit()
    run_worker()
    assert last_row().status == "sent" and chat_settings(chat.id, "line").push_used == 1


def test_429_without_retry_after_waits_the_minimum(client, chat, fake):
    case = filed_case(client, fake)
    fake.script("line_push", Fault(status=429, message="Too many requests"))
    staff_reply(chat, case)
    run_worker()
    row = last_row()
    assert row.status == "retrying"
    assert utcnow() + timedelta(minutes=14) < row.next_attempt_at < utcnow() + timedelta(minutes=16)


def test_quota_exhausted_tells_staff_and_keeps_the_answer_on_the_tracking_page(client, chat, fake):
    case = filed_case(client, fake)
    settings = chat_settings(chat.id, "line")
    settings.push_quota = 1
    db.session.commit()
    staff_reply(chat, case, "คำตอบแรก")
    run_worker()
    assert last_row().status == "sent" and line_push_problem(chat.id)
    staff_reply(chat, case, "คำตอบที่สองเกินโควตา")
    run_worker()
    row = last_row()
    assert row.status == "undeliverable" and "โควตา" in row.last_error
    assert len(fake.state.pushes) == 1
    db.session.refresh(case)
    assert case.events[-1].kind is EventKind.INTERNAL_NOTE and "โควตา" in case.events[-1].body
    reply = [e for e in case.events if e.kind is EventKind.PUBLIC_REPLY][-1]
    assert reply.body == "คำตอบที่สองเกินโควตา"  # on the tracking page all the same


def test_line_own_monthly_limit_is_quota_exhaustion_too(client, chat, fake):
    case = filed_case(client, fake)
    fake.state.monthly_limit = 0
    staff_reply(chat, case)
    run_worker()
    assert last_row().status == "undeliverable"
    assert chat_settings(chat.id, "line").push_used == 0


def test_a_refused_token_pauses_the_channel_and_alerts_the_admin_once(client, chat, fake):
    case = filed_case(client, fake)
    make_user(chat, Role.ADMIN)
    fake.script("line_push", Fault(status=401, message="Authentication failed"))
    staff_reply(chat, case)
    staff_reply(chat, case, "คำตอบที่สอง")
    run_worker()
    account = channel_account(chat.id, DeliveryChannel.LINE_BROADCAST)
    assert account.paused and account.paused_by_error
    alerts = db.session.scalars(select(Delivery).where(Delivery.purpose == "channel_paused")).all()
    assert len(alerts) == 1
    assert {
        r.status
        for r in db.session.scalars(select(ChatOutgoing).where(ChatOutgoing.case_id == case.id))
    } == {"retrying"}


def test_messenger_error_190_pauses_the_page(client, chat, fake):
    from tests.chat.chatting import MessengerPerson
    from tests.chat.fake_chat import Fault as F

    fake.script("fb_send", F(status=400, code=190, message="Error validating access token"))
    person = MessengerPerson(client, fake)
    person.says("สวัสดี")
    account = channel_account(chat.id, DeliveryChannel.FACEBOOK_PAGE)
    assert account.paused and last_row().status == "retrying"


def test_group_events_are_ignored_with_one_message(client, chat, fake):
    for n in range(3):
        token = fake.issue_reply_token("Cgroup")
        post_line(
            client,
            line_event("Ugroupmember", text=f"ข้อความที่ {n}", source="group", reply_token=token),
        )
    run_worker()
    assert len(fake.state.replies) == 1
    assert "แชตส่วนตัว" in fake.state.replies[0]["messages"][0]["text"]
    assert db.session.scalar(select(Case)) is None


def test_events_per_minute_limit(client, chat, fake, app):
    app.config["PORTAL_CHAT_EVENTS_PER_MINUTE"] = 3
    person = LinePerson(client, fake, "Uflood")
    for n in range(6):
        person.says(f"ข้อความ {n}")
    assert "ถี่เกินไป" in joined(person.read()) or "ถี่เกินไป" in joined(fake.state.texts_to("Uflood"))
    rows = db.session.scalars(select(ChatOutgoing)).all()
    texts = [json.loads(r.messages)[0]["text"] for r in rows]
    assert sum("ถี่เกินไป" in t for t in texts) == 1
    assert len(rows) == 4  # three answered, one warning, the rest ignored


def test_cases_per_day_limit(client, chat, fake, app):
    app.config["PORTAL_CHAT_CASES_PER_DAY"] = 1
    person = LinePerson(client, fake, "Umany")
    person.send("follow")
    for text in ("เรื่องที่หนึ่งของวันนี้ยาวพอ", "เรื่องที่สองของวันนี้ยาวพอ"):
        person.says("คุยกับเจ้าหน้าที่")
        told = joined(person.says(text))
    assert "ครบ 1 เรื่อง" in told
    assert len(db.session.scalars(select(Case)).all()) == 1


def test_a_conversation_left_for_a_day_expires_with_a_message(client, chat, fake):
    person = LinePerson(client, fake, "Uslow")
    person.send("follow")
    person.says("แจ้งเรื่อง")
    db.session.execute(update(ChatUser).values(state_changed_at=utcnow() - timedelta(hours=25)))
    db.session.commit()
    run_worker()
    user = db.session.scalar(select(ChatUser))
    assert user.state == "idle" and user.draft is None
    assert "24 ชั่วโมง" in joined(person.read())


def test_an_event_whose_lease_passed_to_another_worker_is_not_applied_twice(client, chat, fake):
    post_line(client, line_event("Utwo", "follow"))
    from portal.chat.inbound import claim_events

    [event_id] = claim_events("worker-a")
    # worker-a stalls past its lease; worker-b takes the event over and finishes it.
    db.session.execute(
        update(ChatInboundEvent).values(locked_until=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    assert claim_events("worker-b") == [event_id]
    assert process_event(event_id, "worker-b") is True
    assert process_event(event_id, "worker-a") is False
    assert len(db.session.scalars(select(ChatOutgoing)).all()) == 1


def test_a_messenger_conversation_expires_while_the_page_may_still_say_so(client, chat, fake):
    from tests.chat.chatting import MessengerPerson

    person = MessengerPerson(client, fake, "PSIDslow")
    person.says("สวัสดี")
    person.taps("แจ้งเรื่อง")
    almost_a_day = utcnow() - timedelta(hours=23, minutes=50)
    db.session.execute(
        update(ChatUser).values(state_changed_at=almost_a_day, last_inbound_at=almost_a_day)
    )
    db.session.commit()
    fake.state.last_user_message["PSIDslow"] -= (23 * 60 + 50) * 60
    run_worker()
    assert db.session.scalar(select(ChatUser)).state == "idle"
    assert "24 ชั่วโมง" in joined(person.read())
    assert fake.state.sent[-1]["type"] == "RESPONSE"
