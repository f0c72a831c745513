"""The outbox and its worker against a real SMTP server, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from portal.cases.submit import submit_case
from portal.clock import utcnow
from portal.delivery.worker import LEASE, claim_due, run_once
from portal.extensions import db
from portal.models import Delivery, DeliveryStatus
from tests.delivery.conftest import submission_with_email, submit_with_email


def test_submission_queues_one_email_and_the_worker_sends_it(app, office, smtp_server):
    submitted = submit_with_email(office, "somsri@example.org")
    db.session.commit()
    number = submitted.case.number

    (delivery,) = db.session.scalars(select(Delivery)).all()
    assert delivery.case_id == submitted.case.id
    assert delivery.status is DeliveryStatus.PENDING
    assert smtp_server.messages() == []  # nothing leaves before the worker runs

    assert run_once() == 1

    (message,) = smtp_server.messages()
    assert message["X-RcptTo"] == "somsri@example.org"
    assert message["Subject"] == f"ได้รับเรื่องของท่านแล้ว เลขรับเรื่อง {number}"
    (sender,) = message["From"].addresses
    # The office's Thai name at the configured address, not the configured "Sujarit".
    assert (sender.display_name, sender.addr_spec) == (office.name_th, "no-reply@nkp2.example")
    assert message["Message-ID"] == delivery.message_id
    assert message["Message-ID"].endswith("@nkp2.example>")
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None and text is not html
    assert text.get_content_charset() == "utf-8"
    assert html.get_content_charset() == "utf-8"
    body = text.get_content()
    assert number in body
    # The address is unconfirmed: no text the reporter typed, not even the name they gave.
    assert body.startswith("เรียน ท่านผู้ใช้บริการ") and "สมศรี" not in body
    assert "เรียน ท่านผู้ใช้บริการ" in html.get_content() and "สมศรี" not in html.get_content()
    assert "สำนักงานทดสอบ NP2 ได้รับเรื่องของท่านแล้ว" in body
    assert f"http://portal.test/track?number={number}" in body
    assert f'href="http://portal.test/track?number={number}"' in html.get_content()
    for part in (body, html.get_content(), message.as_string()):
        assert submitted.receipt not in part
        assert "forged-host" not in part

    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.SENT
    assert delivery.sent_at is not None and delivery.sent_at <= utcnow()
    assert delivery.attempts == 1
    assert delivery.last_error == ""
    assert run_once() == 0  # sent once, never again
    assert len(smtp_server.messages()) == 1


def test_a_case_filed_outside_a_request_queues_its_email(app, office):
    # Staff filing a phone or letter case from a command or a job has no request.
    submitted = submit_case(office, submission_with_email("somsri@example.org"))
    db.session.commit()
    (delivery,) = db.session.scalars(select(Delivery)).all()
    assert f"http://portal.test/track?number={submitted.case.number}" in delivery.body_text


def test_a_rollback_sends_nothing(app, office, smtp_server):
    submit_with_email(office)
    db.session.flush()
    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 1  # queued...
    db.session.rollback()

    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 0  # ...and gone
    assert run_once() == 0
    assert smtp_server.messages() == []


def test_mail_server_down_keeps_the_email_and_retries_later(app, queue_email, smtp_server):
    delivery = queue_email()
    smtp_server.stop()
    before = utcnow()

    assert run_once() == 1

    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert "เชื่อมต่อเซิร์ฟเวอร์อีเมลไม่ได้" in delivery.last_error
    assert "ConnectionRefusedError" in delivery.last_error
    assert delivery.locked_until is None
    # First retry after one minute: not sooner, and not much later.
    assert before + timedelta(minutes=1) <= delivery.next_attempt_at
    assert delivery.next_attempt_at <= utcnow() + timedelta(minutes=1)
    assert run_once() == 0  # not due yet

    smtp_server.start()
    delivery.next_attempt_at = utcnow() - timedelta(seconds=1)  # the minute has passed
    db.session.commit()
    assert run_once() == 1

    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.SENT
    assert delivery.attempts == 2
    assert delivery.last_error == ""
    (message,) = smtp_server.messages()
    assert message["Message-ID"] == delivery.message_id


def test_a_dead_workers_claim_is_taken_over_but_a_live_one_is_left_alone(
    app, queue_email, smtp_server
):
    crashed = queue_email("crashed@example.org")
    leased = queue_email("leased@example.org")
    now = utcnow()
    for delivery, locked_until, worker in (
        (crashed, now - timedelta(seconds=1), "web-1:4242"),
        (leased, now + LEASE, "web-2:4343"),
    ):
        delivery.status = DeliveryStatus.SENDING
        delivery.locked_until = locked_until
        delivery.claimed_by = worker
        delivery.attempts = 1
    db.session.commit()
    crashed_message_id, leased_lock = crashed.message_id, leased.locked_until

    assert run_once("web-3:99") == 1

    (message,) = smtp_server.messages()
    assert message["X-RcptTo"] == "crashed@example.org"
    assert message["Message-ID"] == crashed_message_id
    db.session.refresh(crashed)
    db.session.refresh(leased)
    assert (crashed.status, crashed.attempts, crashed.claimed_by) == (
        DeliveryStatus.SENT, 2, "web-3:99")
    assert (leased.status, leased.attempts, leased.claimed_by, leased.locked_until) == (
        DeliveryStatus.SENDING, 1, "web-2:4343", leased_lock)


def test_a_claim_takes_the_longest_waiting_due_rows_and_nothing_else(app, queue_email):
    """Among rows sent, failed, cancelled, leased or not yet due, a claim takes only the due
    ones and the expired leases, those waiting longest first (the claim reads the partial
    index of claimable rows in ``next_attempt_at`` order)."""
    now = utcnow()
    plan = [  # status, minutes from now to next attempt, lease minutes from now, claimable
        (DeliveryStatus.SENT, -50, None, False),
        (DeliveryStatus.PENDING, -30, None, True),
        (DeliveryStatus.FAILED, -40, None, False),
        (DeliveryStatus.RETRYING, -20, None, True),
        (DeliveryStatus.CANCELLED, -45, None, False),
        (DeliveryStatus.SENDING, -35, -1, True),  # its worker died: the lease has ended
        (DeliveryStatus.SENDING, -25, 1, False),  # leased and live
        (DeliveryStatus.PENDING, 5, None, False),  # backing off
        (DeliveryStatus.PENDING, -10, None, True),
    ]
    rows = []
    for n, (status, due, lease, _claimable) in enumerate(plan):
        row = queue_email(f"r{n}@example.org")
        row.status, row.next_attempt_at = status, now + timedelta(minutes=due)
        row.locked_until = now + timedelta(minutes=lease) if lease is not None else None
        rows.append(row)
    db.session.commit()
    by_wait = sorted((due, row.id) for row, (_s, due, _l, ok) in zip(rows, plan, strict=True)
                     if ok)

    assert claim_due("w1", limit=2) == sorted(row_id for _due, row_id in by_wait[:2])
    assert claim_due("w1", limit=10) == sorted(row_id for _due, row_id in by_wait[2:])
    assert claim_due("w1", limit=10) == []


def test_two_workers_never_claim_the_same_delivery(app: Flask, queue_email):
    expected = {queue_email(f"r{i}@example.org").id for i in range(30)}
    start = threading.Barrier(2)
    claims: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            with app.app_context():
                start.wait(timeout=10)
                mine = claims.setdefault(name, [])
                while ids := claim_due(name, limit=4):
                    mine.extend(ids)
        except BaseException as exc:  # surfaced in the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(name,)) for name in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert not any(thread.is_alive() for thread in threads)
    first, second = set(claims["w1"]), set(claims["w2"])
    assert len(claims["w1"]) == len(first) and len(claims["w2"]) == len(second)
    assert first & second == set()
    assert first | second == expected
    db.session.expire_all()
    rows = db.session.scalars(select(Delivery)).all()
    assert {(d.status, d.attempts) for d in rows} == {(DeliveryStatus.SENDING, 1)}
    assert {d.id for d in rows if d.claimed_by == "w1"} == first


def test_an_unreadable_message_does_not_stop_the_others(app, office, smtp_server, queue_email):
    import sqlalchemy as sa

    from portal.delivery import worker
    from portal.extensions import db
    from portal.models import Delivery, DeliveryStatus

    broken_id, good_id = queue_email().id, queue_email().id
    db.session.commit()
    # A row whose recipient no key can decrypt (e.g. written before a key was removed).
    # Raw SQL: through the ORM the value would be encrypted on the way in and read fine.
    db.session.execute(sa.text("UPDATE deliveries SET recipient = 'gAAAAA-not-a-token' "
                               "WHERE id = :id"), {"id": broken_id})
    db.session.commit()
    db.session.expire_all()
    assert worker.run_once() == 2
    statuses = dict(db.session.execute(sa.select(Delivery.id, Delivery.status)).all())
    assert statuses[good_id] is DeliveryStatus.SENT
    assert statuses[broken_id] is DeliveryStatus.PENDING
    error = db.session.scalar(sa.select(Delivery.last_error).where(Delivery.id == broken_id))
    assert "ขัดข้องภายใน" in error
    assert len(smtp_server.messages()) == 1


def test_a_reporter_who_gave_no_name_is_greeted_without_one(app, office):
    from portal.cases.submit import ContactDetails, submit_case
    from tests.delivery.conftest import submission_with_email

    submission = submission_with_email("nameless@example.org")
    submission.contact = ContactDetails(email="nameless@example.org")
    with app.test_request_context("/"):
        submit_case(office, submission)
    db.session.commit()
    (delivery,) = db.session.scalars(select(Delivery)).all()
    assert delivery.body_text.startswith("เรียน ท่านผู้ใช้บริการ")
    assert "ผู้แจ้ง" not in delivery.body_text + delivery.body_html


def test_one_run_sends_its_emails_over_one_smtp_connection(app, queue_email, smtp_server):
    recipients = [f"r{n}@example.org" for n in range(3)]
    for to in recipients:
        queue_email(to)

    assert run_once() == 3

    messages = smtp_server.messages()
    assert sorted(m["X-RcptTo"] for m in messages) == recipients
    # aiosmtpd stamps each message with the client's address and port: one port, one connection.
    assert len({m["X-Peer"] for m in messages}) == 1
    assert len({m["Message-ID"] for m in messages}) == 3


def test_a_slow_batch_renews_its_leases_and_skips_a_row_taken_over(
    app, queue_email, smtp_server, monkeypatch
):
    from sqlalchemy import update

    from portal.delivery import worker

    first, second = queue_email("first@example.org"), queue_email("second@example.org")
    ids = worker.claim_due("w1")
    assert ids == [first.id, second.id]
    # As if sending had been slow: w1's lease on the second row ran out and w2 claimed it.
    db.session.execute(update(Delivery).where(Delivery.id == second.id).values(
        claimed_by="w2", attempts=2, locked_until=utcnow() + LEASE))
    db.session.commit()
    monkeypatch.setattr(worker, "RENEW_AFTER", timedelta(seconds=-1))  # renew before each row

    assert worker.send_batch(ids, "w1") == 1

    (message,) = smtp_server.messages()
    assert message["X-RcptTo"] == "first@example.org"
    db.session.expire_all()
    assert (first.status, first.claimed_by) == (DeliveryStatus.SENT, "w1")
    assert (second.status, second.claimed_by, second.attempts) == (
        DeliveryStatus.SENDING, "w2", 2)
