"""The staff inbox *page* over HTTP: server CPU per page against ``GET /healthz``, same run.

bench/inbox_scale.py times the inbox's service functions; this one asks a real server for
the page a signed-in intake officer sees (HTML, 50 rows, queue "open", soonest deadline first,
all filter lists and queue counts), as a browser does, on a database filled by
bench/generate_cases.py (``--generate`` runs it first).

1. Starts ``gunicorn -w 2`` (sync workers) on the benchmark database.
2. Signs the clients in: a session cookie made by the portal's own sign-in step
   (``portal.auth.sessions.establish``) for the first intake officer.
3. Runs R rounds of (phase A: ``GET /healthz``; phase B: ``GET /staff/?size=50``), N seconds
   each, C clients with one keep-alive connection each. Only ``200`` pages holding 50 rows
   count. The server's CPU (gunicorn and its workers: utime + stime from /proc) is read
   around each phase.

``inbox_page_ratio`` = server CPU per /healthz ÷ server CPU per inbox page (higher is cheaper;
issue 9's goal is ≥ 0.06). The last lines are ``name value unit``.

    .venv/bin/python bench/inbox_page.py --cases 200000 --generate
    .venv/bin/python bench/inbox_page.py --cases 1000000 --generate --sqlite-path /tmp/1m.sqlite3
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``portal`` and ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate_cases import add_database_args, database_url
from bench.generate_cases import main as generate
from bench.loadgen import Client, percentile
from bench.submit_throughput import process_tree_cpu, start_server

HEALTHZ, INBOX = "healthz", "inbox"
PAGE_SIZE = 50
USER_AGENT = "sujarit-bench/1"
ROW = re.compile(rb'name="case_ids"')


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_args(parser)
    parser.add_argument("--cases", type=int, default=200_000, help="cases in the database")
    parser.add_argument("--generate", action="store_true", help="run generate_cases.py first")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2, help="client threads")
    parser.add_argument("--query", default=f"/staff/?size={PAGE_SIZE}",
                        help="the inbox address asked for")
    parser.add_argument("--rows", type=int, default=PAGE_SIZE, help="rows a page must hold")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    return parser.parse_args(argv)


def session_cookie(url: str, secret: str, encryption_key: str,
                   uploads: Path) -> tuple[str, str]:
    """(cookie name, value) of a fully signed-in session of the first intake officer."""
    from sqlalchemy import select

    from portal import create_app
    from portal.auth.sessions import establish
    from portal.extensions import db
    from portal.models import Role, User, UserRole

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret,
                      "PORTAL_ENCRYPTION_KEY": encryption_key,
                      "PORTAL_BASE_URL": "http://127.0.0.1",
                      "PORTAL_UPLOAD_DIR": str(uploads)})
    with app.test_request_context(headers={"User-Agent": USER_AGENT},
                                  environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        from flask import session

        user = db.session.scalar(select(User).join(UserRole).where(UserRole.role == Role.INTAKE)
                                 .order_by(User.id).limit(1))
        establish(user, second_factor=True)
        value = app.session_interface.get_signing_serializer(app).dumps(dict(session))
        db.session.remove()
        db.engine.dispose()
    return app.config.get("SESSION_COOKIE_NAME", "session"), value


@dataclass
class Phase:
    ok: int = 0
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def run_phase(clients: list[Client], path: str, rows: int, seconds: float) -> Phase:
    results = [Phase() for _ in clients]
    barrier = threading.Barrier(len(clients) + 1)
    window: dict[str, float] = {}

    def work(client: Client, out: Phase) -> None:
        barrier.wait()
        deadline = window["deadline"]
        while (started := time.perf_counter()) < deadline:
            try:
                status, _, body = client.request("GET", path, headers={"User-Agent": USER_AGENT})
            except OSError as exc:
                out.failures.append(f"{path}: {exc}")
                continue
            finished = time.perf_counter()
            good = status == 200 and (path == "/healthz" or len(ROW.findall(body)) == rows)
            if not good:
                out.failures.append(f"{path}: HTTP {status}, {len(ROW.findall(body))} rows")
            elif finished <= deadline:
                out.ok += 1
                out.latencies.append(finished - started)

    for c in clients:
        c.close()
    threads = [threading.Thread(target=work, args=(c, r), daemon=True)
               for c, r in zip(clients, results, strict=True)]
    for t in threads:
        t.start()
    window["deadline"] = time.perf_counter() + seconds
    barrier.wait()
    for t in threads:
        t.join()
    total = Phase()
    for r in results:
        total.ok += r.ok
        total.latencies += r.latencies
        total.failures += r.failures
    return total


def measure(args: argparse.Namespace, port: int, pid: int,
            cookie: tuple[str, str]) -> list[tuple[str, float, str]]:
    clients = [Client("127.0.0.1", port) for _ in range(args.concurrency)]
    for c in clients:
        c.cookies[cookie[0]] = cookie[1]
    paths = {HEALTHZ: "/healthz", INBOX: args.query}
    done = {k: Phase() for k in paths}
    cpu = dict.fromkeys(paths, 0.0)
    failures: list[str] = []
    for path in paths.values():  # warm-up: imports, templates, caches
        failures += run_phase(clients, path, args.rows, args.warmup).failures
    print(f"{'round':>5} {'phase':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'CPU ms/req':>11}", flush=True)
    for round_no in range(1, args.rounds + 1):
        for kind, path in paths.items():
            before = process_tree_cpu(pid)
            result = run_phase(clients, path, args.rows, args.seconds)
            used = process_tree_cpu(pid) - before
            failures += result.failures
            done[kind].ok += result.ok
            done[kind].latencies += result.latencies
            cpu[kind] += used
            print(f"{round_no:>5} {kind:>8} {result.ok / args.seconds:>8.1f} "
                  f"{percentile(result.latencies, 50) * 1000:>8.1f} "
                  f"{percentile(result.latencies, 95) * 1000:>8.1f} "
                  f"{used / max(result.ok, 1) * 1000:>11.2f}", flush=True)
    for c in clients:
        c.close()
    if failures:
        print(f"{len(failures)} failed requests, e.g. {failures[:3]}", file=sys.stderr)
    seconds = args.seconds * args.rounds
    per = {k: cpu[k] / max(done[k].ok, 1) for k in paths}
    figures = [
        ("inbox_page_cpu_per_request", per[INBOX] * 1000, "ms"),
        ("inbox_page_throughput", done[INBOX].ok / seconds, "req/s"),
        ("inbox_page_p50", percentile(done[INBOX].latencies, 50) * 1000, "ms"),
        ("inbox_page_p95", percentile(done[INBOX].latencies, 95) * 1000, "ms"),
        ("healthz_cpu_per_request", per[HEALTHZ] * 1000, "ms"),
        ("healthz_throughput", done[HEALTHZ].ok / seconds, "req/s"),
        ("inbox_page_ratio", per[HEALTHZ] / per[INBOX] if per[INBOX] else 0.0, "ratio"),
        ("failed_requests", float(len(failures)), "requests"),
    ]
    return figures


def _terminate(_signum, _frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    from cryptography.fernet import Fernet

    args = parse_args(argv)
    if args.generate:
        generate(["--database", args.database, "--cases", str(args.cases),
                  "--sqlite-path", str(args.sqlite_path), "--postgres-url", args.postgres_url,
                  "--schema", args.schema])
    signal.signal(signal.SIGTERM, _terminate)
    url = database_url(args)
    secret, key = os.urandom(32).hex(), Fernet.generate_key().decode()
    with tempfile.TemporaryDirectory(prefix="inbox-page-") as tmp:
        workdir = Path(tmp)
        cookie = session_cookie(url, secret, key, workdir / "uploads")
        env = dict(os.environ)
        env.update({
            "PORTAL_DATABASE_URL": url, "PORTAL_SECRET_KEY": secret,
            "PORTAL_ENCRYPTION_KEY": key, "PORTAL_UPLOAD_DIR": str(workdir / "uploads"),
            "PORTAL_MAIL_PORT": "9", "PORTAL_BASE_URL": "http://127.0.0.1",
            "PYTHONUNBUFFERED": "1",
        })
        env.setdefault("PORTAL_REDIS_URL", "redis://127.0.0.1:6379/15")
        server = start_server(args, env, workdir)
        try:
            print(f"{args.database}: {args.cases:,} cases, {args.workers} {args.worker_class} "
                  f"workers, {args.concurrency} clients, {args.rounds} × {args.seconds:g} s",
                  flush=True)
            figures = measure(args, server.port, server.process.pid, cookie)
        finally:
            server.stop()
    print()
    for name, value, unit in figures:
        print(f"{name} {value:.3f} {unit}")
    return 0 if figures[-1][1] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
