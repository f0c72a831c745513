"""Lighthouse's accessibility and best-practices scores of every public and staff page.

Issue 20 asks for 100 in both categories on every public and staff page. This builds a fresh
demo database (``flask seed-demo``), serves it with gunicorn on a free port, finds the pages
and runs Lighthouse 12 on each, in Thai and English, on a phone (Lighthouse's default mobile
form factor) and a desk (``--preset=desktop``), one run at a time on one headless Chromium.

Pages: every GET rule of ``app.url_map`` that answers HTML. Rules without arguments are asked
for directly; rules with arguments (a case number, a report period, a school ...) take the
first address of that rule found in the links of the pages each audience sees, so ids come
from the demo data. Visitors: an anonymous reporter (who has opened one case with its
receipt and has just filed it, for the receipt page), then each demo staff role; a page is
measured as the first of them it answers ``200`` to. Sessions are signed cookies made by the
portal's own sign-in step, handed to Lighthouse as a ``Cookie`` header.
The last lines are ``name value unit``.

    .venv/bin/python bench/lighthouse.py                  # every page, as the budget allows
    .venv/bin/python bench/lighthouse.py --plan reduced   # Thai phone + English desk only
    .venv/bin/python bench/lighthouse.py --only '^/admin' --keep
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``portal`` and ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.submit_throughput import ROOT, VENV_BIN, free_port

RUNNER = Path(__file__).with_name("lighthouse_runner.mjs")
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking")
# (email of the demo account or "" for the anonymous reporter), in the order pages are tried.
VISITORS = ("", "admin@nkp2.example", "intake@nkp2.example", "director@nkp2.example",
            "integrity@nkp2.example", "officer@nkp2.example", "deputy@nkp2.example",
            "pr@nkp2.example")
# Variants as (language, form factor); the reduced plan is the first two.
VARIANTS = (("th", "mobile"), ("en", "desktop"), ("en", "mobile"), ("th", "desktop"))
NOT_PAGES = re.compile(r"\.(pdf|csv|json|atom|zip|xlsx|ods|png|jpe?g|webp|woff2|txt|ico|xml)$"
                       r"|/files/|/photos/|/image-")
SKIPPED_ENDPOINTS = {"static", "public.set_language", "public.healthz", "public.readyz"}
HREF = re.compile(r'href="([^"#]*)"')


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lighthouse", default=os.environ.get(
        "LIGHTHOUSE_DIR", "/tmp/lh/node_modules/lighthouse"), help="Lighthouse 12's package")
    parser.add_argument("--node", default=shutil.which("node") or "/usr/bin/node")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--cases", type=int, default=60, help="demo cases to seed")
    parser.add_argument("--plan", choices=("auto", "full", "reduced", "rest"), default="auto",
                        help="full: 4 variants a page; reduced: Thai phone + English desk; "
                             "rest: English phone + Thai desk; "
                             "auto: reduced first, the rest if it fits the budget")
    parser.add_argument("--budget-minutes", type=float, default=40.0)
    parser.add_argument("--only", help="measure only paths matching this regular expression")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (reports/*.json, gunicorn.log)")
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- the portal


def portal_env(workdir: Path, port: int) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = dict(os.environ)
    env.update({
        "PORTAL_DEMO": "1",  # one gunicorn process with memory rate limits, as scripts/run
        "PORTAL_DATABASE_URL": f"sqlite:///{workdir / 'portal.sqlite3'}",
        "PORTAL_SECRET_KEY": os.urandom(32).hex(),
        "PORTAL_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "PORTAL_UPLOAD_DIR": str(workdir / "uploads"),
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "PORTAL_MAIL_PORT": "9",  # nothing is sent: no outbox worker runs
        "PORTAL_DIGEST_HOUR": "-1",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def prepare_database(env: dict[str, str], cases: int) -> None:
    for command in (["db", "upgrade"], ["seed-demo", "--cases", str(cases)]):
        done = subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", *command], cwd=ROOT,
                              env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"flask {' '.join(command)} failed (exit {done.returncode})")


def start(command: list[str], env: dict[str, str], log: Path, ready: str) -> subprocess.Popen:
    """Start ``command`` in its own session and wait until ``ready`` (a URL) answers."""
    import httpx

    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{command[0]} exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(ready, timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    stop(process)
    raise SystemExit(f"{command[0]} did not answer {ready} within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --------------------------------------------------------------------------- visitors


def session_cookies(env: dict[str, str]) -> tuple[dict, list, object, str, list[str]]:
    """A ``Cookie`` header per (visitor, language): staff fully signed in (both factors), the
    reporter holding a receipt grant for the first case, both with the language chosen; and
    the GET rules, a URL adapter, the first case's number and extra addresses to try."""
    from flask import session
    from sqlalchemy import select

    from portal import create_app
    from portal.auth.sessions import establish
    from portal.extensions import db
    from portal.models import Case, CaseStatus, ItaItem, Publication, User
    from portal.public.receipts import remember_fresh_receipt
    from portal.security.one_time import OneTimePurpose, issue_mark
    from portal.security.tokens import new_receipt
    from portal.tracking.views import GRANT_KEY, GRANT_SECONDS

    os.environ.update({k: v for k, v in env.items() if k.startswith("PORTAL_")})
    app = create_app()
    cookies = {}
    name = app.config.get("SESSION_COOKIE_NAME", "session")
    with app.app_context():
        number = db.session.scalar(select(Case.number).order_by(Case.id).limit(1))
        # Pages no link of the first case or the ITA list of this year leads to.
        ended = db.session.scalars(
            select(Case.number).where(Case.status.in_([CaseStatus.RESOLVED, CaseStatus.CLOSED]),
                                      ~select(Publication.id).where(
                                          Publication.case_id == Case.id).exists())
            .order_by(Case.id).limit(5))
        seeds = [f"/staff/publishing/cases/{n}/outcome" for n in ended]
        seeds += [f"/admin/ita/{i}" for i in db.session.scalars(select(ItaItem.id).limit(1))]
        for email in VISITORS:
            for language in ("th", "en"):
                with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}):
                    if email:
                        establish(db.session.scalar(select(User).where(User.email == email)),
                                  second_factor=True)
                    else:  # has opened the first case, and has just filed it (/receipt)
                        session[GRANT_KEY] = {number: time.time() + GRANT_SECONDS}
                        remember_fresh_receipt(number, new_receipt(),
                                               issue_mark(OneTimePurpose.RECEIPT))
                    session["lang"] = language
                    value = app.session_interface.get_signing_serializer(app).dumps(
                        dict(session))
                cookies[email, language] = f"{name}={value}"
        db.session.commit()  # the receipt pages' one-time marks (live for an hour)
        rules = [(r.endpoint, r.rule, bool(r.arguments)) for r in app.url_map.iter_rules()
                 if "GET" in r.methods and r.endpoint not in SKIPPED_ENDPOINTS
                 and not NOT_PAGES.search(r.rule)]
        adapter = app.url_map.bind("127.0.0.1")
        db.engine.dispose()
    return cookies, rules, adapter, number, seeds


