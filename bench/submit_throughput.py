"""Case submission throughput against the same server's trivial page (DESIGN §8).

Builds a fresh database (SQLite file or a private PostgreSQL schema) with the demo data,
serves the portal with gunicorn on 127.0.0.1, and drives it from client threads in this
process: phase A hammers ``GET /healthz``, phase B files complaints through ``POST /submit``
exactly as a browser does (session cookie, CSRF token, multipart form). The phases are
interleaved (A, B, A, B ...) so drift on a noisy machine hits both alike, and the figure
that matters is the ratio of the two.

Afterwards it checks in the database that every accepted submission became exactly one
case and that no case number repeats.

The last lines printed are the figures, one per line, ``name value unit``::

    healthz_throughput 1234.5 req/s
    submit_throughput 321.0 req/s
    submit_ratio 0.260 ratio
    submit_p95_latency 45.6 ms

Run ``.venv/bin/python bench/submit_throughput.py --help`` for the options; see
bench/README.md for how to read the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loadgen import (
    Client,
    FormOptions,
    PhaseResult,
    Submitter,
    make_jpeg,
    percentile,
    run_phase,
)
from bench.pg_schema import create_schema

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
HEALTHZ = "healthz"
SUBMIT = "submit"
RECEIPT = "receipt"  # a submission followed by its receipt page, as a browser does
KINDS = (HEALTHZ, SUBMIT, RECEIPT)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(
        description="Throughput of POST /submit relative to GET /healthz on the same server.",
    )
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="length of each measured phase, in seconds (default 10)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of (healthz phase, submit phase) (default 3)")
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="unmeasured seconds of each phase before the rounds (default 2)")
    parser.add_argument("--concurrency", type=int, default=None,
                        help="client threads, each with its own connection and cookie "
                             "session (default: 2 x workers)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get(
        "PORTAL_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="PostgreSQL database in which a private schema is made and dropped "
             f"(default $PORTAL_BENCH_POSTGRES_URL or {DEFAULT_POSTGRES_URL})")
    parser.add_argument("--workers", type=int, default=2 * cores,
                        help=f"gunicorn workers (default 2 x cores = {2 * cores})")
    parser.add_argument("--worker-class", default="sync", choices=("sync", "gthread"),
                        help="gunicorn worker class (default sync)")
    parser.add_argument("--threads", type=int, default=2,
                        help="threads per worker with --worker-class gthread (default 2)")
    parser.add_argument("--with-photo", action="store_true",
                        help="attach one ~100 KB JPEG photo to every submission")
    parser.add_argument("--seed-cases", type=int, default=200,
                        help="demo cases made before the run (default 200)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (database, uploads, server log)")
    args = parser.parse_args(argv)
    if args.concurrency is None:
        args.concurrency = 2 * args.workers
    if args.seconds <= 0 or args.rounds < 1 or args.concurrency < 1 or args.workers < 1:
        parser.error("--seconds, --rounds, --concurrency and --workers must be positive")
    return args


# --------------------------------------------------------------------------- database


@dataclass
class Database:
    """A throw-away database for one run."""

    kind: str
    url: str
    schema: str | None = None
    admin_url: str | None = None

    @classmethod
    def create(cls, kind: str, workdir: Path, postgres_url: str) -> Database:
        if kind == "sqlite":
            return cls(kind, f"sqlite:///{workdir / 'portal.sqlite3'}")
        from sqlalchemy import create_engine
        from sqlalchemy.exc import OperationalError

        schema = f"bench_{os.getpid()}_{int(time.time())}"
        engine = create_engine(postgres_url)
        try:
            with engine.begin() as conn:
                create_schema(conn, schema)
        except OperationalError as exc:
            raise SystemExit(f"cannot use PostgreSQL at {postgres_url}: {exc.orig}") from exc
        finally:
            engine.dispose()
        sep = "&" if "?" in postgres_url else "?"
        url = f"{postgres_url}{sep}options=-csearch_path%3D{schema}"
        return cls(kind, url, schema=schema, admin_url=postgres_url)

    def drop(self) -> None:
        if self.schema is None:
            return
        from sqlalchemy import create_engine, text

        engine = create_engine(self.admin_url)
        try:
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        finally:
            engine.dispose()

    def snapshot(self) -> dict[str, object]:
        """Case count, every case number and the attachment count (for the checks afterwards)."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT number FROM cases")).all()
                attachments = conn.execute(text("SELECT count(*) FROM attachments")).scalar()
        finally:
            engine.dispose()
        return {
            "count": len(rows),
            "numbers": [r[0] for r in rows],
            "attachments": attachments,
        }


