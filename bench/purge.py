"""The retention purge of a year of cases in a large database, and what it does to submissions.

Builds N cases over five years (bench/generate_cases.py's factory, the migrated schema), gives
every ended case reporter contact details (encrypted, as the portal stores them), marks the
cases that ended more than three years ago as purged in earlier years, and so leaves one year
of cases (ended two to three years ago) for the purge to clear. Then, against a real gunicorn
server on the same database:

1. reference: clients file complaints through ``POST /submit`` for ``--seconds``;
2. purge: the same while ``purge_office`` (the worker's code, its batch size and pause)
   clears the year in this process; submissions are measured only while it runs;
3. reference again.

It checks that every due contact was set to NULL and none of the kept ones, and prints the
submission p95 without and during the purge, their ratio (target ≤ 1.5), the purge's rate
and the server's CPU per submission.

    .venv/bin/python bench/purge.py --cases 1000000
    .venv/bin/python bench/purge.py --cases 200000 --database postgresql
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from bench import generate_cases as gen
from bench.loadgen import Client, PhaseResult, Submitter, percentile, run_phase
from bench.submit_throughput import process_tree_cpu, start_server
from bench.thai_cases import CaseFactory
from portal import create_app
from portal.clock import utcnow
from portal.extensions import db

ENDED = "('closed', 'declined', 'referred', 'merged')"
ENDED_AT = "COALESCE(closed_at, resolved_at, last_activity_at)"
# Built from the constants above only; values are bound parameters.
ADD_CONTACTS = ("INSERT INTO reporter_contacts (case_id, name, phone, notify_by_email, "  # noqa: S608
                "created_at) SELECT id, :n, :p, false, received_at FROM cases "
                f"WHERE status IN {ENDED}")
EARLIER_YEARS = ("INSERT INTO case_purge_states (case_id, contacts_at, files_at) "  # noqa: S608
                 f"SELECT id, :t, :t FROM cases WHERE status IN {ENDED} AND {ENDED_AT} < :t")
DUE_LEFT = ("SELECT count(*) FROM reporter_contacts r JOIN cases c ON c.id = r.case_id "  # noqa: S608
            f"WHERE c.status IN {ENDED} AND r.phone IS NOT NULL AND {ENDED_AT} < :cut")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--postgres-url", default=gen.DEFAULT_POSTGRES_URL)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="each reference phase")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=None, help="purge batch (the worker's)")
    parser.add_argument("--keep", action="store_true")
    return parser.parse_args(argv)


def build(args, workdir: Path, key: str) -> str:
    """The database: cases, contacts, earlier years' purge marks. Returns its URL."""
    ns = argparse.Namespace(database=args.database, sqlite_path=workdir / "portal.sqlite3",
                            postgres_url=args.postgres_url,
                            schema=f"bench_purge_{os.getpid()}")
    gen.reset_database(ns)
    url = gen.database_url(ns)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "PORTAL_BASE_URL": "http://127.0.0.1", "PORTAL_ENCRYPTION_KEY": key,
                      "PORTAL_UPLOAD_DIR": str(workdir / "uploads")})
    started = time.perf_counter()
    with app.app_context():
        gen.migrate_schema()
        factory = CaseFactory.create(random.Random(2569), utcnow(), 5.0, args.cases)
        db.session.commit()
        db.session.close()
        indexes = gen.load_rows(factory, args.database)
        gen.finish(args.database, indexes)
        gen.step(f"{args.cases:,} cases", started)
        from portal.security.crypto import encrypt

        name, phone = encrypt("ผู้ปกครอง ตัวอย่าง"), encrypt("0812345678")
        with db.engine.begin() as conn:
            conn.execute(sa.text(ADD_CONTACTS), {"n": name, "p": phone})
            three_years = utcnow().replace(year=utcnow().year - 3)
            conn.execute(sa.text(EARLIER_YEARS), {"t": three_years})
            conn.execute(sa.text(
                "UPDATE reporter_contacts SET name = NULL, phone = NULL WHERE case_id IN "
                "(SELECT case_id FROM case_purge_states)"))
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(sa.text("ANALYZE"))
        gen.step("contacts and earlier years' purges", started)
        db.engine.dispose()
    return url


def submitters(server, count: int) -> list[Submitter]:
    from bench.loadgen import FormOptions

    made = []
    for i in range(count):
        s = Submitter(Client("127.0.0.1", server.port), seed=i)
        s.options = FormOptions.from_html(s.start_session())
        made.append(s)
    return made


