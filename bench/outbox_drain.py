"""Outbox drain: two ``flask worker`` processes empty a queue of Facebook and LINE posts.

The services are the tests' local Graph/Messaging API server (tests/channels/fake_services.py)
in a process of its own. The reference, measured in the same run, is that server driven
directly by two threads of plain httpx with the same requests and no database: how fast the
machine can make these HTTP calls at all. Each Facebook delivery is two calls (post, then read
its permalink), each LINE delivery one.

Figures (last lines, ``name value unit``): deliveries/s, the reference calls/s, worker CPU per
delivery from /proc/<pid>/stat of both workers, the fake server's CPU per call.
Goal (issue 10): ``outbox_drain_rate`` ≥ 100 deliveries/s.
"""

from __future__ import annotations

import argparse
import os
import shutil
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

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=600,
                        help="approved items queued; each is one Facebook and one LINE row")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get(
        "PORTAL_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def start_services(root: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "tests.channels.fake_services"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=(root / "services.log").open("w"),
                               text=True)
    port = int(process.stdout.readline())
    return process, f"http://127.0.0.1:{port}"


def reference_rate(base: str, calls: int, threads: int = 2) -> float:
    """The same calls as the workers make, straight from httpx, no database."""
    import hashlib
    import hmac

    from tests.channels.fake_services import APP_SECRET, LINE_TOKEN, PAGE_ID, PAGE_TOKEN

    share = calls // threads
    auth = {"access_token": PAGE_TOKEN, "appsecret_proof": hmac.new(
        APP_SECRET.encode(), PAGE_TOKEN.encode(), hashlib.sha256).hexdigest()}

    def drive() -> None:
        with httpx.Client() as client:
            for n in range(share):
                if n % 3 == 0:
                    answer = client.post(f"{base}/v25.0/{PAGE_ID}/feed", data={
                        "message": f"ข่าว #REF-{uuid.uuid4().hex}", "link": "https://x.test/1",
                        **auth})
                    client.get(f"{base}/v25.0/{answer.json()['id']}", params={
                        "fields": "permalink_url", **auth})
                elif n % 3 == 1:
                    client.post(f"{base}/v2/bot/message/broadcast", json={
                        "messages": [{"type": "text", "text": "ข่าว"}]}, headers={
                        "Authorization": f"Bearer {LINE_TOKEN}",
                        "X-Line-Retry-Key": str(uuid.uuid4())})

    workers = [threading.Thread(target=drive) for _ in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    return (share // 3 * 3 * threads) / elapsed  # 3 calls per 3 iterations (2 fb + 1 line)


def database_url(args, root: Path) -> tuple[str, str | None]:
    if args.database == "sqlite":
        return f"sqlite:///{root / 'drain.sqlite3'}", None
    schema = f"bench_drain_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(args.postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return f"{args.postgres_url}?options=-csearch_path%3D{schema}", schema


def make_app(url: str, root: Path, key: str, base: str):
    from portal import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                       "PORTAL_ENCRYPTION_KEY": key, "PORTAL_UPLOAD_DIR": str(root / "up"),
                       "PORTAL_FACEBOOK_GRAPH_URL": base, "PORTAL_LINE_API_URL": base,
                       "PORTAL_BASE_URL": "http://127.0.0.1"})


def queue(app, items: int) -> None:
    from portal.channels.settings import save_facebook_credentials, save_line_credentials
    from portal.delivery.publication import enqueue_publication
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
        db.session.commit()


def remaining(app) -> int:
    from portal.extensions import db
    from portal.models import Delivery, DeliveryChannel, DeliveryStatus

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Delivery).where(
            Delivery.channel.in_(DeliveryChannel.automatic()),
            Delivery.status != DeliveryStatus.SENT))


def main(argv=None) -> int:
    args = parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="outbox-drain-"))
    services, base = start_services(root)
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
        queue(app, args.items)  # committed in one transaction: the clock starts now
        rows = 2 * args.items
        cpu_before = [cpu_seconds(w.pid) for w in workers]
        server_before = cpu_seconds(services.pid)
        started = time.perf_counter()
        while (left := remaining(app)) > 0:
            if time.perf_counter() - started > 600:
                raise SystemExit(f"not drained after 600 s: {left} rows left")
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        worker_cpu = sum(cpu_seconds(w.pid) - b for w, b in zip(workers, cpu_before, strict=True))
        server_cpu = cpu_seconds(services.pid) - server_before
        calls = 3 * args.items
        ref_calls = 3 * 300
        ref_server_before = cpu_seconds(services.pid)
        ref_rate = reference_rate(base, ref_calls)
        ref_server_cpu = cpu_seconds(services.pid) - ref_server_before
        rate = rows / elapsed
        print(f"database {args.database}, {args.workers} workers, {rows} deliveries "
              f"({args.items} Facebook posts with permalink read, {args.items} LINE "
              f"broadcasts), {calls} HTTP calls, drained in {elapsed:.2f} s")
        print(f"outbox_drain_rate {rate:.1f} deliveries/s")
        print(f"outbox_http_rate {calls / elapsed:.1f} calls/s")
        print(f"reference_http_rate {ref_rate:.1f} calls/s")
        print(f"drain_to_reference_ratio {calls / elapsed / ref_rate:.3f} ratio")
        print(f"worker_cpu_per_delivery {1000 * worker_cpu / rows:.2f} ms")
        # What the workers could drain with a CPU each to themselves (the machine is shared).
        print(f"deliveries_per_worker_cpu_second {rows / worker_cpu:.1f} deliveries/s")
        print(f"services_cpu_per_call {1000 * server_cpu / calls:.3f} ms")
        print(f"reference_services_cpu_per_call {1000 * ref_server_cpu / ref_calls:.3f} ms")
        return 0 if rate >= 100 else 1
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
        services.terminate()
        services.wait(timeout=10)
        if schema:
            engine = sa.create_engine(args.postgres_url)
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            engine.dispose()
        if args.keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
