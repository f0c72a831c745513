"""National deployment at scale: many offices in one database, the national figures, and
submissions with files in S3 against local files.

Builds a throw-away database (SQLite file or a private PostgreSQL schema) with ``--offices``
offices of ``--cases-per-office`` generated cases each (the first is the demo office with its
185 schools; the others are created with ``flask office create``'s service from it, with a
few schools each), then measures:

* the inbox first page (intake officer, queue "all") p50/p95 for every office, and the worst
  office's p95 (``inbox_p95_worst_office``);
* refreshing the national rollups of one office, and of all of them (the worker's job);
* the national figures page (``GET /national/figures``) p50/p95, from the cached rollups;
* a fiscal-year report's figures for one office (``compute_figures`` of ``fy<year>``);
* a submission with one photo through the portal (test client, in process), CPU time per
  submission with local files and with an S3 bucket on a moto server process started here;
  the ratio ``submit_cpu_ratio_s3_vs_local`` (S3 / local, this process's CPU only);
* a trivial ``SELECT 1`` as the reference of the same run.

The last lines printed are the figures, ``name value unit``.

    .venv/bin/python bench/national.py --database postgresql --offices 245 \\
        --cases-per-office 20000         # the issue's 4.9 M cases (hours, ~40 GB)
    .venv/bin/python bench/national.py --database postgresql --offices 12 \\
        --cases-per-office 5000          # what was measured here (bench/README.md)
"""

from __future__ import annotations

import argparse
import io
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``portal`` and ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from PIL import Image
from sqlalchemy import select

from bench.generate_cases import (
    add_database_args,
    bench_app,
    database_url,
    finish,
    load_rows,
    migrate_schema,
    reset_database,
    step,
)
from bench.inbox_scale import fresh_user, touch
from bench.loadgen import percentile
from bench.thai_cases import CASE_COLUMNS, CaseFactory
from portal.cases.inbox import Queue, inbox_page
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Category, Office, Role, School, User, UserRole, WorkGroup
from portal.offices.provisioning import NewOffice, create_office

# The in-process test client's host name, served like the base URL's.
LOCAL_CLIENT = {"PORTAL_TRUSTED_HOSTS": ["localhost"]}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_args(parser)
    parser.add_argument("--offices", type=int, default=12, help="offices (12; the issue: 245)")
    parser.add_argument("--cases-per-office", type=int, default=5000,
                        help="cases per office (5,000; the issue: 20,000)")
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=60, help="repetitions per figure (60)")
    parser.add_argument("--submissions", type=int, default=40,
                        help="submissions per storage backend (40)")
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--keep", action="store_true",
                        help="keep the PostgreSQL schema after the run (for --reuse)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure a kept schema again when it holds the offices and "
                             "cases asked for (else build it anew)")
    return parser.parse_args(argv)


def office_code(i: int) -> str:
    """Three characters, as the generated case numbers and counters expect (NP2, A01 …)."""
    return "NP2" if i == 0 else f"{chr(ord('A') + (i - 1) // 99)}{(i - 1) % 99 + 1:02d}"


class Offsets:
    """Several factories' rows as one load, their case ids made unique across offices."""

    def __init__(self, factories: list[CaseFactory]) -> None:
        self.factories = factories

    def tables(self):
        id_at = CASE_COLUMNS.index("id")
        offset = 0
        for factory in self.factories:
            for table, columns, rows in factory.tables():
                yield table, columns, self._shift(rows, offset, id_at if table == "cases" else 0)
            offset += factory.count

    @staticmethod
    def _shift(rows, offset, at):
        for row in rows:
            row = list(row)
            row[at] += offset
            yield tuple(row)


