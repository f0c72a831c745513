"""The outbox worker: claims due deliveries on every channel, sends them, retries with backoff.

Several worker processes may run at once: a row is claimed with a conditional UPDATE (and
``SKIP LOCKED`` on PostgreSQL), and a claim is a lease, so a row claimed by a worker that died
is sent again after the lease ends: e-mail with the same Message-ID, LINE with the same retry
key, Facebook only after looking for the post it may already have made (see channel_sender).

Cost per delivery (bench/outbox_drain.py): a batch of rows is leased in one statement that
reads the partial index of claimable rows in order, and committed; the batch's rows, their
channel accounts (tokens decrypted once) and the offices of its e-mail rows are then read in
three queries; each row's outcome is its own short transaction, committed before the next
row is sent, without reloading what the worker already holds. E-mail rows of a run share
one SMTP connection, channel calls one pool of keep-alive HTTP connections.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import socket
import time
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, case, func, or_, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from portal.clock import to_local, utcnow
from portal.delivery.mail_sender import (
    PermanentFailure,
    SmtpSession,
    describe_error,
    send_email,
)
from portal.extensions import db
from portal.models import (
    ChannelAccount,
    Delivery,
    DeliveryAction,
    DeliveryChannel,
    DeliveryStatus,
    Office,
)
from portal.models.delivery import CLAIMABLE

LEASE = timedelta(minutes=2)
# A batch still sending after this renews its remaining leases, so that no row's lease ends
# before its turn (20 rows against a service answering in 15 s would outlast LEASE).
RENEW_AFTER = LEASE / 2
MAX_ATTEMPTS = 12
MAX_BACKOFF = timedelta(hours=1)
BATCH = 20  # rows leased at once: enough to spread the claim's commit, few enough to share


# Work of other features the worker also does on each round (chat intake's events and
# replies): each takes the worker's name and returns how many items it handled.
_PROCESSORS: list = []


def register_processor(processor) -> None:
    """Have the worker call ``processor(worker_name)`` on every round (once per function)."""
    if processor not in _PROCESSORS:
        _PROCESSORS.append(processor)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _due(now):
    return or_(
        and_(Delivery.status.in_((DeliveryStatus.PENDING, DeliveryStatus.RETRYING)),
             Delivery.next_attempt_at <= now),
        and_(Delivery.status == DeliveryStatus.SENDING, Delivery.locked_until < now),
    )


def _claimable(now):
    """``_due`` in the form one ordered scan of ``ix_delivery_claimable`` answers: a leased
    row was due when it was leased, so its ``next_attempt_at`` is already past. The status
    test is the index's own predicate, written out, so that both databases see it applies."""
    return and_(text(CLAIMABLE), Delivery.next_attempt_at <= now,
                or_(Delivery.status != DeliveryStatus.SENDING, Delivery.locked_until < now))


def claim_due(worker: str, limit: int = BATCH) -> list[int]:
    """Lease up to ``limit`` due deliveries to ``worker`` and commit the claim."""
    claimed = sorted(db.session.execute(claim_statement(worker, utcnow(), limit)).scalars())
    db.session.commit()
    return claimed


