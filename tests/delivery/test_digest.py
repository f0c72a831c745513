"""The daily digest: one e-mail per officer per day, what is due or overdue, queued once."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.cases import workflow
from portal.delivery import digest as digest_module
from portal.delivery.digest import bangkok_today, digest_moment, send_daily_digests
from portal.delivery.worker import run_once
from portal.extensions import db
from portal.filters import thai_date
from portal.models import Case, CaseStatus, CaseType, Delivery, Role
from tests.cases.factories import file_case, group, make_staff, make_user, put_in_status
from tests.delivery.conftest import SENDER
from tests.factories import make_office

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD_SECONDS = 600


def due(case: Case, day, days: int) -> Case:
    """Move ``case``'s reply deadline to ``days`` after ``day`` (07:00 Bangkok time)."""
    case.reply_due_at = digest_moment(day) + timedelta(days=days)
    return case


@pytest.fixture
def day():
    return bangkok_today()


@pytest.fixture
def world(app, office, day):
    """Staff and cases around ``day``: overdue, due today, due soon, at a reminder, later."""
    staff = make_staff(office)
    promotion = group(office, "promotion")
    idle = make_user(office, Role.CASE_OFFICER, groups=(group(office, "legal"),), name="ว่าง งาน")
    db.session.commit()

    def assigned(subject: str, days: int, case_type=CaseType.COMPLAINT, to=staff.officer):
        case = file_case(office, case_type, subject=subject)
        workflow.assign_case(case, staff.director, case.work_group, to, case.lock_version)
        return due(case, day, days)

    cases = {
        "overdue": assigned("ห้องน้ำชำรุด", -2),
        "today": assigned("รถรับส่งนักเรียนไม่ปลอดภัย", 0),
        "soon": assigned("อาหารกลางวันไม่เพียงพอ", 2),
        "day10": assigned("ครูมาสาย", 5),
        "later": assigned("สนามหญ้ารก", 7),
        "resolved": assigned("ไฟฟ้าดับบ่อย", -1),
        "waiting": assigned("ค่าเทอมแพง", -1),
        "secret": assigned("ผอ.เรียกรับเงิน", 1, CaseType.CORRUPTION, staff.integrity),
        # New and unassigned: the intake officer's, and (routed to it) the group's.
        "new": due(file_case(office, CaseType.QUESTION, subject="สอบถามการรับสมัคร"), day, 1),
    }
    db.session.commit()
    put_in_status(cases["resolved"], CaseStatus.RESOLVED)
    workflow.request_information(cases["waiting"], staff.officer, "ขอชื่อโรงเรียน",
                                 cases["waiting"].lock_version)
    other = make_office("NP1")
    db.session.flush()
    make_user(other, Role.INTAKE)
    due(file_case(other, subject="เรื่องของอีกเขต"), day, 0)
    db.session.execute(Delivery.__table__.delete())  # keep only what the digest queues
    db.session.commit()
    assert cases["new"].work_group_id == promotion.id and cases["new"].assignee_id is None
    return staff, idle, cases


def digests() -> dict[str, Delivery]:
    rows = db.session.scalars(select(Delivery).where(Delivery.purpose.like("digest:%")))
    return {d.recipient: d for d in rows}


def test_each_officer_gets_one_digest_grouped_and_sorted_by_deadline(app, office, world, day):
    staff, idle, cases = world
    run = send_daily_digests(day, [office])
    assert (run.queued, run.already_queued) == ({"NP2": 3}, {"NP2": 0})
    assert run.nothing_to_list == {"NP2": 3}  # the director and two officers with nothing due

    mails = digests()
    assert set(mails) == {staff.officer.email, staff.intake.email, staff.integrity.email}
    mail = mails[staff.officer.email]
    assert mail.purpose == f"digest:{day.isoformat()}"
    assert mail.subject == f"สรุปเรื่องที่ต้องติดตาม ประจำวันที่ {thai_date(day, 'long', 'th')}"
    assert str(day.year + 543) in mail.subject
    text = mail.body_text
    order = ["== เกินกำหนด (1) ==", cases["overdue"].number, "เกินกำหนด 2 วัน",
             "== ครบกำหนดวันนี้ (1) ==", cases["today"].number, "วันที่ 15 ของระยะเวลาดำเนินการ",
             "== ใกล้ครบกำหนด (ภายใน 3 วัน) (2) ==", cases["new"].number, "อีก 1 วัน",
             "ยังไม่มีผู้รับผิดชอบ", cases["soon"].number, "อีก 2 วัน",
             "== ถึงวันแจ้งเตือนตามระยะเวลาดำเนินการ (1) ==", cases["day10"].number, "อีก 5 วัน",
             "วันที่ 10 ของระยะเวลาดำเนินการ"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions), text
    assert "ห้องน้ำชำรุด" in text and "ร้องเรียน" in text
    assert f"http://portal.test/staff/cases/{cases['soon'].number}" in text
    assert f'href="http://portal.test/staff/cases/{cases["soon"].number}"' in mail.body_html
    assert thai_date(cases["overdue"].reply_due_at, "long", "th") in mail.body_html
    for absent in ("later", "resolved", "waiting", "secret"):
        assert cases[absent].number not in text and cases[absent].number not in mail.body_html
    assert "เรื่องของอีกเขต" not in text

    intake = mails[staff.intake.email].body_text
    assert cases["new"].number in intake and cases["soon"].number not in intake