def build(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    rng = random.Random(args.seed)
    now = utcnow()
    first = CaseFactory.create(rng, now, args.years, args.cases_per_office)
    template = db.session.get(Office, first.office_id)
    factories = [first]
    for i in range(1, args.offices):
        office = create_office(NewOffice(code=office_code(i), name_th=f"สพป.ทดสอบ {i}",
                                         province_th="ตัวอย่าง"), template)
        schools = []
        for n in range(1, 6):
            school = School(office_id=office.id, code=f"{office.code}{n:03d}",
                            name_th=f"โรงเรียนตัวอย่าง {office.code}-{n}")
            db.session.add(school)
            schools.append(school)
        intake = User(office_id=office.id, email=f"bench-intake-{office.code}@example.org",
                      name="เจ้าหน้าที่รับเรื่อง", password_hash="!unusable",
                      roles=[UserRole(role=Role.INTAKE)])
        db.session.add(intake)
        db.session.flush()
        categories: dict[str, list[tuple[int, int]]] = {}
        for c in db.session.scalars(select(Category).where(Category.office_id == office.id)):
            categories.setdefault(c.case_type.value, []).append((c.id, c.work_group_id))
        groups = db.session.scalars(select(WorkGroup.id).where(
            WorkGroup.office_id == office.id)).all()
        factories.append(CaseFactory(rng, now, args.years, args.cases_per_office, office.id,
                                     office.code, categories,
                                     [(s.id, s.name_th) for s in schools],
                                     {g: [intake.id] for g in groups}, [intake.id]))
    db.session.commit()
    db.session.close()
    step(f"{args.offices} offices", started)
    indexes = load_rows(Offsets(factories), args.database)
    step(f"{args.offices * args.cases_per_office:,} cases", started)
    finish(args.database, indexes)
    step("events, counters, indexes, statistics", started)


def timed(repeat: int, call) -> tuple[float, float]:
    samples = []
    for i in range(repeat + 3):
        began = time.perf_counter()
        call()
        if i >= 3:
            samples.append((time.perf_counter() - began) * 1000)
    return percentile(samples, 50), percentile(samples, 95)


def measure_inbox(args, figures) -> None:
    intake = db.session.execute(
        select(User.id, User.office_id).join(UserRole).where(UserRole.role == Role.INTAKE)
        .order_by(User.office_id, User.id)).all()
    first_per_office = {}
    for user_id, office_id in intake:
        first_per_office.setdefault(office_id, user_id)
    worst = 0.0
    for office_id, user_id in sorted(first_per_office.items()):
        def page(user_id=user_id):
            touch(inbox_page(fresh_user(user_id), Queue.ALL))
        p50, p95 = timed(args.repeat, page)
        db.session.remove()
        code = db.session.get(Office, office_id).code
        print(f"  inbox {code}: p50 {p50:.2f} ms p95 {p95:.2f} ms", flush=True)
        worst = max(worst, p95)
    figures.append(("inbox_p95_worst_office", worst, "ms"))


def measure_national(app, args, figures) -> None:
    from portal.national import rollups
    from portal.reports.figures import compute_figures
    from portal.reports.periods import fiscal_year_of, parse_period

    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    year = fiscal_year_of(utcnow().date())
    began = time.perf_counter()
    rollups.refresh_office(office, year, utcnow())
    db.session.commit()
    figures.append(("rollup_one_office", (time.perf_counter() - began) * 1000, "ms"))
    began = time.perf_counter()
    rollups.refresh_all()
    figures.append(("rollup_all_offices", time.perf_counter() - began, "s"))
    client = app.test_client()
    assert client.get("/national/figures").status_code == 200
    p50, p95 = timed(max(10, args.repeat // 3),
                     lambda: client.get("/national/figures").get_data())
    figures += [("national_page_p50", p50, "ms"), ("national_page_p95", p95, "ms")]

    def rendered_again() -> bytes:  # the first visit after the worker refreshed a rollup
        app.extensions.get("board_cache", {}).clear()
        return client.get("/national/figures").get_data()

    p50, p95 = timed(max(10, args.repeat // 3), rendered_again)
    figures += [("national_page_cold_p50", p50, "ms"), ("national_page_cold_p95", p95, "ms")]
    db.session.remove()
    period = parse_period(f"fy{year - 1}")  # the last full fiscal year: every section
    office_id = office.id
    p50, p95 = timed(5, lambda: compute_figures(office_id, period, public=False))
    figures += [("fy_report_one_office_p50", p50, "ms")]


def moto_server() -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen([str(server), "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import httpx

    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(url + "/moto-api/", timeout=1)
            return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("moto_server did not start")


def submission_cpu(app, count: int) -> float:
    """Mean CPU ms of this process per submission with one ~60 KB photo."""
    from tests.helpers import csrf_token, valid_case

    photo = io.BytesIO()
    Image.effect_noise((320, 240), 60).convert("RGB").save(photo, "JPEG", quality=90)
    data = photo.getvalue()
    client = app.test_client()
    samples = []
    for i in range(count + 3):
        token = csrf_token(client, "/submit")
        form = {**valid_case(), "csrf_token": token,
                "attachments": [(io.BytesIO(data), "photo.jpg")]}
        began = time.process_time()
        response = client.post("/submit", data=form)
        spent = time.process_time() - began
        assert response.status_code == 302, response.status_code
        if i >= 3:
            samples.append(spent * 1000)
    return sum(samples) / len(samples)


def measure_submissions(args, figures) -> None:
    from tests.s3_server import new_bucket, s3_settings

    local = bench_app(args, {**LOCAL_CLIENT, "PORTAL_RATE_LIMIT_SUBMIT": "100000 per minute"})
    with local.app_context():
        local_ms = submission_cpu(local, args.submissions)
    process, endpoint = moto_server()
    try:
        s3 = bench_app(args, {**LOCAL_CLIENT, "PORTAL_RATE_LIMIT_SUBMIT": "100000 per minute",
                              **s3_settings(endpoint, new_bucket(endpoint))})
        with s3.app_context():
            s3_ms = submission_cpu(s3, args.submissions)
    finally:
        process.terminate()
        process.wait(timeout=10)
    figures += [("submit_cpu_local", local_ms, "ms"), ("submit_cpu_s3", s3_ms, "ms"),
                ("submit_cpu_ratio_s3_vs_local", s3_ms / local_ms, "ratio")]


def kept_build(args: argparse.Namespace) -> bool:
    """Whether ``--reuse`` finds a kept schema of this size (offices and cases)."""
    if not args.reuse or args.database != "postgresql":
        return False
    engine = sa.create_engine(database_url(args))
    try:
        with engine.connect() as conn:
            offices = conn.execute(sa.text("SELECT count(*) FROM offices")).scalar()
            cases = conn.execute(sa.text("SELECT count(*) FROM cases")).scalar()
    except sa.exc.DBAPIError:
        return False
    finally:
        engine.dispose()
    # A measured run adds its submissions' cases to NP2: at least the generated ones.
    return offices == args.offices and cases >= args.offices * args.cases_per_office


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    reuse = kept_build(args)
    if not reuse:
        reset_database(args)
    app = bench_app(args, LOCAL_CLIENT)
    figures: list[tuple[str, float, str]] = []
    with app.app_context():
        if reuse:
            print(f"reusing the kept schema {args.schema}", flush=True)
        else:
            migrate_schema()
            build(args)
        p50, _p95 = timed(args.repeat, lambda: db.session.execute(sa.text("SELECT 1")))
        figures.append(("reference_select1_p50", p50, "ms"))
        measure_inbox(args, figures)
        measure_national(app, args, figures)
        db.engine.dispose()
    measure_submissions(args, figures)
    if args.database == "postgresql" and not args.keep:  # the private schema goes with the run
        engine = sa.create_engine(args.postgres_url)
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{args.schema}" CASCADE'))
        engine.dispose()
    figures.append(("offices", args.offices, "offices"))
    figures.append(("cases", args.offices * args.cases_per_office, "cases"))
    for name, value, unit in figures:
        print(f"{name} {value:.3f} {unit}" if isinstance(value, float) else
              f"{name} {value} {unit}")


if __name__ == "__main__":
    main()