def claim_statement(worker: str, now: datetime, limit: int):
    """The one statement that leases up to ``limit`` rows due at ``now``, returning their ids."""
    query = (select(Delivery.id).where(_claimable(now)).order_by(Delivery.next_attempt_at)
             .limit(limit))
    # A Facebook post request may reach Facebook and its answer be lost: the claim, committed
    # before the request goes out, keeps when the first such request began (see
    # portal.delivery.facebook_reconcile), so that no crash can hide a post from the worker.
    posting = and_(Delivery.channel == DeliveryChannel.FACEBOOK_PAGE,
                   Delivery.action == DeliveryAction.POST, Delivery.remote_id.is_(None))
    lease = (update(Delivery)
             .values(status=DeliveryStatus.SENDING, locked_until=now + LEASE,
                     claimed_by=worker, attempts=Delivery.attempts + 1,
                     unconfirmed_since=case((posting, func.coalesce(
                         Delivery.unconfirmed_since, now)), else_=Delivery.unconfirmed_since))
             .returning(Delivery.id)
             .execution_options(synchronize_session=False))
    if db.engine.dialect.name == "postgresql":
        # The rows are chosen and locked first, as a materialised CTE of at most ``limit``
        # rows, and the UPDATE visits just those by primary key. ``FOR UPDATE`` re-reads a
        # row another worker changed meanwhile and drops it if no longer due (or skips it
        # while locked), so the due test need not be repeated: repeated, it made the planner
        # scan and hash every due row a second time.
        picked = query.with_for_update(skip_locked=True).cte("picked").prefix_with(
            "MATERIALIZED")
        return lease.where(Delivery.id == picked.c.id)
    # One statement under SQLite's write lock: the due test is repeated so that a row
    # another worker leased in between is left alone.
    return lease.where(Delivery.id.in_(query.scalar_subquery()), _due(now))


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def send_claimed(delivery: Delivery | int, account: ChannelAccount | None = None,
                 smtp: SmtpSession | None = None) -> DeliveryStatus:
    """Send one claimed delivery (a row or its id) and record the outcome in one commit.

    ``account``: the row's channel account when the caller has read it already;
    ``smtp``: a connection to reuse for e-mail.
    """
    delivery_id = delivery if isinstance(delivery, int) else delivery.id
    try:
        if isinstance(delivery, int):
            delivery = db.session.get(Delivery, delivery_id)
        if delivery.channel is not DeliveryChannel.EMAIL:
            from portal.delivery.channel_sender import send_publication

            send_publication(delivery, account)
            status = delivery.status
            commit_outcome()
            return status
        send_email(delivery, smtp)
    except PermanentFailure as exc:
        _record_failure(delivery, str(exc), permanent=True)
    except (OSError, smtplib.SMTPException) as exc:
        _record_failure(delivery, describe_error(exc), permanent=False)
    except Exception as exc:  # one broken message must not stop the worker or loop forever
        db.session.rollback()
        current_app.logger.exception("delivery %s cannot be handled", delivery_id)
        return _record_internal_failure(delivery_id, exc)
    else:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = utcnow()
        delivery.locked_until = None
        delivery.last_error = ""
    status = delivery.status
    commit_outcome()
    return status


