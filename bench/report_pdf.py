"""CPU of printing one monthly report PDF, this checkout against an earlier revision.

Seeds the demo (``flask db upgrade`` and ``flask seed-demo``) into a temporary SQLite
database, computes the last published month's public figures once, then prints that month's
PDF ``--repeat`` times with ``render_report_pdf`` after one warm-up print. With ``--against
REV`` the same is done in a temporary git worktree of REV (on its own demo database, the
same seed), and the two alternate in rounds, so that both meet the same machine load. Each
round is a fresh process per checkout; the figure is the median of its rounds' CPU per print
(this process's user + system time; the printing is single-threaded Python and C).

    .venv/bin/python bench/report_pdf.py
    .venv/bin/python bench/report_pdf.py --against 1d398b3 --rounds 5

The last lines printed are the figures, ``name value unit``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.worktree import check_revision, checkout_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"

# Run inside the checkout being measured (its own ``portal``): prints one JSON line.
MEASURE = r"""
import io, json, sys, time
import pikepdf
from wsgi import app
from sqlalchemy import select
from portal.extensions import db
from portal.models import Office, Report
from portal.reports.figures import compute_figures
from portal.reports.periods import parse_period
from portal.reports import render
from portal.reports.render import render_report_pdf

# Each print made afresh: the portal keeps the last documents printed (by their HTML), and a
# repeat would measure that lookup. Revisions before that cache have none to empty.
printed = getattr(render, "_PRINTED", {})
repeat = int(sys.argv[1])
with app.app_context(), app.test_request_context("/"):
    office = db.session.scalar(select(Office))
    key = max(db.session.scalars(select(Report.period).where(Report.office_id == office.id)))
    figures = compute_figures(office.id, parse_period(key), public=True)
    pdf = render_report_pdf(office, figures)  # warm-up: fonts, dictionaries, templates
    started = time.process_time()
    for _ in range(repeat):
        printed.clear()
        pdf = render_report_pdf(office, figures)
    cpu = (time.process_time() - started) / repeat
pages = len(pikepdf.open(io.BytesIO(pdf)).pages)
print(json.dumps({"period": key, "cpu_s": cpu, "bytes": len(pdf), "pages": pages}))
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", metavar="REV", help="a git revision to measure beside")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (3)")
    parser.add_argument("--repeat", type=int, default=3, help="prints per round (3)")
    parser.add_argument("--cases", type=int, default=300, help="demo cases seeded (300)")
    return parser.parse_args(argv)


class Checkout:
    """A checkout of the portal with its own seeded demo database."""

    def __init__(self, name: str, path: Path, scratch: Path, cases: int) -> None:
        self.name, self.path = name, path
        data = scratch / name
        data.mkdir()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "FLASK_"))},
            "PORTAL_DATABASE_URL": f"sqlite:///{data / 'portal.sqlite3'}",
            "PORTAL_SECRET_KEY": "bench-report-pdf",
            "PORTAL_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "PORTAL_UPLOAD_DIR": str(data / "uploads"),
            "PORTAL_DEMO": "1",
            "PORTAL_BASE_URL": "http://127.0.0.1:5000",
            "PYTHONPATH": str(path),
        }
        for command in (["db", "upgrade"], ["seed-demo", "--cases", str(cases)]):
            self.run("-m", "flask", "--app", "wsgi", *command)

    def measure(self, repeat: int) -> dict:
        return json.loads(self.run("-c", MEASURE, str(repeat)).strip().splitlines()[-1])

    def run(self, *args: str) -> str:
        """This checkout's Python with ``args``; its output, or exit with it on a failure."""
        done = subprocess.run([str(PYTHON), *args], cwd=self.path, env=self.env,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{self.name}: {' '.join(args[:4])} failed (exit "
                             f"{done.returncode}):\n{done.stdout}{done.stderr}")
        return done.stdout


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.against:  # a wrong revision is said at once, before any seeding
        check_revision(args.against)
    with tempfile.TemporaryDirectory(prefix="report-pdf-") as scratch_name, \
            contextlib.ExitStack() as stack:
        scratch = Path(scratch_name)
        checkouts = [Checkout("current", ROOT, scratch, args.cases)]
        if args.against:
            worktree = stack.enter_context(checkout_of(args.against, scratch))
            checkouts.append(Checkout(args.against, worktree, scratch, args.cases))
        results: dict[str, list[dict]] = {c.name: [] for c in checkouts}
        for round_no in range(1, args.rounds + 1):
            for checkout in checkouts:
                result = checkout.measure(args.repeat)
                results[checkout.name].append(result)
                print(f"  round {round_no} {checkout.name}: {result['cpu_s'] * 1000:.0f} ms "
                      f"CPU a print, {result['pages']} pages, {result['bytes']:,} bytes "
                      f"({result['period']})", flush=True)
    current = statistics.median(r["cpu_s"] for r in results["current"]) * 1000
    print(f"report_pdf_cpu {current:.0f} ms")
    if args.against:
        before = statistics.median(r["cpu_s"] for r in results[args.against]) * 1000
        print(f"report_pdf_cpu_against {before:.0f} ms")
        print(f"report_pdf_cpu_ratio {current / before:.3f} ratio")


if __name__ == "__main__":
    main()
