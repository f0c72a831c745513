"""Joining confirmed in the office's LINE chat, and reminders by LINE, with the real chat code
against the fake Messaging API: invitation → details → "confirm through LINE" → the person
sends "เข้าร่วม <code>" to the OA → correspondent made and linked → the join page goes on.
Wrong, expired, reused and revoked codes; the quiet-school reminder pushed in LINE."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from portal.chat.models import ChatChannelSettings, ChatOutgoing, ChatUser
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Case, Delivery
from portal.network.details import PersonDetails
from portal.network.models import Correspondent, CorrespondentKind, Invitation
from portal.network.registry import save_correspondent
from portal.network.reminders import send_reminders
from tests.chat import conftest as chat_fixtures
from tests.chat.chatting import LinePerson, joined
from tests.chat.conftest import run_worker
from tests.network.helpers import code_in, csrf, last_mail, schools
from tests.network.test_joining import EMAIL, confirm, invite, join

# The chat tests' fake LINE server and the office's accounts pointed at it.
app_config, fake, chat = chat_fixtures.app_config, chat_fixtures.fake, chat_fixtures.chat
LINE_USER = "U1f2e3d4c5b6a79880"
CODE_RE = re.compile(r'id="line-join-message">เข้าร่วม <span class="code">([A-Z0-9]{8})<')


def join_by_line(client, token: str, email: str = EMAIL):
    return join(client, token, email, via="line")


def line_code(client, token: str) -> str:
    page = client.get(f"/network/join/{token}/line")
    assert page.status_code == 200, page.status_code
    return CODE_RE.search(page.text).group(1)


def check_again(client, token: str):
    page = client.get("/network/sign-in")  # any page's token
    return client.post(f"/network/join/{token}/line", data={"csrf_token": csrf(page.text)})


def test_join_confirmed_in_line_chat(app, office, login_as, client, chat, fake):
    office.line_id = "@sujarit"
    db.session.commit()
    token, school, _pr = invite(app, office, login_as)
    page = client.get(f"/network/join/{token}")
    assert 'name="via" value="line"' in page.text and "ยืนยันทาง LINE แทน" in page.text
    started = join_by_line(client, token)
    assert started.status_code == 302 and started.headers["Location"].endswith("/line")
    assert db.session.scalar(select(func.count(Delivery.id))) == 0  # no e-mail code
    shown = client.get(f"/network/join/{token}/line")
    code = CODE_RE.search(shown.text).group(1)
    assert "https://line.me/R/ti/p/@sujarit" in shown.text
    assert "https://line.me/R/oaMessage/%40sujarit/?%E0%B9%80%E0%B8%82" in shown.text
    assert f'%20{code}"' in shown.text  # the chat opens with the words typed in
    # Checked before the chat confirmed: not yet, and nothing made.
    early = check_again(client, token)
    assert early.status_code == 200 and "ยังไม่ได้รับรหัสของท่านทาง LINE" in early.text
    assert db.session.scalar(select(Correspondent)) is None

    person = LinePerson(client, fake, LINE_USER)
    person.send("follow")
    answer = joined(person.says(f"เข้าร่วม {code.lower()[:4]} {code.lower()[4:]}"))
    assert answer.startswith("ยืนยันการเข้าร่วมแล้ว") and school.name_th in answer
    made = db.session.scalar(select(Correspondent))
    user = db.session.scalar(select(ChatUser))
    assert (made.name, made.email, made.school_id) == ("นางสาวมาลี ใจดี", EMAIL, school.id)
    assert made.chat_user_id == user.id and user.state == "idle"
    assert db.session.scalar(select(func.count(Case.id))) == 0  # not a complaint
    invitation = db.session.scalar(select(Invitation))
    assert invitation.used_at is not None

    done = check_again(client, token)
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/network/school/{school.id}")
    home = client.get(f"/network/school/{school.id}")
    assert home.status_code == 200 and "นางสาวมาลี ใจดี" in home.text
    # The same code again: spent; no school named.
    again = joined(person.says(f"เข้าร่วม {code}"))
    assert "ไม่ถูกต้องหรือใช้ไปแล้ว" in again and school.name_th not in again
    assert db.session.scalar(select(func.count(Correspondent.id))) == 1


def test_wrong_expired_and_revoked_codes(app, office, login_as, client, chat, fake):
    token, school, pr = invite(app, office, login_as)
    join_by_line(client, token)
    code = line_code(client, token)
    person = LinePerson(client, fake, LINE_USER)
    person.send("follow")
    wrong = "ABCDEFGH" if code != "ABCDEFGH" else "HGFEDCBA"
    for typed in (wrong, "12"):
        answer = joined(person.says(f"เข้าร่วม {typed}"))
        assert "ไม่ถูกต้องหรือใช้ไปแล้ว" in answer and school.name_th not in answer

    db.session.execute(update(Invitation).values(code_expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    expired = joined(person.says(f"เข้าร่วม {code}"))
    assert "หมดอายุ" in expired and school.name_th not in expired
    page = client.get(f"/network/join/{token}/line")
    assert "รหัสนี้หมดอายุแล้ว" in page.text and code not in page.text

    join_by_line(client, token)  # a new code
    fresh = line_code(client, token)
    assert fresh != code
    assert "ไม่ถูกต้อง" in joined(person.says(f"เข้าร่วม {code}"))  # the old one is replaced
    page = pr.get(f"/staff/network/schools/{school.id}")
    pr.post(f"/staff/network/schools/{school.id}/invite", data={"csrf_token": csrf(page.text)})
    revoked = joined(person.says(f"เข้าร่วม {fresh}"))
    assert "ถูกยกเลิกหรือหมดอายุ" in revoked and school.name_th not in revoked
    assert db.session.scalar(select(Correspondent)) is None
    assert check_again(client, token).status_code == 410  # the link itself is revoked
    # Ordinary chat goes on as before: Thai words after "เข้าร่วม" are not a code.
    assert "ท่านต้องการทำอะไร" in joined(person.says("เข้าร่วมกิจกรรมอย่างไร"))


def test_without_line_chat_only_email_is_offered(app, office, login_as, client):
    token, _school, _pr = invite(app, office, login_as)
    page = client.get(f"/network/join/{token}")
    assert 'value="line"' not in page.text
    started = join_by_line(client, token)  # a forged choice falls back to e-mail
    assert started.headers["Location"].endswith("/confirm")
    assert last_mail(EMAIL, "network_join_code")
    assert client.get(f"/network/join/{token}/line").status_code == 302


def test_email_join_of_a_new_person_ends_the_line_link(app, office, login_as, client, chat, fake):
    token, school, _pr = invite(app, office, login_as)
    join_by_line(client, token)
    person = LinePerson(client, fake, LINE_USER)
    person.says(f"เข้าร่วม {line_code(client, token)}")
    assert db.session.scalar(select(Correspondent)).chat_user_id is not None
    token, school, _pr = invite(app, office, login_as)
    other = app.test_client()
    join(other, token, email="somchai@school.example", name="นายสมชาย ดี")
    code = code_in(last_mail("somchai@school.example", "network_join_code"))
    assert confirm(other, token, code).status_code == 302
    replaced = db.session.scalar(select(Correspondent))
    assert replaced.email == "somchai@school.example" and replaced.chat_user_id is None


def _quiet(correspondent: Correspondent) -> None:
    long_ago = utcnow() - timedelta(days=90)
    db.session.execute(
        update(Correspondent)
        .where(Correspondent.id == correspondent.id)
        .values(created_at=long_ago, joined_at=long_ago)
    )
    db.session.commit()


def _linked(app, office, login_as, client, fake, email: str = EMAIL) -> Correspondent:
    token, _school, _pr = invite(app, office, login_as)
    join_by_line(client, token, email=email)
    LinePerson(client, fake, LINE_USER).says(f"เข้าร่วม {line_code(client, token)}")
    person = db.session.scalar(select(Correspondent))
    _quiet(person)
    return person


def test_quiet_reminder_pushed_in_line_and_mailed(app, office, login_as, client, chat, fake):
    person = _linked(app, office, login_as, client, fake)
    pushes = len(fake.state.pushes)
    run = send_reminders(office, 60)
    db.session.commit()
    assert (run.correspondents, run.line_pushes) == (1, 1)
    mail = last_mail(EMAIL, "network_quiet")  # e-mail as before
    assert "ยังไม่ได้ส่งข่าวกิจกรรมมา 60 วัน" in mail.body_text
    run_worker()
    assert len(fake.state.pushes) == pushes + 1
    pushed = list(fake.state.pushes.values())[-1]
    assert pushed["to"] == LINE_USER
    text = pushed["messages"][0]["text"]
    assert "เรียน นางสาวมาลี ใจดี" in text and "ยังไม่ได้ส่งข่าวกิจกรรมมา 60 วัน" in text
    assert f"/school/{person.school_id}/news/new" in text
    settings = db.session.scalar(
        select(ChatChannelSettings).where(ChatChannelSettings.platform == "line")
    )
    assert settings.push_used == 1  # counted by the worker as any push
    # Logged once: the next run reminds nobody, in either way.
    again = send_reminders(office, 60)
    assert (again.correspondents, again.line_pushes) == (0, 0)


def test_line_only_correspondent_and_an_exhausted_quota(app, office, login_as, client, chat, fake):
    person = _linked(app, office, login_as, client, fake)
    # A LINE-linked correspondent without an address is reminded in LINE alone.
    db.session.execute(
        update(Correspondent)
        .where(Correspondent.id == person.id)
        .values(email=None, email_digest=None)
    )
    db.session.commit()
    run = send_reminders(office, 60)
    db.session.commit()
    assert (run.correspondents, run.line_pushes) == (1, 1)
    assert (
        db.session.scalar(
            select(func.count(Delivery.id)).where(Delivery.purpose == "network_quiet")
        )
        == 0
    )
    assert (
        db.session.scalar(
            select(func.count(ChatOutgoing.id)).where(ChatOutgoing.purpose == "network_quiet")
        )
        == 1
    )


def test_no_push_queued_past_the_months_quota(app, office, login_as, client, chat, fake):
    _linked(app, office, login_as, client, fake)
    settings = db.session.scalar(
        select(ChatChannelSettings).where(ChatChannelSettings.platform == "line")
    )
    settings.push_quota = 0
    db.session.commit()
    run = send_reminders(office, 60)
    db.session.commit()
    assert (run.correspondents, run.line_pushes) == (1, 0)  # the e-mail still goes
    assert last_mail(EMAIL, "network_quiet")
    assert (
        db.session.scalar(
            select(func.count(ChatOutgoing.id)).where(ChatOutgoing.purpose == "network_quiet")
        )
        == 0
    )


def test_unlinked_correspondents_are_reminded_by_email_only(app, office, chat, fake):
    first = schools(office)[0]
    person = save_correspondent(
        office, first, CorrespondentKind.MAIN, PersonDetails("นายเอก ดี", email="ek@school.example")
    )
    _quiet(person)
    run = send_reminders(office, 60)
    db.session.commit()
    assert (run.correspondents, run.line_pushes) == (1, 0)
    assert last_mail("ek@school.example", "network_quiet")


def test_chat_imports_nothing_of_the_network():
    package = Path(__file__).resolve().parents[2] / "portal" / "chat"
    imports = re.compile(r"^\s*(from|import)\s+portal\.network", re.M)
    found = [p.name for p in package.glob("*.py") if imports.search(p.read_text(encoding="utf-8"))]
    assert found == []


def test_the_purge_keeps_a_serving_correspondents_chat_identity(app, office):
    from portal.privacy.purge import purge_office
    from tests.privacy.factories import NOW, chatter

    serving = chatter(office, "U-serving", "มาลี", years_ago=3)
    left = chatter(office, "U-left", "ปิติ", years_ago=3)
    person = save_correspondent(
        office, schools(office)[0], CorrespondentKind.MAIN, PersonDetails("นางสาวมาลี ใจดี")
    )
    person.chat_user_id = serving.id
    db.session.commit()
    assert purge_office(office, now=NOW).chat_users == 1
    db.session.expire_all()
    assert db.session.get(ChatUser, serving.id).user_id == "U-serving"
    assert db.session.get(ChatUser, left.id).purged_at == NOW


def test_only_the_page_that_showed_the_code_goes_on(app, office, login_as, client, chat, fake):
    token, school, _pr = invite(app, office, login_as)
    join_by_line(client, token)
    first = line_code(client, token)
    other = app.test_client()  # the letter's link opened elsewhere too, a LINE code asked
    join_by_line(other, token)
    second = line_code(other, token)
    assert "ไม่ถูกต้อง" in joined(LinePerson(client, fake, LINE_USER).says(f"เข้าร่วม {first}"))
    LinePerson(client, fake, "U0099887766554433").says(f"เข้าร่วม {second}")
    assert db.session.scalar(select(Correspondent)).chat_user_id is not None
    assert check_again(client, token).status_code == 410  # used, and not by this page's code
    assert check_again(other, token).headers["Location"].endswith(f"/network/school/{school.id}")
