"""Real worker processes: killed with SIGKILL mid-send and restarted, every item is posted
exactly once; two workers at once never send the same row; the ``channel set`` command."""

from __future__ import annotations

import signal
import time

import sqlalchemy as sa

from portal.clock import utcnow
from portal.delivery.publication import enqueue_publication
from portal.extensions import db
from portal.models import ChannelAccount, Delivery, DeliveryChannel, DeliveryStatus, Office
from tests.channels.conftest import payload
from tests.channels.fake_services import APP_SECRET, PAGE_ID, PAGE_TOKEN, Fault
from tests.channels.processes import flask, run_flask, worker_environ

WAIT = 240.0  # a worker process can take a minute to start on a busy, shared machine


def queue_items(office, count: int) -> None:
    for n in range(1, count + 1):
        enqueue_publication(office, "outcome", n, 1, payload(n))
    db.session.commit()


def statuses() -> dict:
    db.session.expire_all()
    return dict(db.session.execute(sa.select(Delivery.status, sa.func.count())
                                   .where(Delivery.channel.in_(DeliveryChannel.automatic()))
                                   .group_by(Delivery.status)).all())


def errors() -> set[str]:
    """What the failed attempts recorded: shown when a test finds rows not sent."""
    return set(db.session.scalars(sa.select(Delivery.last_error).where(Delivery.last_error != "")))


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_sigkill_mid_send_then_restart_posts_every_item_exactly_once(app, office, channels,
                                                                      services, tmp_path):
    queue_items(office, 8)
    # The third post and the second broadcast are made, then answered far too late: the
    # worker is killed while waiting, after the services acted and before it wrote "sent".
    on_time = Fault("slow", seconds=0)
    services.script("fb_post", on_time, on_time, Fault("slow_after", seconds=30))
    services.script("line_broadcast", on_time, Fault("slow_after", seconds=30))
    environ = worker_environ(app, services, timeout=60)
    worker = flask("worker", "--poll", "0.2", environ=environ, log=tmp_path / "worker.log")
    try:
        wait_for(lambda: len(services.state.posts) >= 3, "the third post")
        wait_for(lambda: statuses().get(DeliveryStatus.SENDING, 0) >= 1, "a leased row")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert statuses().get(DeliveryStatus.SENDING, 0) >= 1  # the leases the dead worker held
    services.state.faults.clear()
    # The lease runs out (time travel), and a new worker takes the rows over.
    _expire_leases()
    result = run_flask("worker", "--once", environ=worker_environ(app, services))
    assert result.returncode == 0, result.stderr
    assert statuses() == {DeliveryStatus.SENT: 16}, errors()
    for n in range(1, 9):
        reference = f"#NP2-2569-{n:06d}"
        assert len(services.posts_with(reference)) == 1, reference
        pushed = [b for b in services.state.broadcasts.values()
                  if reference in b["messages"][0]["text"]]
        assert len(pushed) == 1, reference
    rows = db.session.scalars(sa.select(Delivery).where(
        Delivery.channel == DeliveryChannel.FACEBOOK_PAGE)).all()
    assert {r.remote_id for r in rows} == set(services.state.posts)


def _expire_leases() -> None:
    """The dead worker's leases end: as if LEASE had passed."""
    db.session.execute(sa.update(Delivery).where(Delivery.status == DeliveryStatus.SENDING)
                       .values(locked_until=sa.literal(utcnow().replace(year=2000))))
    db.session.commit()


def test_two_workers_never_send_the_same_row(app, office, channels, services, tmp_path):
    queue_items(office, 60)  # 120 rows: 60 posts, 60 broadcasts
    services.state.latency = 0.03  # slow enough that both workers get a share
    environ = worker_environ(app, services)
    workers = [flask("worker", "--once", environ=environ, log=tmp_path / f"w{i}.log")
               for i in range(2)]
    for worker in workers:
        assert worker.wait(timeout=WAIT) == 0, (tmp_path / "w0.log").read_text()
    assert statuses() == {DeliveryStatus.SENT: 120}, errors()
    assert services.calls_to("fb_post") == 60 and len(services.state.posts) == 60
    assert services.calls_to("line_broadcast") == 60 and len(services.state.broadcasts) == 60
    assert services.calls_to("fb_published") == 0  # no row was ever retried
    claimed_by = set(db.session.scalars(sa.select(Delivery.claimed_by).where(
        Delivery.channel.in_(DeliveryChannel.automatic()))).all())
    assert len(claimed_by) == 2  # both took part


def test_channel_set_reads_secrets_from_standard_input(app, office):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["channel", "set", "facebook", "--office", office.code,
                                 "--page-id", PAGE_ID], input=f"{PAGE_TOKEN}\n{APP_SECRET}\n")
    assert result.exit_code == 0, result.output
    assert PAGE_TOKEN not in result.output and "app secret set" in result.output
    result = runner.invoke(args=["channel", "set", "line", "--office", office.code,
                                 "--dry-run"], input="line-token\nline-secret\n")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    accounts = {a.channel: a for a in db.session.scalars(sa.select(ChannelAccount))}
    facebook = accounts[DeliveryChannel.FACEBOOK_PAGE]
    assert (facebook.page_id, facebook.access_token, facebook.secret) == (
        PAGE_ID, PAGE_TOKEN, APP_SECRET)
    line = accounts[DeliveryChannel.LINE_BROADCAST]
    assert (line.access_token, line.secret, line.dry_run) == ("line-token", "line-secret", True)
    missing = runner.invoke(args=["channel", "set", "line", "--office", "NOPE"], input="x\n")
    assert missing.exit_code != 0 and "No office" in missing.output
    empty = runner.invoke(args=["channel", "set", "line", "--office", office.code], input="")
    assert empty.exit_code != 0 and "missing" in empty.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Office)) == 1
