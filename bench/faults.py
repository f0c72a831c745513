"""Fault ledger: submissions through seven faults, then a count of what was lost or doubled.

The portal runs as deployed, every piece a real process on this machine: gunicorn with two
workers, a private PostgreSQL (``initdb`` into a temporary folder, its own port, reached
through a TCP proxy the harness can stall) or an SQLite file, a private Redis, the outbox
worker, an SMTP server (aiosmtpd), and the tests' Facebook Graph / LINE Messaging API fake.
For each fault a load client files ``--submissions`` complaints through the public form (a
photo on a fifth, an e-mail address on a third), writing a ledger of every request with its
idempotency key and answer, while the harness breaks one thing mid-run and mends it:

  1 SIGKILL of a gunicorn worker every 5 s for 30 s   2 PostgreSQL stopped (-m fast) for 10 s
  3 Redis stopped for 15 s                             4 SMTP server down for 60 s
  5 Facebook/LINE answering 500 and timeouts for 60 s 6 the upload disk full for 30 s
  7 the network between the portal and PostgreSQL stalled for 20 s

Approved items (a Facebook post and a LINE broadcast each) are queued during every phase.
Afterwards, from the database, the upload disk, the SMTP server's maildir and the fake's
records: every case the client was told of exists once with its file and receipt; no case
exists that the client was not told of; every acknowledgement e-mail arrived once; every
queued post and broadcast was made once.

Last lines: ``faults_lost N cases`` and ``faults_duplicated N cases``. Exit status 0 only when
nothing was lost, doubled or untold and no 500 was answered.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402

from bench import fault_checks  # noqa: E402
from bench.fault_ledger import run_load  # noqa: E402
from bench.fault_rig import (  # noqa: E402
    Gunicorn,
    OutboxWorker,
    PrivatePostgres,
    PrivateRedis,
    Smtp,
    StallProxy,
    UploadDisk,
)
from bench.loadgen import Client, make_jpeg  # noqa: E402

FAULTS = {
    1: ("gunicorn worker SIGKILL every 5 s", 30),
    2: ("PostgreSQL stopped 10 s", 10),
    3: ("Redis stopped 15 s", 15),
    4: ("SMTP down 60 s", 60),
    5: ("Facebook/LINE 500 + timeouts 60 s", 60),
    6: ("upload disk full 30 s", 30),
    7: ("app-database network stalled 20 s", 20),
}
POSTGRES_ONLY = {2, 7}
LEAD_SECONDS = 5.0  # load before the fault starts
TAIL_SECONDS = 10.0  # load after it ends
CHANNEL_TIMEOUT = 3  # seconds the worker waits for Facebook/LINE; the fake stalls longer


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000, help="per fault")
    parser.add_argument("--faults", default="1,2,3,4,5,6,7")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--threads", type=int, default=4, help="reporters at once")
    parser.add_argument(
        "--drain-timeout",
        type=float,
        default=900,
        help="seconds to wait for the outbox after each fault",
    )
    parser.add_argument("--ledger", type=Path, help="write the ledger here (JSON lines)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    args.fault_list = [int(f) for f in args.faults.split(",") if f.strip()]
    unknown = [f for f in args.fault_list if f not in FAULTS]
    if unknown:
        parser.error(f"unknown fault(s) {unknown}; choose from 1-7")
    if args.database == "sqlite" and set(args.fault_list) & POSTGRES_ONLY:
        parser.error("faults 2 and 7 break PostgreSQL: use --database postgresql")
    return args


class Rig:
    """Every process of the run, started in order and stopped in reverse."""

    def __init__(self, args: argparse.Namespace, root: Path) -> None:
        self.args, self.root = args, root
        self.postgres = self.proxy = None
        self.redis = PrivateRedis(root)
        self.smtp = Smtp(root)
        self.disk = UploadDisk(root / "uploads")
        self.services = None
        self.gunicorn = self.worker = None
        self.secret = os.urandom(32).hex()
        self.encryption_key = Fernet.generate_key().decode()

    def start(self) -> None:
        from tests.channels.fake_services import FakeServices

        if self.args.database == "postgresql":
            self.postgres = PrivatePostgres(self.root).start()
            self.proxy = StallProxy(self.postgres.port).start()
            self.url = self.postgres.url(self.proxy.port)  # the portal goes through the proxy
            self.direct_url = self.postgres.url()  # the harness's own checks do not
        else:
            self.url = self.direct_url = f"sqlite:///{self.root / 'portal.sqlite3'}"
        self.redis.start()
        self.smtp.start()
        self.services = FakeServices().start()
        if 6 in self.args.fault_list:
            self.disk.mount()
        env = self.environ()
        fault_checks.prepare(env, self.services)
        self.files_before = fault_checks.files_on_disk(self.disk.path)
        self.gunicorn = Gunicorn(self.root, env).start()
        self.worker = OutboxWorker(self.root, env).start()

    def environ(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "FLASK_"))}
        env.update(
            {
                "PORTAL_DATABASE_URL": self.url,
                "PORTAL_SECRET_KEY": self.secret,
                "PORTAL_ENCRYPTION_KEY": self.encryption_key,
                "PORTAL_UPLOAD_DIR": str(self.disk.path),
                "PORTAL_UPLOAD_MIN_FREE_MB": str(self.disk.min_free_mb()),
                "PORTAL_BASE_URL": "http://127.0.0.1",
                "PORTAL_REDIS_URL": self.redis.url,
                "PORTAL_RATE_LIMIT_SUBMIT": "1000000 per minute",
                "PORTAL_RATE_LIMIT_TRACK": "1000000 per minute",
                "PORTAL_MAIL_PORT": str(self.smtp.port),
                "PORTAL_MAIL_TIMEOUT": "5",
                "PORTAL_FACEBOOK_GRAPH_URL": self.services.base_url,
                "PORTAL_LINE_API_URL": self.services.base_url,
                "PORTAL_CHANNEL_TIMEOUT": str(CHANNEL_TIMEOUT),
                "PORTAL_DIGEST_HOUR": "-1",
                "PORTAL_LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def app_config(self) -> dict:
        return {
            "SQLALCHEMY_DATABASE_URI": self.direct_url,
            "SECRET_KEY": self.secret,
            "PORTAL_ENCRYPTION_KEY": self.encryption_key,
            "PORTAL_UPLOAD_DIR": str(self.disk.path),
            "PORTAL_BASE_URL": "http://127.0.0.1",
        }

    def stop(self) -> None:
        for part in (self.worker, self.gunicorn):
            if part is not None:
                part.stop()
        if self.services is not None:
            self.services.stop()
        self.smtp.stop()
        self.redis.stop()
        if self.proxy is not None:
            self.proxy.close()
        if self.postgres is not None:
            self.postgres.stop("immediate")
        self.disk.unmount()


# --------------------------------------------------------------------------- the faults


def inject(rig: Rig, fault: int, seconds: float, stop: threading.Event) -> int:
    """Break one thing for ``seconds`` (or until ``stop``), then mend it; returns how many
    times it was broken (gunicorn workers killed for fault 1, else 1)."""
    if fault == 1:
        kills = 0
        end = time.monotonic() + seconds
        while time.monotonic() < end and not stop.is_set():
            pids = rig.gunicorn.worker_pids()
            if pids:
                os.kill(random.choice(pids), signal.SIGKILL)
                kills += 1
            stop.wait(5)
        return kills
    elif fault == 2:
        rig.postgres.stop("fast")
        stop.wait(seconds)
        rig.postgres.pg_ctl("start", "-w")
    elif fault == 3:
        rig.redis.stop()
        stop.wait(seconds)
        rig.redis.start()
    elif fault == 4:
        rig.smtp.stop()
        stop.wait(seconds)
        rig.smtp.start()
    elif fault == 5:
        _break_channels(rig.services, seconds, stop)
    elif fault == 6:
        rig.disk.fill()
        stop.wait(seconds)
        rig.disk.free()
    elif fault == 7:
        rig.proxy.flowing.clear()
        stop.wait(seconds)
        rig.proxy.flowing.set()
    return 1


def _break_channels(services, seconds: float, stop: threading.Event) -> None:
    from tests.channels.fake_services import Fault

    routes = ("fb_post", "fb_get", "fb_published", "line_broadcast")
    end = time.monotonic() + seconds
    while time.monotonic() < end and not stop.is_set():
        with services.state.lock:  # keep a few answers scripted: 500s and stalls in turn
            for route in routes:
                queue = services.state.faults[route]
                while len(queue) < 4:
                    queue.append(
                        Fault("error", status=500, code=1, message="Service down")
                        if len(queue) % 2
                        else Fault("slow", seconds=CHANNEL_TIMEOUT + 2)
                    )
        stop.wait(0.5)
    with services.state.lock:
        for route in routes:
            services.state.faults[route].clear()


class Probe:
    """GET /readyz twice a second: when the portal answered again after a fault."""

    def __init__(self, port: int) -> None:
        self.port, self.results, self.stop = port, [], threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            client = Client("127.0.0.1", self.port, timeout=5)
            try:
                ok = client.request("GET", "/readyz")[0] == 200
            except (OSError, http.client.HTTPException):  # a worker killed mid-answer
                ok = False
            finally:
                client.close()
            self.results.append((time.time(), ok))
            self.stop.wait(0.5)

    def recovery_after(self, ended: float) -> float:
        """Seconds from ``ended`` to the first good answer after the last bad one (0: none
        bad after the fault ended)."""
        bad = [t for t, ok in self.results if not ok]
        if not bad or bad[-1] < ended:
            return 0.0
        later = [t for t, ok in self.results if ok and t > bad[-1]]
        return (later[0] if later else time.time()) - ended


def run_phase(rig: Rig, fault: int, photo: bytes, app) -> dict:
    name, seconds = FAULTS[fault]
    args = rig.args
    phase = f"fault{fault}"
    load_seconds = LEAD_SECONDS + seconds + TAIL_SECONDS
    probe = Probe(rig.gunicorn.port)
    probe.thread.start()
    stop = threading.Event()
    times: dict[str, float] = {}

    def breaker() -> None:
        time.sleep(LEAD_SECONDS)
        times["start"] = time.time()
        times["breaks"] = inject(rig, fault, seconds, stop)
        times["end"] = time.time()
        times["outbox"] = fault_checks.outbox_recovery(app, args.drain_timeout)

    publisher = fault_checks.Publisher(
        app, phase, count=max(2, args.submissions // 50), seconds=load_seconds
    )
    threads = [
        threading.Thread(target=breaker, daemon=True),
        threading.Thread(target=publisher.run, daemon=True),
    ]
    for thread in threads:
        thread.start()
    print(
        f"fault {fault}: {name}: {args.submissions} submissions over ~{load_seconds:.0f} s",
        flush=True,
    )
    subs = run_load(
        rig.gunicorn.port, phase, args.submissions, load_seconds, photo, threads=args.threads
    )
    for thread in threads:
        thread.join()
    web_recovery = probe.recovery_after(times["end"])
    drained = fault_checks.wait_for_outbox(app, args.drain_timeout)
    probe.stop.set()
    orphans = fault_checks.orphan_files(rig.disk.path, app, rig.files_before)
    new_orphans, rig.files_before = len(orphans), rig.files_before | orphans
    return {
        "fault": fault,
        "name": name,
        "subs": subs,
        "publisher": publisher,
        "web_recovery": web_recovery,
        "outbox_recovery": times["outbox"],
        "drained": drained,
        "worker_exits": rig.worker.exits,
        "breaks": times["breaks"],
        "orphans": new_orphans,
    }


def run(args: argparse.Namespace) -> tuple[list[dict], int]:
    """Every fault of ``args`` in turn on one set of processes: a reconciled row each, and
    how many orphan files the storage sweep removed at the end."""
    root = Path(tempfile.mkdtemp(prefix="faults-"))
    os.chmod(root, 0o711)  # noqa: S103 - the postgres account passes through to its folders
    rig = Rig(args, root)
    results = []
    try:
        rig.start()
        from portal import create_app

        app = create_app(rig.app_config())
        photo = make_jpeg(30_000)
        rows = []
        for fault in args.fault_list:
            results.append(run_phase(rig, fault, photo, app))
            rows.append(fault_checks.reconcile(app, rig, results[-1]))
            print(f"  {fault_checks.one_line(rows[-1])}", flush=True)  # kept if a run is cut
        swept = fault_checks.sweep(app)
    finally:
        rig.stop()
        if args.keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    if args.ledger:
        with args.ledger.open("w") as out:
            for result in results:
                for sub in result["subs"]:
                    out.write(json.dumps(sub.as_json(), ensure_ascii=False) + "\n")
    return rows, swept


def _stop_on_sigterm(_signum, _frame) -> None:
    raise SystemExit(143)  # so that every process the run started is stopped in ``finally``


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    return fault_checks.report(args, *run(args))


if __name__ == "__main__":
    raise SystemExit(main())