def verify_cases(before: dict, after: dict, accepted: int, photos: bool) -> list[str]:
    """Problems found in the database after the run (empty when all is well)."""
    problems = []
    added = after["count"] - before["count"]
    if added != accepted:
        problems.append(
            f"cases in the database grew by {added}, but {accepted} submissions were accepted"
        )
    files = after["attachments"] - before["attachments"]
    if files != (accepted if photos else 0):
        problems.append(f"attachments grew by {files} for {accepted} accepted submissions "
                        + ("with" if photos else "without") + " a photo")
    seen: dict[str, int] = defaultdict(int)
    for number in after["numbers"]:
        seen[number] += 1
    repeated = sorted(n for n, k in seen.items() if k > 1)
    if repeated:
        problems.append(f"{len(repeated)} case number(s) repeat, e.g. {repeated[:5]}")
    old = set(before["numbers"])
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for number in set(after["numbers"]) - old:
        prefix, _, seq = number.rpartition("-")
        if seq.isdigit():
            by_prefix[prefix].append(int(seq))
    for prefix, seqs in by_prefix.items():
        seqs.sort()
        if seqs[-1] - seqs[0] + 1 != len(seqs):
            problems.append(
                f"new case numbers {prefix}-{seqs[0]:06d}..{seqs[-1]:06d} have "
                f"{seqs[-1] - seqs[0] + 1 - len(seqs)} gap(s)"
            )
    return problems


# --------------------------------------------------------------------------- server


BENCH_SET = {  # what every run sets itself; other PORTAL_* variables are left as they are
    "PORTAL_DATABASE_URL", "PORTAL_SECRET_KEY", "PORTAL_ENCRYPTION_KEY", "PORTAL_UPLOAD_DIR",
    "PORTAL_RATE_LIMIT_SUBMIT", "PORTAL_RATE_LIMIT_TRACK", "PORTAL_MAIL_PORT",
    "PORTAL_BASE_URL",
}


def portal_env(db: Database, workdir: Path) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = dict(os.environ)  # other PORTAL_* settings pass through, for experiments
    env.update({
        "PORTAL_DATABASE_URL": db.url,
        "PORTAL_SECRET_KEY": os.urandom(32).hex(),
        "PORTAL_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "PORTAL_UPLOAD_DIR": str(workdir / "uploads"),
        "PORTAL_RATE_LIMIT_SUBMIT": "1000000 per minute",
        "PORTAL_RATE_LIMIT_TRACK": "1000000 per minute",
        "PORTAL_MAIL_PORT": "9",  # nothing is sent: the outbox worker does not run
        "PORTAL_BASE_URL": "http://127.0.0.1",  # the load generator's Host is 127.0.0.1:port
        "PYTHONUNBUFFERED": "1",
    })
    # Several gunicorn workers need shared rate-limit storage (gunicorn.conf.py refuses
    # memory storage with more than one worker), as in any real deployment.
    env.setdefault("PORTAL_REDIS_URL", "redis://127.0.0.1:6379/15")
    return env


