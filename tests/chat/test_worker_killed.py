"""A real worker process killed with SIGKILL in the middle of an event (downloading the photo
of the confirmation that files the case): no case is lost, none is made twice."""

from __future__ import annotations

import signal
import time
from datetime import timedelta

import sqlalchemy as sa

from portal.chat.models import ChatInboundEvent
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Case
from tests.channels.processes import flask, run_flask, worker_environ
from tests.chat.chatting import LinePerson
from tests.chat.conftest import post_line
from tests.chat.fake_chat import Fault, line_event
from tests.factories import jpeg_bytes

WAIT = 240.0


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def same_keys(app, environ: dict) -> dict:
    """The worker finds chat users by a hash keyed with the app's secret key: the same one."""
    return {
        **environ,
        "PORTAL_SECRET_KEY": app.config["SECRET_KEY"],
        "PORTAL_LINE_DATA_URL": app.config["PORTAL_LINE_DATA_URL"],
    }


def case_count() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count(Case.id)))


def test_sigkill_mid_event_then_restart_files_the_case_exactly_once(
    app, client, chat, fake, tmp_path
):
    fake.state.contents["photo-9"] = jpeg_bytes()
    person = LinePerson(client, fake, "Ukilled")
    person.send("follow")
    person.says("แจ้งเรื่อง")
    person.taps("type:complaint")
    person.taps("school:none")
    person.says("สะพานไม้หน้าโรงเรียนผุพัง อันตรายต่อนักเรียน")
    person.send("image", message_id="photo-9")
    person.taps("photos:done")
    # The confirmation is stored; the worker process dies while fetching its photo.
    fake.script("line_content", Fault("slow", seconds=60))
    assert (
        post_line(
            client,
            line_event(
                "Ukilled",
                "postback",
                data="confirm:yes",
                reply_token=fake.issue_reply_token("Ukilled"),
            ),
        ).status_code
        == 200
    )
    calls_before = fake.calls_to("line_content")
    environ = same_keys(app, worker_environ(app, fake, timeout=90))
    worker = flask("worker", "--poll", "0.2", environ=environ, log=tmp_path / "worker.log")
    try:
        wait_for(lambda: fake.calls_to("line_content") > calls_before, "the photo download")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert case_count() == 0
    db.session.expire_all()
    leased = db.session.scalar(
        sa.select(ChatInboundEvent).where(ChatInboundEvent.status == "processing")
    )
    assert leased is not None  # the dead worker's lease on the confirmation
    # The lease runs out (time travel); a new worker process takes the event over.
    db.session.execute(
        sa.update(ChatInboundEvent)
        .where(ChatInboundEvent.id == leased.id)
        .values(locked_until=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    for _ in range(2):  # and a second round finds nothing more to do
        result = run_flask("worker", "--once", environ=same_keys(app, worker_environ(app, fake)))
        assert result.returncode == 0, result.stderr
    assert case_count() == 1
    case = db.session.scalar(sa.select(Case))
    assert len(case.attachments) == 1
    statuses = set(db.session.scalars(sa.select(ChatInboundEvent.status)))
    assert statuses == {"done"}
    assert sum(case.number in t for t in fake.state.texts_to("Ukilled")) == 1