def main(argv=None) -> int:
    args = parse_args(argv)
    from cryptography.fernet import Fernet

    workdir = Path(tempfile.mkdtemp(prefix="bench_purge_"))
    key = Fernet.generate_key().decode()
    server = None
    try:
        url = build(args, workdir, key)
        env = dict(os.environ, PORTAL_DATABASE_URL=url, PORTAL_SECRET_KEY=os.urandom(32).hex(),
                   PORTAL_ENCRYPTION_KEY=key, PORTAL_UPLOAD_DIR=str(workdir / "uploads"),
                   PORTAL_RATE_LIMIT_SUBMIT="1000000 per minute", PORTAL_MAIL_PORT="9",
                   PORTAL_BASE_URL="http://127.0.0.1", PORTAL_DEFAULT_OFFICE="NP2",
                   PORTAL_REDIS_URL=os.environ.get("PORTAL_REDIS_URL",
                                                   "redis://127.0.0.1:6379/15"))
        server = start_server(argparse.Namespace(workers=args.workers, worker_class="sync"),
                              env, workdir)
        clients = submitters(server, args.clients)
        run_phase(clients, "submit", 3)  # warm-up
        before = run_phase(clients, "submit", args.seconds)
        cpu0, count0 = process_tree_cpu(server.process.pid), before.ok_total

        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                          "PORTAL_BASE_URL": "http://127.0.0.1", "PORTAL_ENCRYPTION_KEY": key,
                          "PORTAL_UPLOAD_DIR": str(workdir / "uploads")})
        done: dict = {}

        def purge() -> None:
            from portal.models import Office
            from portal.privacy.daily import PAUSE, pause_between_batches
            from portal.privacy.purge import BATCH, purge_office

            with app.app_context():
                office = db.session.scalar(sa.select(Office))
                started = time.perf_counter()
                done["now"] = utcnow()
                done["result"] = purge_office(office, now=done["now"],
                                              batch=args.batch or BATCH,
                                              pause=pause_between_batches)
                done["seconds"] = time.perf_counter() - started
                done["pause"] = PAUSE
                db.engine.dispose()

        thread = threading.Thread(target=purge)
        during = PhaseResult(0)
        thread.start()
        while thread.is_alive():
            part = run_phase(clients, "submit", 5)
            during.merge(part)
            during.seconds += part.seconds
        thread.join()
        after = run_phase(clients, "submit", args.seconds)
        cpu1 = process_tree_cpu(server.process.pid)

        with app.app_context():
            # Due as of the purge's own "now" (a case may come due while it runs).
            cutoff = done["now"] - timedelta(days=730)
            left = db.session.scalar(sa.text(DUE_LEFT), {"cut": cutoff})
            if args.database == "sqlite":
                # The text index is consistent with the table after the purge and the
                # submissions that ran beside it.
                db.session.execute(sa.text(
                    "INSERT INTO cases_fts(cases_fts) VALUES ('integrity-check')"))
            db.engine.dispose()
        result = done["result"]
        purged = result.count("contacts")
        problems = []
        if left:
            problems.append(f"{left} due contacts were left")
        if not purged:
            problems.append("nothing was purged")
        failures = before.failure_count + during.failure_count + after.failure_count
        if failures:
            problems.append(f"{failures} submissions failed: {during.failures[:3]}")
        reference = percentile(before.latencies + after.latencies, 95)
        under_purge = percentile(during.latencies, 95)
        submissions = before.ok_total + during.ok_total + after.ok_total
        cpu = (cpu1 - cpu0) / max(1, submissions - count0) if cpu0 and cpu1 else 0.0
        for problem in problems:
            print("PROBLEM", problem, file=sys.stderr)
        print(f"purge_database {args.database}")
        print(f"purge_cases_in_database {args.cases} cases")
        print(f"purge_contacts_cleared {purged} cases")
        print(f"purge_seconds {done['seconds']:.1f} s")
        print(f"purge_rate {purged / done['seconds']:.0f} cases/s")
        print(f"submit_p95_reference {reference * 1000:.1f} ms")
        print(f"submit_p95_during_purge {under_purge * 1000:.1f} ms")
        print(f"submit_p95_ratio {under_purge / reference if reference else 0:.2f} x")
        reference_rate = (before.ok_in_window + after.ok_in_window) / (2 * args.seconds)
        print(f"submit_rate_reference {reference_rate:.1f} /s")
        print(f"submit_rate_during_purge {during.ok_in_window / max(during.seconds, 1):.1f} /s")
        print(f"server_cpu_per_submission {cpu * 1000:.1f} ms")
        return 1 if problems else 0
    finally:
        if server is not None:
            server.stop()
        if args.database == "postgresql":
            engine = sa.create_engine(args.postgres_url)
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "bench_purge_{os.getpid()}" CASCADE'))
            engine.dispose()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
