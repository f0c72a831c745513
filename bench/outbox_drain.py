"""Outbox drain: two ``flask worker`` processes empty a queue of Facebook, LINE and e-mail rows.

The services are the tests' local Graph/Messaging API server (tests/channels/fake_services.py)
and an aiosmtpd server writing a maildir, each a process of its own. The reference, measured
in the same run, is those servers driven directly by two threads of plain httpx and smtplib
with the same requests and no database: how fast the machine can deliver this mix at all.
Each Facebook delivery is two calls (post, then read its permalink), each LINE delivery one,
each e-mail one message on a kept-open SMTP connection.

Figures (last lines, ``name value unit``): deliveries/s, the reference deliveries/s, worker
CPU per delivery from /proc/<pid>/stat of both workers, the services' CPU per delivery.
Goal (issue 10): ``outbox_drain_rate`` ≥ 100 deliveries/s.
"""

from __future__ import annotations

import argparse
import mailbox
import os
import shutil
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402

from bench.pg_schema import create_schema  # noqa: E402
from bench.proc_cpu import cpu_seconds, postgres_cpu_seconds  # noqa: E402

SENDER = "สพป.นครพนม เขต 2 <no-reply@nkp2.example>"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=600,
                        help="approved items queued; each is one Facebook and one LINE row")
    parser.add_argument("--emails", type=int, default=None,
                        help="e-mail rows queued as well (default: as many as --items)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get(
        "PORTAL_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--smtp-handler", choices=["raw", "parsed"], default="raw",
                        help="raw: the SMTP server keeps each message's bytes as received, as "
                        "a mail server's queue does (bench/smtp_store.py); parsed: aiosmtpd's "
                        "Mailbox handler, which parses and regenerates every message, as the "
                        "delivery tests run it")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def start_services(root: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "tests.channels.fake_services"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=(root / "services.log").open("w"),
                               text=True)
    port = int(process.stdout.readline())
    return process, f"http://127.0.0.1:{port}"


HANDLERS = {"raw": "bench.smtp_store.RawMaildir", "parsed": "aiosmtpd.handlers.Mailbox"}