def commit_outcome() -> None:
    """Commit what became of a sent row without waiting for PostgreSQL's disk flush.

    ``synchronous_commit`` off, for this transaction only, spares a flush per row (about
    6 ms on the development machine's disk) and risks nothing: should the database server
    crash and lose the last outcomes, those rows come back as leased by the claim, whose
    commit did wait for the disk and counted the attempt; after the lease they are sent
    again the way every interrupted send is, Facebook only after looking for the post
    (attempt > 1), LINE with the same retry key, e-mail with the same Message-ID.
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    db.session.commit()


def send_batch(ids: list[int], worker: str, smtp: SmtpSession | None = None) -> int:
    """Send the rows ``ids`` that ``worker`` has just claimed; returns how many were attempted.

    The rows and their channel accounts are read in one query each. Should that fail (a row
    no key can decrypt, say), each row is read on its own, so one bad row stops no other.
    A batch that takes longer than ``RENEW_AFTER`` (slow services) renews the leases of its
    rows still to send, and leaves alone any that another worker took over meanwhile.
    """
    db.session.expire_all()  # what this session read before may have changed since
    try:
        rows: list[Delivery | int] = list(db.session.scalars(
            select(Delivery).where(Delivery.id.in_(ids)).order_by(Delivery.id)).all())
        accounts = _accounts_for(rows)
        # Held until the batch is done, so that each e-mail row's session.get finds its office.
        _held_offices = _offices_for(rows)
    except Exception:
        db.session.rollback()
        current_app.logger.warning("worker: batch of %s rows not readable at once; "
                                   "reading one by one", len(ids), exc_info=True)
        rows, accounts = list(ids), {}
    leased_at = time.monotonic()
    held = set(ids)
    attempted = 0
    for n, row in enumerate(rows):
        row_id = row if isinstance(row, int) else row.id
        if time.monotonic() - leased_at > RENEW_AFTER.total_seconds():
            held = renew_leases(worker, [r if isinstance(r, int) else r.id for r in rows[n:]])
            leased_at = time.monotonic()
        if row_id not in held:
            current_app.logger.warning("delivery %s: lease lost before sending, left to the "
                                       "worker that holds it", row_id)
            continue
        account = None if isinstance(row, int) else accounts.get((row.office_id, row.channel))
        send_claimed(row, account, smtp)
        attempted += 1
    return attempted


def renew_leases(worker: str, ids: list[int]) -> set[int]:
    """Extend the leases ``worker`` still holds among ``ids``; returns those ids."""
    now = utcnow()
    held = set(db.session.scalars(
        update(Delivery)
        .where(Delivery.id.in_(ids), Delivery.claimed_by == worker,
               Delivery.status == DeliveryStatus.SENDING, Delivery.locked_until > now)
        .values(locked_until=now + LEASE)
        .returning(Delivery.id)
        .execution_options(synchronize_session=False)).all())
    db.session.commit()
    return held


def _accounts_for(rows: list[Delivery]) -> dict[tuple[int, DeliveryChannel], ChannelAccount]:
    """The channel accounts the publication rows among ``rows`` post with, in one query."""
    offices = {r.office_id for r in rows if r.channel in DeliveryChannel.automatic()}
    if not offices:
        return {}
    found = db.session.scalars(select(ChannelAccount).where(
        ChannelAccount.office_id.in_(offices),
        ChannelAccount.channel.in_(DeliveryChannel.automatic()))).all()
    return {(a.office_id, a.channel): a for a in found}


def _offices_for(rows: list[Delivery]) -> list[Office]:
    """The offices the e-mail rows among ``rows`` are sent for (their From), in one query.

    The session keeps an object only while something refers to it; the caller holds this
    list so that each row's ``session.get`` finds its office instead of reading it again.
    """
    ids = {r.office_id for r in rows if r.channel is DeliveryChannel.EMAIL}
    if not ids:
        return []
    return list(db.session.scalars(select(Office).where(Office.id.in_(ids))).all())


def _record_failure(delivery: Delivery, error: str, *, permanent: bool) -> None:
    delivery.last_error = error
    delivery.locked_until = None
    if permanent or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = utcnow() + backoff(delivery.attempts)
    current_app.logger.warning("delivery %s failed: %s", delivery.id, error)


def _record_internal_failure(delivery_id: int, exc: Exception) -> DeliveryStatus:
    """Count the attempt without loading the row (it may be what cannot be read)."""
    attempts = db.session.scalar(select(Delivery.attempts).where(Delivery.id == delivery_id)) or 0
    status = DeliveryStatus.FAILED if attempts >= MAX_ATTEMPTS else DeliveryStatus.PENDING
    db.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(
            status=status,
            locked_until=None,
            next_attempt_at=utcnow() + backoff(attempts),
            last_error=f"ระบบส่งข้อความขัดข้องภายใน ({type(exc).__name__}: {exc})"[:1000],
        )
    )
    db.session.commit()
    return status


def run_once(worker: str | None = None) -> int:
    """Send everything due now; returns how many deliveries were attempted."""
    from portal.delivery.channel_sender import apply_withdrawals

    worker = worker or worker_name()
    apply_withdrawals()
    db.session.commit()
    attempted = 0
    session = db.session()
    # Each outcome is committed at once; what the worker holds of its own leased rows and
    # their accounts stays valid after that commit, so it is not read again for every row.
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        with SmtpSession() as smtp:
            while ids := claim_due(worker, BATCH):
                attempted += send_batch(ids, worker, smtp)
    finally:
        session.expire_on_commit = expire_on_commit
        session.expire_all()
    for processor in _PROCESSORS:
        attempted += processor(worker)
    return attempted


def queue_digest_if_due(last_day: date | None, now: datetime | None = None) -> date | None:
    """Queue the daily digests once a day from PORTAL_DIGEST_HOUR (Bangkok) on.

    Returns the day done. Several workers may do this at once: a digest's Message-ID is
    fixed per officer and day, so each officer still gets exactly one.
    """
    from portal.delivery.digest import send_daily_digests

    hour = current_app.config.get("PORTAL_DIGEST_HOUR", 7)
    local = to_local(now or utcnow())
    if hour < 0 or local.hour < hour or last_day == local.date():
        return last_day
    send_daily_digests(local.date())
    db.session.commit()
    return local.date()


def run_forever(poll_seconds: float = 2.0, should_stop=lambda: False) -> None:
    """The worker loop; survives an unavailable database and retries later."""
    from portal.network.schedule import record_coverage_if_due, remind_if_due
    from portal.privacy.daily import purge_if_due
    from portal.reports.schedule import prepare_reports_if_due

    worker = worker_name()
    digest_day: date | None = None
    report_day: date | None = None
    pauses_checked: float | None = None
    purge_day: date | None = None
    remind_day: date | None = None
    coverage_day: date | None = None
    while not should_stop():
        try:
            digest_day = queue_digest_if_due(digest_day)
            report_day = prepare_reports_if_due(report_day)
            pauses_checked = end_expired_pauses_if_due(pauses_checked)
            purge_day = purge_if_due(purge_day)  # PDPA retention (portal/privacy)
            remind_day = remind_if_due(remind_day)  # the schools' network (portal/network)
            coverage_day = record_coverage_if_due(coverage_day)
            attempted = run_once(worker)
            read_engagement_safely()
            refresh_national_safely()
        except (DBAPIError, PoolTimeout) as exc:
            # The database restarting, out of reach or refusing connections: what was claimed
            # stays leased and is taken up again when the lease ends; keep polling.
            with contextlib.suppress(DBAPIError, PoolTimeout):
                db.session.rollback()
            current_app.logger.error("worker: database unavailable: %s",
                                     str(getattr(exc, "orig", exc)).strip() or exc)
            attempted = 0
        if not attempted:
            time.sleep(poll_seconds)


def refresh_national_safely() -> None:
    """The national figures' cached rollups, hourly; a failure never blocks sending."""
    from portal.national.rollups import refresh_if_due

    try:
        refresh_if_due()
    except Exception:
        db.session.rollback()
        current_app.logger.exception("worker: refreshing the national figures failed")


PAUSE_CHECK_SECONDS = 300.0


def end_expired_pauses_if_due(last: float | None) -> float:
    """Every few minutes, give back to their officers the cases whose reporter did not
    answer in time (the clock resumes at the reporter's due time, not at the check)."""
    from portal.cases.pauses import end_expired_pauses

    moment = time.monotonic()
    if last is not None and moment - last < PAUSE_CHECK_SECONDS:
        return last
    try:
        if end_expired_pauses():
            db.session.commit()
    except (DBAPIError, PoolTimeout):
        raise  # the loop's own handling: the database is away
    except Exception:
        db.session.rollback()  # e.g. a case changed meanwhile: the next check takes it
        current_app.logger.exception("worker: ending expired pauses failed")
    return moment


def read_engagement_safely() -> None:
    """The daily engagement figures; a failure is logged and never blocks sending."""
    from portal.channels.engagement import read_engagement_if_due

    try:
        read_engagement_if_due()
        db.session.commit()
    except Exception:
        db.session.rollback()
        current_app.logger.exception("worker: reading engagement figures failed")
