"""The public outcomes board with 100,000 published items, against /healthz (DESIGN §8).

Builds a fresh database (SQLite file or a private PostgreSQL schema), fills it with the demo
office and N published items (outcomes and news, one approved version each, spread over five
years), serves the portal with gunicorn on 127.0.0.1 and drives it from client threads in this
process. Phases are interleaved (healthz, board, feed, healthz, board, feed …) so drift on a
noisy machine hits all alike. For each path it reports the p95 latency and the server's CPU
per request (from /proc of gunicorn and its workers), and the ratios to /healthz.

Goal (issue 10): the board's first page and the feed within 5× of /healthz at p95.

The last lines printed are the figures, one per line, ``name value unit``::

    healthz_p95 3.1 ms
    board_p95 9.8 ms
    feed_p95 12.0 ms
    board_uncached_p95 …
    board_p95_ratio 3.2 x
    …
    board_cpu_per_request 6.0 ms
    …
    board_uncached_cpu_ratio 9.1 x

The board and the feed are kept per process until the board changes (see
portal/public/board_cache.py); ``board_uncached`` is the page rendered afresh.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loadgen import Client, percentile
from bench.submit_throughput import (
    DEFAULT_POSTGRES_URL,
    ROOT,
    VENV_BIN,
    Database,
    portal_env,
    process_tree_cpu,
    start_server,
)
from portal.clock import utcnow

# "board_uncached" differs in an ignored parameter on every request, so it is never a kept
# page: what the first visitor after an approval or withdrawal waits for.
PATHS = {"healthz": "/healthz", "board": "/outcomes", "feed": "/outcomes/feed.atom",
         "board_uncached": "/outcomes?r={n}"}
TITLES = ["ซ่อมห้องน้ำนักเรียนเรียบร้อยแล้ว", "ปรับปรุงอาหารกลางวันให้เพียงพอ",
          "จัดครูสอนแทนและติดตามการสอน", "ตรวจสภาพรถรับส่งนักเรียน", "ประชุมผู้บริหารสถานศึกษา"]
BODY = ("ท่านแจ้งว่า{t} สำนักงานได้ตรวจสอบร่วมกับโรงเรียนและดำเนินการแล้ว "
        "จะติดตามผลอีกครั้งภายในสิ้นเดือน")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000, help="published items (100000)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get(
        "PORTAL_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each phase")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the three phases")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
    parser.add_argument("--concurrency", type=int, default=2, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    args.worker_class, args.threads = "sync", 1
    return args


def prepare(env: dict[str, str], db: Database, items: int) -> None:
    flask = str(VENV_BIN / "flask")
    # "heads": parallel branches of the schema may not be merged into one revision yet.
    for command in (["db", "upgrade", "heads"], ["seed-demo", "--cases", "50"]):
        done = subprocess.run([flask, "--app", "wsgi", *command], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"flask {' '.join(command)} failed (exit {done.returncode})")
    fill_board(db.url, items)


def fill_board(url: str, items: int, batch: int = 5_000) -> None:
    """``items`` published items with one approved version each, inserted in batches."""
    from sqlalchemy import create_engine, insert, select

    from portal.models import Office, Publication, PublicationVersion, School, User

    engine = create_engine(url)
    rng = random.Random(2569)
    start = time.monotonic()
    with engine.begin() as conn:
        office_id = conn.scalar(select(Office.id).where(Office.code == "NP2"))
        author_id = conn.scalar(select(User.id).where(User.office_id == office_id).limit(1))
        schools = conn.execute(select(School.id, School.district_id)
                               .where(School.office_id == office_id)).all()
        first_id = (conn.scalar(select(Publication.id).order_by(Publication.id.desc())
                                .limit(1)) or 0) + 1
    now = utcnow().replace(microsecond=0)
    for offset in range(0, items, batch):
        pubs, versions = [], []
        for n in range(offset, min(items, offset + batch)):
            ident = first_id + n
            school, district = rng.choice(schools)
            at = now - timedelta(minutes=rng.randint(60, 60 * 24 * 365 * 5))
            title = rng.choice(TITLES)
            news = n % 4 == 0
            pubs.append({"id": ident, "office_id": office_id, "author_id": author_id,
                         "kind": "news" if news else "outcome", "state": "published",
                         "school_id": None if news else school,
                         "district_id": None if news else district, "live_number": 1,
                         "created_at": at, "published_at": at, "updated_at": at,
                         "withdraw_reason": ""})
            versions.append({"publication_id": ident, "number": 1, "state": "approved",
                             "title": f"{title} ({n + 1})", "body": BODY.format(t=title),
                             "link_url": "https://www.facebook.com/nakhonpanom2" if news
                             else "", "author_id": author_id, "created_at": at,
                             "updated_at": at, "approved_at": at, "approved_by_id": author_id,
                             "privacy_flags": "[]", "overridden_flags": "[]",
                             "override_reason": "", "image_mimetype": "", "image_width": 0,
                             "image_height": 0})
        with engine.begin() as conn:
            conn.execute(insert(Publication), pubs)
            conn.execute(insert(PublicationVersion), versions)
    if url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE publications; ANALYZE publication_versions")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    print(f"filled the board with {items} items in {time.monotonic() - start:.0f} s",
          flush=True)


def run_phase(port: int, path: str, seconds: float, concurrency: int) -> tuple[int, list, int]:
    """Every client repeats ``GET path`` for ``seconds``: (answers, latencies, failures)."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    counter = itertools.count()
    deadline = time.perf_counter() + seconds

    def work() -> None:
        client = Client("127.0.0.1", port)
        mine = []
        while (started := time.perf_counter()) < deadline:
            try:
                status, _, body = client.request("GET", path.format(n=next(counter)))
            except (OSError, http.client.HTTPException):
                status, body = 0, b""
            finished = time.perf_counter()
            if status != 200 or not body:
                with lock:
                    failures[0] += 1
                continue
            if finished <= deadline:
                mine.append(finished - started)
        client.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies), latencies, failures[0]


