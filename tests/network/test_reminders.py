"""Reminders by e-mail, through the outbox and a real SMTP server: a correspondent whose
school sent no news in 60 days (once per period), PR about invitations nobody accepted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from portal.clock import utcnow
from portal.delivery.worker import run_once
from portal.extensions import db
from portal.models import Role
from portal.network.details import PersonDetails
from portal.network.invitations import create_invitation
from portal.network.models import Correspondent, CorrespondentKind, FacesAnswer, SchoolNews
from portal.network.registry import save_correspondent
from portal.network.reminders import send_reminders
from tests.delivery.conftest import SENDER, SmtpServer
from tests.network.helpers import schools


@pytest.fixture
def smtp_server(tmp_path):
    server = SmtpServer(tmp_path / "smtp")
    server.maildir.parent.mkdir()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app_config(app_config, smtp_server) -> dict:
    return {
        **app_config,
        "MAIL_PORT": smtp_server.port,
        "MAIL_DEFAULT_SENDER": SENDER,
        "MAIL_SUPPRESS_SEND": False,
    }


def test_quiet_schools_and_waiting_invitations(app, office, login_as, smtp_server):
    pr = login_as(Role.PR, email="pr@office.example")
    first, second, third = schools(office)
    quiet = save_correspondent(
        office,
        first,
        CorrespondentKind.MAIN,
        PersonDetails("นางสาวมาลี ใจดี", email="malee@school.example"),
    )
    busy = save_correspondent(
        office, second, CorrespondentKind.MAIN, PersonDetails("นายเอก ดี", email="ek@school.example")
    )
    long_ago = utcnow() - timedelta(days=90)
    db.session.execute(update(Correspondent).values(created_at=long_ago))
    db.session.add(
        SchoolNews(
            office_id=office.id,
            school_id=second.id,
            title="ข่าว",
            body="เนื้อ",
            happened_on=long_ago.date(),
            faces=FacesAnswer.NONE,
            submitted_at=utcnow() - timedelta(days=10),
        )
    )
    old = create_invitation(office, third, pr.user)
    old.created_at = utcnow() - timedelta(days=20)
    db.session.commit()
    run = send_reminders(office, 60)
    db.session.commit()
    assert (run.correspondents, run.pr_officers, run.invitations) == (1, 1, 1)
    assert run_once() == 2
    messages = {m["To"]: m for m in smtp_server.messages()}
    assert set(messages) == {"malee@school.example", "pr@office.example"}
    reminder = messages["malee@school.example"].get_body(("plain",)).get_content()
    assert "ยังไม่ได้ส่งข่าวกิจกรรมมา 60 วัน" in reminder and f"/school/{first.id}/news/new" in reminder
    waiting = messages["pr@office.example"].get_body(("plain",)).get_content()
    assert third.name_th in waiting
    # Once per period: the next run reminds nobody again (PR still hears of the invitation).
    again = send_reminders(office, 60)
    assert again.correspondents == 0
    assert busy.id and quiet.id


def test_a_shorter_setting_reminds_sooner(app, office):
    first = schools(office)[0]
    save_correspondent(
        office, first, CorrespondentKind.MAIN, PersonDetails("นายเอก ดี", email="ek@school.example")
    )
    db.session.execute(update(Correspondent).values(created_at=utcnow() - timedelta(days=20)))
    db.session.commit()
    assert send_reminders(office, 60).correspondents == 0
    assert send_reminders(office, 14).correspondents == 1