def prepare_database(env: dict[str, str], seed_cases: int) -> None:
    flask = str(VENV_BIN / "flask")
    for command in (["db", "upgrade"], ["seed-demo", "--cases", str(seed_cases)]):
        done = subprocess.run(
            [flask, "--app", "wsgi", *command], cwd=ROOT, env=env,
            capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"flask {' '.join(command)} failed (exit {done.returncode})")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # graceful: finish requests in flight
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(args: argparse.Namespace, env: dict[str, str], workdir: Path) -> Server:
    port = free_port()
    log_path = workdir / "gunicorn.log"
    command = [
        str(VENV_BIN / "gunicorn"),
        "-w", str(args.workers),
        "-b", f"127.0.0.1:{port}",
        "--worker-class", args.worker_class,
        "--no-control-socket",
        "--timeout", "60",
        "--graceful-timeout", "10",
        "--error-logfile", str(log_path),
    ]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    command.append("wsgi:app")
    # A session of its own: Ctrl+C reaches only this script, which then stops the server
    # in order (after the clients) in its ``finally``.
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server(process, port, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.stderr.write(server.log_tail() + "\n")
            raise SystemExit(f"gunicorn exited with status {process.returncode}")
        try:
            client = Client("127.0.0.1", port)
            status, _, body = client.request("GET", "/healthz")
            client.close()
            if status == 200 and body.strip() == b"ok":
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


# --------------------------------------------------------------------------- the run


@dataclass
class Totals:
    requests: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    server_cpu: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    accepted: int = 0  # submissions answered 302 -> /receipt, in every phase and warm-up
    failures: list[str] = field(default_factory=list)
    failure_count: int = 0

    def add(self, kind: str, result: PhaseResult, measured: bool) -> None:
        self.failure_count += result.failure_count
        self.failures.extend(result.failures[: max(0, 10 - len(self.failures))])
        if measured:
            self.requests[kind] += result.ok_in_window
            self.seconds[kind] += result.seconds
            self.latencies[kind].extend(result.latencies)

    def rate(self, kind: str) -> float:
        return self.requests[kind] / self.seconds[kind] if self.seconds[kind] else 0.0

    def cpu_per_request(self, kind: str) -> float:
        """Server CPU seconds (gunicorn and its workers) per request of this kind."""
        return self.server_cpu[kind] / self.requests[kind] if self.requests[kind] else 0.0


def process_tree_cpu(pid: int) -> float | None:
    """CPU seconds used so far by ``pid`` and its children (Linux /proc), else None."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        total, pids = 0.0, {pid}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(entry.name) in pids or int(fields[1]) == pid:
                total += (int(fields[11]) + int(fields[12])) / tick
        return total
    except (OSError, ValueError, IndexError):
        return None


def measure(args: argparse.Namespace, server: Server) -> Totals:
    clients = [Client("127.0.0.1", server.port) for _ in range(args.concurrency)]
    try:
        submitters = [Submitter(c, seed=i) for i, c in enumerate(clients)]
        options = FormOptions.from_html(submitters[0].start_session())
        photo = make_jpeg() if args.with_photo else None
        if photo:
            print(f"photo: {len(photo) / 1024:.0f} KB JPEG", flush=True)
        for s in submitters:
            s.options, s.photo = options, photo
            if s.csrf is None:
                s.start_session()
        totals = Totals()
        if args.warmup > 0:
            for kind in KINDS:
                totals.add(kind, run_phase(submitters, kind, args.warmup), measured=False)
        print(f"{'round':>5} {'phase':>8} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'client CPU':>11} {'gunicorn CPU':>13}", flush=True)
        for round_no in range(1, args.rounds + 1):
            for kind in KINDS:
                cpu_before = process_tree_cpu(server.process.pid)
                result = run_phase(submitters, kind, args.seconds)
                cpu_after = process_tree_cpu(server.process.pid)
                totals.add(kind, result, measured=True)
                if cpu_before is not None and cpu_after is not None:
                    totals.server_cpu[kind] += cpu_after - cpu_before
                server_cpu = (
                    f"{(cpu_after - cpu_before) / args.seconds:>12.0%}"
                    if cpu_before is not None and cpu_after is not None else f"{'?':>12}"
                )
                print(f"{round_no:>5} {kind:>8} {result.rate:>9.1f} "
                      f"{percentile(result.latencies, 50) * 1000:>8.1f} "
                      f"{percentile(result.latencies, 95) * 1000:>8.1f} "
                      f"{result.client_cpu / args.seconds:>10.0%} {server_cpu} ", flush=True)
        totals.accepted = sum(s.accepted for s in submitters)
        return totals
    finally:
        for c in clients:
            c.close()


def _terminate(_signum, _frame) -> None:
    raise KeyboardInterrupt  # SIGTERM behaves like Ctrl+C: the ``finally`` blocks clean up


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started ignoring it
    workdir = Path(tempfile.mkdtemp(prefix="sujarit-bench-"))
    db: Database | None = None
    server: Server | None = None
    try:
        db = Database.create(args.database, workdir, args.postgres_url)
        env = portal_env(db, workdir)
        print(f"database: {args.database}  workdir: {workdir}", flush=True)
        extra = sorted(k for k in os.environ if k.startswith("PORTAL_") and k not in BENCH_SET)
        if extra:
            print("settings from the environment: "
                  + ", ".join(f"{k}={os.environ[k]}" for k in extra), flush=True)
        prepare_database(env, args.seed_cases)
        before = db.snapshot()
        server = start_server(args, env, workdir)
        print(f"gunicorn: {args.workers} {args.worker_class} worker(s)"
              + (f" x {args.threads} threads" if args.worker_class == "gthread" else "")
              + f" on 127.0.0.1:{server.port}; {args.concurrency} client threads; "
              f"{os.cpu_count()} CPU(s); {args.rounds} rounds of {args.seconds:g} s per phase"
              + ("; one ~100 KB photo per submission" if args.with_photo else ""),
              flush=True)
        totals = measure(args, server)
        server.stop()
        after = db.snapshot()
        problems = verify_cases(before, after, totals.accepted, args.with_photo)
        print(f"accepted submissions: {totals.accepted}; cases added: "
              f"{after['count'] - before['count']}", flush=True)
        ok = True
        if totals.failure_count:
            ok = False
            print(f"FAILED: {totals.failure_count} request(s) failed; first ones:", flush=True)
            for failure in totals.failures:
                print(f"  {failure}", flush=True)
        for problem in problems:
            ok = False
            print(f"FAILED: {problem}", flush=True)
        if not ok and server is not None:
            print("--- gunicorn log (tail) ---\n" + server.log_tail(20), flush=True)
        healthz, submit = totals.rate(HEALTHZ), totals.rate(SUBMIT)
        both = totals.rate(RECEIPT)
        p95 = percentile(totals.latencies[SUBMIT], 95) * 1000
        both_p95 = percentile(totals.latencies[RECEIPT], 95) * 1000
        healthz_cpu = totals.cpu_per_request(HEALTHZ) * 1000
        submit_cpu = totals.cpu_per_request(SUBMIT) * 1000
        both_cpu = totals.cpu_per_request(RECEIPT) * 1000
        print(f"concurrency {args.concurrency} clients")
        print(f"healthz_throughput {healthz:.1f} req/s")
        print(f"submit_throughput {submit:.1f} req/s")
        print(f"submit_receipt_throughput {both:.1f} req/s")
        print(f"submit_ratio {submit / healthz if healthz else 0.0:.3f} ratio")
        print(f"submit_p95_latency {p95:.1f} ms")
        print(f"submit_receipt_p95_latency {both_p95:.1f} ms")
        print(f"healthz_cpu_per_request {healthz_cpu:.3f} ms")
        print(f"submit_cpu_per_request {submit_cpu:.3f} ms")
        print(f"submit_receipt_cpu_per_request {both_cpu:.3f} ms")
        print(f"receipt_page_cpu_estimate {max(both_cpu - submit_cpu, 0.0):.3f} ms")
        print(f"submit_receipt_cpu_ratio {healthz_cpu / both_cpu if both_cpu else 0.0:.3f} ratio")
        print(f"submit_cpu_ratio {healthz_cpu / submit_cpu if submit_cpu else 0.0:.3f} ratio",
              flush=True)
        return 0 if ok else 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if server is not None:
            server.stop()
        if db is not None:
            try:
                db.drop()
            except Exception as exc:  # noqa: BLE001 - report, then carry on cleaning up
                print(f"could not drop schema {db.schema}: {exc}", file=sys.stderr)
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
