"""Chat webhooks under a burst: 1,000 signed LINE and Messenger events (DESIGN §8, issue 18).

Builds a fresh database with the demo office (its LINE and Messenger accounts in dry-run,
with the demo's sample secrets), serves the portal with gunicorn on 127.0.0.1 and, from client
threads in this process, measures ``GET /healthz`` and then posts a burst of signed webhook
events: scripted conversations (follow or greeting, "แจ้งเรื่อง", type, "ไม่เกี่ยวกับโรงเรียน",
description, no photo, confirm) of many people, each person's events in order, half on LINE
and half on Messenger, plus 5 % of them delivered a second time as LINE and Meta redeliver.
Then ``flask worker --once`` processes everything (its CPU counted from /proc, less that of a
worker run on an empty queue: start-up), and the database is checked: every event stored
once and done, one case per person, none lost, none twice.

Targets: the whole burst answered within 60 s; webhook p95 under 200 ms; server CPU per
webhook event against /healthz ≥ 0.3 (``webhook_cpu_ratio`` = healthz CPU / webhook CPU).

The last lines printed are the figures, one per line, ``name value unit``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
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
from portal.demo.chats import DEMO_SECRET, LINE_SCRIPT, MESSENGER_SCRIPT

DEMO_EVENTS = len(LINE_SCRIPT) + len(MESSENGER_SCRIPT)

STEPS = (
    "hello",
    "แจ้งเรื่อง",
    "type:complaint",
    "school:none",
    "ถนนหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ของผู้ปกครองล้มบ่อย (ทดสอบ)",
    "photos:done",
    "confirm:yes",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000, help="events in the burst (1000)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("PORTAL_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    )
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--healthz", type=int, default=1000, help="/healthz requests")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    args.worker_class, args.threads = "sync", 1
    return args


def flask(env: dict[str, str], *command: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "wsgi", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"flask {' '.join(command)} failed (exit {done.returncode})")
    return done


def line_request(user: str, step: str) -> tuple[str, bytes, dict]:
    event = {
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "mode": "active",
        "deliveryContext": {"isRedelivery": False},
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user},
    }
    if step == "hello":
        event["type"] = "follow"
    elif ":" in step:
        event.update(type="postback", postback={"data": step})
    else:
        event.update(type="message", message={"type": "text", "id": uuid.uuid4().hex, "text": step})
    body = json.dumps({"destination": "Ubench", "events": [event]}, ensure_ascii=False).encode()
    signature = base64.b64encode(
        hmac.new(DEMO_SECRET.encode(), body, hashlib.sha256).digest()
    ).decode()
    return "/hooks/line/NP2", body, {"X-Line-Signature": signature}


def messenger_request(psid: str, step: str) -> tuple[str, bytes, dict]:
    now = int(time.time() * 1000)
    message = {"mid": "m_" + uuid.uuid4().hex, "text": "สวัสดี" if step == "hello" else step}
    if ":" in step:
        message["quick_reply"] = {"payload": step}
    body = json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "id": "1",
                    "time": now,
                    "messaging": [
                        {
                            "sender": {"id": psid},
                            "recipient": {"id": "1"},
                            "timestamp": now,
                            "message": message,
                        }
                    ],
                }
            ],
        },
        ensure_ascii=False,
    ).encode()
    signature = "sha256=" + hmac.new(DEMO_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return "/hooks/messenger/NP2", body, {"X-Hub-Signature-256": signature}


def conversations(events: int, rng: random.Random) -> list[list[tuple[str, bytes, dict]]]:
    """Each person's requests in order; about 5 % sent twice (a redelivery)."""
    people = -(-events // len(STEPS))
    found = []
    for n in range(people):
        make = line_request if n % 2 == 0 else messenger_request
        person = f"Ubench{n:05d}" if n % 2 == 0 else f"9{n:015d}"
        requests = []
        for step in STEPS:
            request = make(person, step)
            requests.append(request)
            if rng.random() < 0.05:
                requests.append(request)
        found.append(requests)
    return found


def run_requests(
    port: int, queues: list[list[tuple[str, bytes, dict]]], concurrency: int
) -> tuple[list[float], int, int]:
    """Post every queue's requests in order, queues spread over the client threads."""
    latencies, failures, sent = [], [0], [0]
    lock = threading.Lock()
    shares = [queues[i::concurrency] for i in range(concurrency)]

    def work(mine) -> None:
        client = Client("127.0.0.1", port)
        times = []
        for queue in mine:
            for path, body, headers in queue:
                started = time.perf_counter()
                try:
                    status, _, _ = client.request(
                        "POST" if body else "GET",
                        path,
                        body=body or None,
                        headers={"Content-Type": "application/json", **headers},
                    )
                except (OSError, http.client.HTTPException):
                    status = 0
                times.append(time.perf_counter() - started)
                with lock:
                    sent[0] += 1
                    if status != 200:
                        failures[0] += 1
        client.close()
        with lock:
            latencies.extend(times)

    threads = [threading.Thread(target=work, args=(share,), daemon=True) for share in shares]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures[0], sent[0]


def worker_cpu(env: dict[str, str]) -> float:
    """CPU seconds of one ``flask worker --once`` (the process and its children)."""
    before = os.times()
    flask(env, "worker", "--once")
    after = os.times()
    return (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def check(db: Database, people: int, unique_events: int) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(db.url)
    with engine.connect() as conn:
        events = conn.execute(
            text("SELECT status, count(*) FROM chat_inbound_events GROUP BY status")
        ).all()
        cases = conn.execute(
            text("SELECT chat_user_id, count(*) FROM chat_cases GROUP BY chat_user_id")
        ).all()
    engine.dispose()
    stored = sum(n for _, n in events)
    done = dict(events).get("done", 0)
    bench_people = len(cases) - 2  # the demo's own two chats filed one case each
    return {
        "stored": stored,
        "done": done,
        "lost_events": unique_events + DEMO_EVENTS - stored,
        "lost_cases": people - bench_people,
        "duplicated_cases": sum(n - 1 for _, n in cases if n > 1),
    }


def _terminate(_signum, _frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    workdir = Path(tempfile.mkdtemp(prefix="sujarit-chat-"))
    db = Database.create(args.database, workdir, args.postgres_url)
    server = None
    try:
        env = portal_env(db, workdir)
        env["PORTAL_DIGEST_HOUR"] = "-1"
        print(
            f"database: {args.database}; {args.events} events; gunicorn: {args.workers} "
            f"sync worker(s); {args.concurrency} client(s)",
            flush=True,
        )
        flask(env, "db", "upgrade", "heads")
        flask(env, "seed-demo", "--cases", "20")  # the demo's chats: 9 events, 2 cases
        flask(env, "worker", "--once")  # the demo's queued mail and chat answers, first
        startup = worker_cpu(env)  # an empty queue: what a worker's start-up alone costs
        server = start_server(args, env, workdir)
        pid = server.process.pid
        run_requests(server.port, [[("/healthz", b"", {})] * 50], args.concurrency)  # warm-up
        cpu0 = process_tree_cpu(pid) or 0.0
        healthz, h_failed, h_sent = run_requests(
            server.port,
            [
                [("/healthz", b"", {})] * (args.healthz // args.concurrency)
                for _ in range(args.concurrency)
            ],
            args.concurrency,
        )
        cpu1 = process_tree_cpu(pid) or 0.0
        queues = conversations(args.events, random.Random(18))
        unique = sum(len({r[1] for r in q}) for q in queues)
        started = time.perf_counter()
        webhook, w_failed, w_sent = run_requests(server.port, queues, args.concurrency)
        burst = time.perf_counter() - started
        cpu2 = process_tree_cpu(pid) or 0.0
        server.stop()
        server = None
        processed = worker_cpu(env)
        figures = check(db, len(queues), unique)
    finally:
        if server is not None:
            server.stop()
        db.drop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    healthz_cpu = (cpu1 - cpu0) / max(h_sent, 1) * 1000
    webhook_cpu = (cpu2 - cpu1) / max(w_sent, 1) * 1000
    worker_per_event = max(processed - startup, 0.0) / max(unique, 1) * 1000
    problems = (
        w_failed
        + h_failed
        + figures["lost_events"]
        + figures["lost_cases"]
        + figures["duplicated_cases"]
        + (figures["stored"] - figures["done"])
    )
    print(f"webhook_requests {w_sent} count")
    print(f"webhook_unique_events {unique} count")
    print(f"webhook_burst_seconds {burst:.1f} s")
    print(f"webhook_failed {w_failed} count")
    print(f"healthz_p95 {percentile(healthz, 95) * 1000:.1f} ms")
    print(f"webhook_p95 {percentile(webhook, 95) * 1000:.1f} ms")
    print(f"healthz_cpu_per_request {healthz_cpu:.2f} ms")
    print(f"webhook_cpu_per_event {webhook_cpu:.2f} ms")
    print(f"webhook_cpu_ratio {healthz_cpu / max(webhook_cpu, 1e-9):.2f} ratio")
    print(f"worker_cpu_per_event {worker_per_event:.2f} ms")
    print(f"events_not_done {figures['stored'] - figures['done']} count")
    print(f"lost_events {figures['lost_events']} count")
    print(f"lost_cases {figures['lost_cases']} count")
    print(f"duplicated_cases {figures['duplicated_cases']} count")
    return 1 if problems or burst > 60 else 0


if __name__ == "__main__":
    sys.exit(main())