@dataclass
class Page:
    path: str
    endpoint: str
    visitor: str


@dataclass
class Found:
    pages: dict[str, Page] = field(default_factory=dict)  # endpoint -> first page found
    fetched: int = 0


def find_pages(base: str, cookies: dict, rules: list, adapter, number: str,
               extra: list[str]) -> Found:
    """Every GET rule answering HTML, with its arguments taken from links the visitors see."""
    import httpx
    from werkzeug.exceptions import HTTPException

    found = Found()
    plain = [rule for _, rule, has_args in rules if not has_args]
    seeds = ["/", *plain, "/receipt", f"/track/{number}", f"/track/{number}/privacy", *extra]
    with httpx.Client(base_url=base, timeout=60) as client:
        for visitor in VISITORS:
            queue, queued = deque(seeds), set(seeds)
            while queue:
                path = queue.popleft()
                try:
                    endpoint = adapter.match(path, method="GET")[0]
                except HTTPException:  # a redirecting rule, 404 or 405: not a page
                    continue
                if endpoint in found.pages or endpoint in SKIPPED_ENDPOINTS:
                    continue
                response = client.get(path, headers={"Cookie": cookies[visitor, "th"]})
                found.fetched += 1
                target = response.headers.get("location", "").replace(base, "").split("?")[0]
                if response.is_redirect and target.startswith("/") and target not in queued:
                    queued.add(target)  # e.g. /staff/reports goes on to the last month's
                    queue.append(target)
                if (response.status_code != 200
                        or not response.headers.get("content-type", "").startswith("text/html")):
                    continue
                found.pages[endpoint] = Page(path, endpoint, visitor)
                for href in HREF.findall(response.text):
                    link = href.split("?")[0].replace(base, "")
                    if link.startswith("/") and link not in queued and not NOT_PAGES.search(link):
                        queued.add(link)
                        queue.append(link)
    return found


# --------------------------------------------------------------------------- Lighthouse


@dataclass
class Run:
    page: Page
    language: str
    size: str
    accessibility: int | None
    best_practices: int | None
    failing: list[str]
    error: str | None