def start_smtp(root: Path, handler: str) -> tuple[subprocess.Popen, int, Path]:
    """aiosmtpd keeping every message in a maildir, with the handler ``handler``."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    maildir = root / "maildir"
    process = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l",
                                f"127.0.0.1:{port}", "-c", HANDLERS[handler],
                                str(maildir)], cwd=ROOT, stdout=(root / "smtp.log").open("w"),
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port, maildir
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("the SMTP server did not start: "
                                 + (root / "smtp.log").read_text()[-2000:]) from None
            time.sleep(0.05)


def received(maildir: Path) -> list[str]:
    """The Message-IDs of every message the SMTP server kept."""
    if not maildir.exists():
        return []
    box = mailbox.Maildir(maildir, create=False)
    return [message["Message-ID"] for message in box]  # iterating gives the messages


def reference_rate(base: str, smtp_port: int, rounds: int, threads: int = 2) -> float:
    """The same deliveries as the workers make (a Facebook post and its permalink, a LINE
    broadcast, an e-mail), straight from httpx and smtplib, no database: deliveries/s."""
    import hashlib
    import hmac
    from email.message import EmailMessage

    from tests.channels.fake_services import APP_SECRET, LINE_TOKEN, PAGE_ID, PAGE_TOKEN

    share = rounds // threads
    # As the worker asks: the token in the Authorization header, the proof as a parameter.
    auth = {"appsecret_proof": hmac.new(
        APP_SECRET.encode(), PAGE_TOKEN.encode(), hashlib.sha256).hexdigest()}
    bearer = {"Authorization": f"Bearer {PAGE_TOKEN}"}

    def drive() -> None:
        with httpx.Client() as client, smtplib.SMTP("127.0.0.1", smtp_port, timeout=10) as smtp:
            for n in range(share):
                answer = client.post(f"{base}/v25.0/{PAGE_ID}/feed", data={
                    "message": f"ข่าว #REF-{uuid.uuid4().hex}", "link": "https://x.test/1",
                    **auth}, headers=bearer)
                client.get(f"{base}/v25.0/{answer.json()['id']}", params={
                    "fields": "permalink_url", **auth}, headers=bearer)
                client.post(f"{base}/v2/bot/message/broadcast", json={
                    "messages": [{"type": "text", "text": "ข่าว"}]}, headers={
                    "Authorization": f"Bearer {LINE_TOKEN}",
                    "X-Line-Retry-Key": str(uuid.uuid4())})
                message = EmailMessage()
                message["From"], message["To"] = "no-reply@nkp2.example", f"ref{n}@example.org"
                message["Subject"] = "ระบบหยุดโพสต์ไปที่เพจ Facebook ชั่วคราว"
                message["Message-ID"] = f"<{uuid.uuid4().hex}@nkp2.example>"
                message.set_content("เรียน ผู้ดูแลระบบ\n\n" + "ข้อความทดสอบ " * 40)
                smtp.send_message(message)

    workers = [threading.Thread(target=drive) for _ in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    return share * threads * 3 / elapsed  # three deliveries a round


def database_url(args, root: Path) -> tuple[str, str | None]:
    if args.database == "sqlite":
        return f"sqlite:///{root / 'drain.sqlite3'}", None
    schema = f"bench_drain_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(args.postgres_url)
    with engine.begin() as conn:
        create_schema(conn, schema)
    engine.dispose()
    return f"{args.postgres_url}?options=-csearch_path%3D{schema}", schema


def make_app(url: str, root: Path, key: str, base: str):
    from portal import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                       "MAIL_DEFAULT_SENDER": SENDER,
                       "PORTAL_ENCRYPTION_KEY": key, "PORTAL_UPLOAD_DIR": str(root / "up"),
                       "PORTAL_FACEBOOK_GRAPH_URL": base, "PORTAL_LINE_API_URL": base,
                       "PORTAL_BASE_URL": "http://127.0.0.1"})


def queue(app, items: int, emails: int) -> float:
    """Approved items (a Facebook and a LINE row each) and staff e-mails, one transaction;
    returns the ``perf_counter`` of its commit, when the workers can start."""
    from portal.channels.settings import save_facebook_credentials, save_line_credentials
    from portal.delivery.publication import enqueue_publication
    from portal.delivery.staff_mail import enqueue_staff_email
    from portal.extensions import db
    from portal.models import Office
    from tests.channels.fake_services import APP_SECRET, LINE_TOKEN, PAGE_ID, PAGE_TOKEN

    with app.app_context():
        office = Office(code="NP2", name_th="สพป.นครพนม เขต 2", name_en="Nakhon Phanom 2")
        db.session.add(office)
        db.session.flush()
        save_facebook_credentials(office, PAGE_ID, PAGE_TOKEN, APP_SECRET)
        save_line_credentials(office, LINE_TOKEN, "secret")
        for n in range(1, items + 1):
            enqueue_publication(office, "outcome", n, 1, {
                "title": f"ผลการดำเนินการเรื่องที่ {n}", "text": "ซ่อมห้องน้ำโรงเรียนเสร็จแล้ว",
                "link": f"https://portal.test/outcomes/{n}",
                "reference": f"#NP2-2569-{n:06d}", "image_url": None})
        for n in range(1, emails + 1):
            enqueue_staff_email(office, f"admin{n}@example.org", "channel_paused",
                                "ระบบหยุดโพสต์ไปที่เพจ Facebook ชั่วคราว โปรดบันทึกโทเคนใหม่",
                                channel_name="เพจ Facebook", error="โทเคนหมดอายุ",
                                admin_name=f"ผู้ดูแลระบบ {n}",
                                settings_url="http://127.0.0.1/admin/channels")
        db.session.commit()
        return time.perf_counter()


class Remaining:
    """Counts the rows not yet sent, on one connection kept open, with a query compiled
    once: polling costs the database about a tenth of a millisecond, not the ~2 ms of CPU
    (server and this process each) of a query through a fresh session, which at 50 polls a
    second took a sixth of a core from the workers."""

    def __init__(self, url: str) -> None:
        from portal.models import Delivery, DeliveryChannel, DeliveryStatus

        self.engine = sa.create_engine(url)
        self.connection = self.engine.connect()
        channels = [*DeliveryChannel.automatic(), DeliveryChannel.EMAIL]
        table = Delivery.__table__
        self.query = sa.select(sa.func.count()).select_from(table).where(
            table.c.channel.in_(channels), table.c.status != DeliveryStatus.SENT)

    def __call__(self) -> int:
        count = self.connection.execute(self.query).scalar_one()
        self.connection.rollback()  # the next poll sees what was committed since
        return count

    def close(self) -> None:
        self.connection.close()
        self.engine.dispose()


def main(argv=None) -> int:
    args = parse_args(argv)
    emails = args.items if args.emails is None else args.emails
    root = Path(tempfile.mkdtemp(prefix="outbox-drain-"))
    services, base = start_services(root)
    smtp, smtp_port, maildir = start_smtp(root, args.smtp_handler)
    url, schema = database_url(args, root)
    key = Fernet.generate_key().decode()
    workers: list[subprocess.Popen] = []
    try:
        app = make_app(url, root, key, base)
        with app.app_context():
            from flask_migrate import upgrade

            upgrade(revision="heads")
        environ = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
        environ.update({"PORTAL_DATABASE_URL": url, "PORTAL_SECRET_KEY": "bench",
                        "PORTAL_ENCRYPTION_KEY": key, "PORTAL_UPLOAD_DIR": str(root / "up"),
                        "PORTAL_FACEBOOK_GRAPH_URL": base, "PORTAL_LINE_API_URL": base,
                        "PORTAL_MAIL_PORT": str(smtp_port), "PORTAL_MAIL_SENDER": SENDER,
                        "PORTAL_BASE_URL": "http://127.0.0.1",
                        "PORTAL_DIGEST_HOUR": "-1", "PORTAL_LOG_LEVEL": "WARNING"})
        logs = [root / f"worker{i}.log" for i in range(args.workers)]
        workers = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker",
                                     "--poll", "0.05"], cwd=ROOT, env=environ,
                                    stdout=log.open("w"), stderr=subprocess.STDOUT)
                   for log in logs]
        deadline = time.monotonic() + 120
        while not all("worker started" in log.read_text() for log in logs):
            if time.monotonic() > deadline or any(w.poll() is not None for w in workers):
                raise SystemExit("workers did not start: " + logs[0].read_text()[-2000:])
            time.sleep(0.1)
        time.sleep(0.5)  # past the first idle poll
        cpu_before = [cpu_seconds(w.pid) for w in workers]
        services_before = cpu_seconds(services.pid) + cpu_seconds(smtp.pid)
        database_before = postgres_cpu_seconds()
        started = queue(app, args.items, emails)  # the workers start when the queue commits
        rows = 2 * args.items + emails
        remaining = Remaining(url)
        try:
            while (left := remaining()) > 0:
                if time.perf_counter() - started > 600:
                    raise SystemExit(f"not drained after 600 s: {left} rows left")
                time.sleep(0.02)
        finally:
            remaining.close()
        elapsed = time.perf_counter() - started
        worker_cpu = sum(cpu_seconds(w.pid) - b for w, b in zip(workers, cpu_before, strict=True))
        services_cpu = cpu_seconds(services.pid) + cpu_seconds(smtp.pid) - services_before
        database_cpu = postgres_cpu_seconds() - database_before
        problems = check_services(base, maildir, args.items, emails)
        ref_rounds = 300
        ref_before = cpu_seconds(services.pid) + cpu_seconds(smtp.pid)
        ref_rate = reference_rate(base, smtp_port, ref_rounds)
        ref_services_cpu = cpu_seconds(services.pid) + cpu_seconds(smtp.pid) - ref_before
        rate = rows / elapsed
        print(f"database {args.database}, {args.workers} workers, {rows} deliveries "
              f"({args.items} Facebook posts with a permalink read, {args.items} LINE "
              f"broadcasts, {emails} e-mails), drained in {elapsed:.2f} s from the commit of "
              f"the queue; SMTP handler {args.smtp_handler}")
        for problem in problems:
            print(f"PROBLEM: {problem}")
        print(f"outbox_drain_rate {rate:.1f} deliveries/s")
        print(f"reference_delivery_rate {ref_rate:.1f} deliveries/s")
        print(f"drain_to_reference_ratio {rate / ref_rate:.3f} ratio")
        print(f"worker_cpu_per_delivery {1000 * worker_cpu / rows:.2f} ms")
        # What the workers could drain with a CPU each to themselves (the machine is shared).
        print(f"deliveries_per_worker_cpu_second {rows / worker_cpu:.1f} deliveries/s")
        print(f"services_cpu_per_delivery {1000 * services_cpu / rows:.3f} ms")
        if args.database == "postgresql":  # every PostgreSQL process, the bench's queries too
            print(f"database_cpu_per_delivery {1000 * database_cpu / rows:.3f} ms")
        print(f"reference_services_cpu_per_delivery "
              f"{1000 * ref_services_cpu / (ref_rounds // 2 * 2 * 3):.3f} ms")
        return 0 if rate >= 100 and not problems else 1
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
        for process in (services, smtp):
            process.terminate()
            process.wait(timeout=10)
        if schema:
            engine = sa.create_engine(args.postgres_url)
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            engine.dispose()
        if args.keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def check_services(base: str, maildir: Path, items: int, emails: int) -> list[str]:
    """Every row delivered exactly once, as the services saw it."""
    problems = []
    ids = received(maildir)
    if len(ids) != emails or len(set(ids)) != emails:
        problems.append(f"{len(ids)} e-mails received ({len(set(ids))} distinct), "
                        f"{emails} queued")
    counts = httpx.get(f"{base}/_counts").json()
    calls = counts.pop("calls")
    if counts != {"posts": items, "broadcasts": items}:
        problems.append(f"the services hold {counts}, {items} of each expected")
    if calls.get("fb_post", 0) != items or calls.get("line_broadcast", 0) != items:
        problems.append(f"posted or broadcast more than once: {calls}")
    return problems


if __name__ == "__main__":
    raise SystemExit(main())