def measure(args: argparse.Namespace, port: int, server_pid: int) -> dict[str, dict]:
    for path in PATHS.values():  # imports, templates, caches
        run_phase(port, path, args.warmup, args.concurrency)
    totals = {name: {"count": 0, "latencies": [], "cpu": 0.0, "failures": 0} for name in PATHS}
    for number in range(1, args.rounds + 1):
        for name, path in PATHS.items():
            cpu_before = process_tree_cpu(server_pid) or 0.0
            count, latencies, failures = run_phase(port, path, args.seconds, args.concurrency)
            cpu = (process_tree_cpu(server_pid) or 0.0) - cpu_before
            total = totals[name]
            total["count"] += count
            total["latencies"] += latencies
            total["cpu"] += cpu
            total["failures"] += failures
            print(f"round {number} {name:14} {count / args.seconds:8.1f} req/s  "
                  f"p95 {percentile(latencies, 95) * 1000:7.1f} ms  "
                  f"server CPU {cpu / max(count, 1) * 1000:6.2f} ms/req", flush=True)
    return totals


def _terminate(_signum, _frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    workdir = Path(tempfile.mkdtemp(prefix="sujarit-board-"))
    db = Database.create(args.database, workdir, args.postgres_url)
    server = None
    try:
        env = portal_env(db, workdir)
        print(f"database: {args.database}; {args.items} published items; gunicorn: "
              f"{args.workers} sync worker(s); {args.concurrency} client(s); "
              f"{args.rounds} rounds of {args.seconds:g} s per path", flush=True)
        prepare(env, db, args.items)
        server = start_server(args, env, workdir)
        totals = measure(args, server.port, server.process.pid)
    finally:
        if server is not None:
            server.stop()
        db.drop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    failed = sum(t["failures"] for t in totals.values())
    if failed:
        print(f"{failed} request(s) failed", file=sys.stderr)
    p95 = {n: percentile(t["latencies"], 95) * 1000 for n, t in totals.items()}
    cpu = {n: t["cpu"] / max(t["count"], 1) * 1000 for n, t in totals.items()}
    for name in PATHS:
        print(f"{name}_p95 {p95[name]:.1f} ms")
    for name in ("board", "feed", "board_uncached"):
        print(f"{name}_p95_ratio {p95[name] / max(p95['healthz'], 1e-9):.2f} x")
    for name in PATHS:
        print(f"{name}_cpu_per_request {cpu[name]:.2f} ms")
    for name in ("board", "feed", "board_uncached"):
        print(f"{name}_cpu_ratio {cpu[name] / max(cpu['healthz'], 1e-9):.2f} x")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