def test_confidential_cases_are_listed_by_number_only(app, office, world, day):
    staff, _idle, cases = world
    send_daily_digests(day, [office])
    mails = digests()
    secret = mails[staff.integrity.email]
    for body in (secret.body_text, secret.body_html):
        assert cases["secret"].number in body and "เรื่องลับ" in body
        assert "ผอ.เรียกรับเงิน" not in body and "ทุจริต" not in body
    for mail in mails.values():  # nobody's digest carries the reporter's contact details
        for part in (mail.subject, mail.body_text, mail.body_html):
            assert "reporter@example.com" not in part and "ผู้แจ้ง ทดสอบ" not in part
    for other in (staff.officer.email, staff.intake.email):
        assert cases["secret"].number not in mails[other].body_text


def test_a_second_run_the_same_day_queues_nothing_and_the_next_day_queues_again(
        app, office, world, day):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["digest", "--office", "NP2", "--date", day.isoformat()])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "NP2: queued 3, already queued 0, nothing to list 3"
    ids = {d.message_id for d in digests().values()}

    again = runner.invoke(args=["digest", "--office", "NP2", "--date", day.isoformat()])
    assert again.output.strip() == "NP2: queued 0, already queued 3, nothing to list 3"
    assert {d.message_id for d in digests().values()} == ids
    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 3

    tomorrow = runner.invoke(args=["digest", "--office", "NP2",
                                   "--date", (day + timedelta(days=1)).isoformat()])
    assert tomorrow.output.strip().startswith("NP2: queued 3,")
    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 6


def test_a_concurrent_run_that_got_in_first_wins_the_race(app, office, world, day, monkeypatch):
    send_daily_digests(day, [office])
    before = {d.message_id for d in digests().values()}
    # The other run committed after this one looked: only the unique Message-ID stops it.
    monkeypatch.setattr(digest_module, "already_queued", lambda message_ids: set())

    run = send_daily_digests(day, [office])

    assert (run.queued, run.already_queued) == ({"NP2": 0}, {"NP2": 3})
    assert {d.message_id for d in digests().values()} == before
    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 3


def test_two_digest_processes_at_once_queue_each_digest_once(app, office, world, day):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "FLASK_"))}
    environ.update({
        "PORTAL_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PORTAL_SECRET_KEY": "digest-test-secret",
        "PORTAL_BASE_URL": "http://portal.test",
        "PORTAL_ENCRYPTION_KEY": app.config["PORTAL_ENCRYPTION_KEY"],
        "PORTAL_UPLOAD_DIR": app.config["PORTAL_UPLOAD_DIR"],
        "PORTAL_MAIL_SENDER": SENDER,
    })
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "digest", "--date", day.isoformat()]
    processes = [subprocess.Popen(command, cwd=ROOT, env=environ, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
    # Only a guard against a hang: each process imports the whole portal before its first
    # query (seconds of CPU), and the full suite on two busy cores made 60 s too short.
    outputs = [p.communicate(timeout=HANG_GUARD_SECONDS) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs

    db.session.expire_all()
    assert len(digests()) == 4  # three in NP2, one for the intake officer of NP1
    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 4
    lines = [out.splitlines() for out, _err in outputs]
    queued = sum(int(line.split("queued ")[1].split(",")[0]) for out in lines for line in out)
    assert queued == 4
    assert all(any(line.startswith("NP1:") for line in out) for out in lines)  # every office


def test_the_worker_sends_the_digest_with_its_stable_message_id(app, office, world, day,
                                                               smtp_server):
    staff, _idle, cases = world
    send_daily_digests(day, [office])
    mail = digests()[staff.officer.email]
    assert mail.message_id == digest_module.digest_message_id(office, staff.officer, day)
    assert mail.message_id.endswith("@nkp2.example>")

    assert run_once() == 3
    received = {m["X-RcptTo"]: m for m in smtp_server.messages()}
    message = received[staff.officer.email]
    assert message["Message-ID"] == mail.message_id
    assert message["Subject"] == mail.subject
    assert cases["overdue"].number in message.get_body(preferencelist=("plain",)).get_content()


def test_the_command_refuses_an_unknown_office_and_a_bad_date(app, office):
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["digest", "--office", "XX9"])
    assert unknown.exit_code != 0 and "No office with code 'XX9'" in unknown.output
    bad = runner.invoke(args=["digest", "--date", "24/11/2569"])
    assert bad.exit_code != 0 and "--date" in bad.output


def test_nothing_to_list_means_no_email(app, office, day):
    make_staff(office)
    db.session.commit()
    run = send_daily_digests(day)
    assert run.queued == {"NP2": 0} and run.nothing_to_list == {"NP2": 5}
    assert digests() == {}