def run_lighthouse(args, chrome_port: int, base: str, cookies: dict, pages: list[Page],
                   variants: list[tuple[str, str]], reports: Path) -> list[Run]:
    jobs, keys = [], []
    for language, size in variants:
        for page in pages:
            slug = re.sub(r"[^a-z0-9]+", "-", page.path.lower()).strip("-") or "home"
            jobs.append({"url": base + page.path, "cookie": cookies[page.visitor, language],
                         "desktop": size == "desktop",
                         "out": str(reports / f"{slug}.{language}.{size}.json")})
            keys.append((page, language, size))
    jobs_file = reports / f"jobs-{len(list(reports.glob('jobs-*')))}.json"
    jobs_file.write_text(json.dumps({"port": chrome_port, "jobs": jobs}))
    runs = []
    process = subprocess.Popen([args.node, str(RUNNER), args.lighthouse, str(jobs_file)],
                               stdout=subprocess.PIPE, text=True)
    try:
        for (page, language, size), line in zip(keys, process.stdout, strict=False):
            result = json.loads(line)
            scores = {k: round(v * 100) if v is not None else None
                      for k, v in result["scores"].items()}
            error = result["error"]
            if error is None and result.get("final") != result["url"]:
                error = f"redirected to {result.get('final')}"  # e.g. a session not accepted
            run = Run(page, language, size, scores.get("accessibility"),
                      scores.get("best-practices"), result["failing"], error)
            print_run(run)
            runs.append(run)
    finally:
        stop(process)
    return runs


def print_run(run: Run) -> None:
    who = run.page.visitor.split("@")[0] or "public"
    print(f"{run.page.path:<48} {who:<9} {run.language}  {run.size:<7} "
          f"{run.accessibility!s:>4} {run.best_practices!s:>4}  "
          f"{' '.join(run.failing)}{' ERROR ' + run.error if run.error else ''}", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM as Ctrl+C: the ``finally`` below stops Chromium, gunicorn and the runner.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    reports = workdir / "reports"
    reports.mkdir()
    port, chrome_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = portal_env(workdir, port)
    server = chrome = None
    started = time.monotonic()
    try:
        prepare_database(env, args.cases)
        cookies, rules, adapter, number, seeds = session_cookies(env)
        server = start([str(VENV_BIN / "gunicorn"), "-w", "1", "--threads", "4",
                        "--worker-class", "gthread", "-b", f"127.0.0.1:{port}",
                        "--no-control-socket", "wsgi:app"], env, workdir / "gunicorn.log",
                       f"{base}/healthz")
        chrome = start([args.chromium, *CHROME_FLAGS, f"--remote-debugging-port={chrome_port}",
                        f"--user-data-dir={workdir / 'chrome'}", "about:blank"], env,
                       workdir / "chrome.log", f"http://127.0.0.1:{chrome_port}/json/version")
        found = find_pages(base, cookies, rules, adapter, number, seeds)
        pages = sorted(found.pages.values(), key=lambda p: p.path)
        if args.only:
            pages = [p for p in pages if re.search(args.only, p.path)]
        missed = sorted({e for e, _, _ in rules} - set(found.pages))
        print(f"{len(pages)} pages ({found.fetched} fetched to find them); GET rules not "
              f"measured (no link found, not 200 or not HTML): {' '.join(missed)}", flush=True)
        print(f"{'page':<48} {'visitor':<9} lang size    a11y  b-p  failing audits", flush=True)
        plan = list({"full": VARIANTS, "rest": VARIANTS[2:]}.get(args.plan, VARIANTS[:2]))
        begun = time.monotonic()
        runs = run_lighthouse(args, chrome_port, base, cookies, pages, plan, reports)
        spent = time.monotonic() - begun
        if args.plan == "auto" and (time.monotonic() - started + spent) / 60 <= args.budget_minutes:
            plan += VARIANTS[2:]
            runs += run_lighthouse(args, chrome_port, base, cookies, pages, VARIANTS[2:],
                                   reports)
        elif args.plan == "auto":
            print(f"# the other two variants would take ~{spent / 60:.0f} more minutes, over "
                  f"the {args.budget_minutes:g}-minute budget: measured Thai phone and English "
                  "desk only", flush=True)
    finally:
        for process in (chrome, server):
            if process is not None:
                stop(process)
        if args.keep:
            print(f"# kept {workdir}", flush=True)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return report(runs, pages, plan, time.monotonic() - started)


def report(runs: list[Run], pages: list[Page], plan: list, seconds: float) -> int:
    scored = [r for r in runs if r.error is None and r.accessibility is not None]
    below = [r for r in runs if r.error or r.accessibility != 100 or r.best_practices != 100]
    audits = sorted({a for r in runs for a in r.failing})
    print(f"variants measured: {', '.join(f'{lang} {size}' for lang, size in plan)}")
    print(f"failing audits: {' '.join(audits) or 'none'}")
    print(f"lighthouse_pages {len(pages)} pages")
    print(f"lighthouse_runs {len(runs)} runs")
    print(f"lighthouse_minutes {seconds / 60:.1f} minutes")
    print(f"lighthouse_min_accessibility {min((r.accessibility for r in scored), default=0)} "
          "score")
    print(f"lighthouse_min_best_practices "
          f"{min((r.best_practices for r in scored), default=0)} score")
    print(f"lighthouse_runs_below_100 {len(below)} runs")
    return 1 if below or not runs else 0


if __name__ == "__main__":
    sys.exit(main())
