"""The worker runs the network by itself: reminders once a Bangkok day from the configured hour,
each month's coverage figures once the month is over; a failure never stops the outbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from portal.clock import BANGKOK, to_local, utcnow
from portal.delivery.staff_mail import enqueue_staff_email
from portal.delivery.worker import run_forever
from portal.extensions import db
from portal.models import Delivery, DeliveryStatus, Role
from portal.network.coverage import month_start
from portal.network.details import PersonDetails
from portal.network.invitations import create_invitation
from portal.network.models import Correspondent, CorrespondentKind, CoverageFigure
from portal.network.registry import save_correspondent
from portal.network.schedule import record_coverage_if_due, remind_if_due
from tests.delivery.conftest import SENDER, SmtpServer
from tests.network.helpers import schools


def at(hour: int, minute: int = 0) -> datetime:
    """Today (Bangkok) at ``hour``:``minute`` Bangkok time, as a stored naive UTC time."""
    today = to_local(utcnow()).date()
    local = datetime(today.year, today.month, today.day, hour, minute, tzinfo=BANGKOK)
    return local.astimezone(UTC).replace(tzinfo=None)


def mails(purpose: str) -> int:
    return db.session.scalar(select(func.count(Delivery.id)).where(Delivery.purpose == purpose))


def quiet_correspondent(office, school) -> Correspondent:
    person = save_correspondent(
        office,
        school,
        CorrespondentKind.MAIN,
        PersonDetails("นางสาวมาลี ใจดี", email="malee@school.example"),
    )
    db.session.execute(update(Correspondent).values(created_at=utcnow() - timedelta(days=90)))
    db.session.commit()
    return person


def test_reminders_wait_for_the_hour_and_go_once_a_day(app, office, login_as):
    login_as(Role.PR, email="pr@office.example")
    first = schools(office)[0]
    quiet_correspondent(office, first)
    app.config["PORTAL_NETWORK_REMIND_HOUR"] = 9
    today = to_local(utcnow()).date()
    assert remind_if_due(None, at(8, 30)) is None
    assert mails("network_quiet") == 0
    assert remind_if_due(None, at(9, 5)) == today
    assert mails("network_quiet") == 1
    # The same worker, later that day, and a restarted or second worker: nothing again.
    assert remind_if_due(today, at(15)) == today
    assert remind_if_due(None, at(16)) == today
    assert mails("network_quiet") == 1
    app.config["PORTAL_NETWORK_REMIND_HOUR"] = -1
    assert remind_if_due(None, at(23)) is None


def test_pr_officers_hear_of_waiting_invitations_once_a_day(app, office, login_as):
    pr = login_as(Role.PR, email="pr@office.example")
    third = schools(office)[2]
    invitation = create_invitation(office, third, pr.user)
    invitation.created_at = utcnow() - timedelta(days=20)
    db.session.commit()
    app.config["PORTAL_NETWORK_REMIND_HOUR"] = 0
    remind_if_due(None, at(10))
    remind_if_due(None, at(11))  # another worker
    assert mails("network_invitations") == 1


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


def test_a_failing_reminder_never_stops_sending(app, office, smtp_server, monkeypatch):
    app.config["PORTAL_NETWORK_REMIND_HOUR"] = 0

    def broken(office, days):
        raise RuntimeError("the reminder template is broken")

    monkeypatch.setattr("portal.network.schedule.send_reminders", broken)
    waiting = enqueue_staff_email(
        office,
        "someone@office.example",
        "network_quiet",
        "เรื่อง",
        name="ก",
        school=schools(office)[0],
        days=60,
        link="https://portal.example/",
    )
    db.session.commit()
    rounds = iter([False, True])
    run_forever(poll_seconds=0, should_stop=lambda: next(rounds))
    db.session.expire_all()
    assert db.session.get(Delivery, waiting.id).status is DeliveryStatus.SENT
    assert [m["To"] for m in smtp_server.messages()] == ["someone@office.example"]


def figure(office, month, name="with_correspondent") -> CoverageFigure | None:
    return db.session.scalar(
        select(CoverageFigure).where(
            CoverageFigure.office_id == office.id,
            CoverageFigure.month == month,
            CoverageFigure.name == name,
        )
    )


def test_last_months_figures_are_recorded_once_after_it_ends(app, office):
    first, second = schools(office)[:2]
    save_correspondent(
        office, first, CorrespondentKind.MAIN, PersonDetails("นายเอก ดี", email="ek@school.example")
    )
    db.session.execute(update(Correspondent).values(created_at=utcnow() - timedelta(days=70)))
    db.session.commit()
    today = to_local(utcnow()).date()
    last_month = month_start(month_start(today) - timedelta(days=1))
    # What the command kept during that month is not the month's record yet.
    db.session.add(
        CoverageFigure(
            office_id=office.id,
            month=last_month,
            name="with_correspondent",
            value=0,
            recorded_at=datetime(last_month.year, last_month.month, 2),
        )
    )
    db.session.commit()
    assert record_coverage_if_due(None, at(1)) == today
    db.session.expire_all()
    assert figure(office, last_month).value == 1
    assert figure(office, last_month, "committee_active") is not None
    # Recorded once: a second worker, or the same one the next day, leaves it as it was.
    save_correspondent(
        office, second, CorrespondentKind.MAIN, PersonDetails("นายบี ดี", email="b@school.example")
    )
    db.session.execute(update(Correspondent).values(created_at=utcnow() - timedelta(days=70)))
    db.session.commit()
    assert record_coverage_if_due(None, at(2)) == today
    assert record_coverage_if_due(today, at(3)) == today
    db.session.expire_all()
    assert figure(office, last_month).value == 1
    assert figure(office, month_start(today)) is None  # this month is not over


def test_a_failing_office_is_logged_and_tried_again(app, office, monkeypatch, caplog):
    def broken(office, month):
        raise RuntimeError("no figures")

    monkeypatch.setattr("portal.network.schedule.record_month", broken)
    today = to_local(utcnow()).date()
    assert record_coverage_if_due(None, at(1)) == today
    assert "network coverage of" in caplog.text
    monkeypatch.undo()
    assert record_coverage_if_due(None, at(2)) == today
    last_month = month_start(month_start(today) - timedelta(days=1))
    assert figure(office, last_month) is not None
