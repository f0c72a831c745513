"""bench/faults.py's bookkeeping: preparing the database, queueing posts during a fault,
waiting for the outbox, reconciling the ledger with what exists, and the table."""

from __future__ import annotations

import email.parser
import hashlib
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
UNSENT = ("pending", "sending", "retrying")


def _flask(env: dict[str, str], *args: str, stdin: str = "") -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def prepare(env: dict[str, str], services) -> None:
    """Schema, the demo office's reference data (no cases), live channels to the fake."""
    from tests.channels.fake_services import APP_SECRET, LINE_TOKEN, PAGE_ID, PAGE_TOKEN

    _flask(env, "db", "upgrade")
    _flask(env, "seed-demo", "--cases", "0")
    _flask(
        env,
        "channel",
        "set",
        "facebook",
        "--office",
        "NP2",
        "--page-id",
        PAGE_ID,
        "--live",
        stdin=f"{PAGE_TOKEN}\n{APP_SECRET}\n",
    )
    _flask(
        env,
        "channel",
        "set",
        "line",
        "--office",
        "NP2",
        "--live",
        stdin=f"{LINE_TOKEN}\nline-channel-secret\n",
    )


class Publisher:
    """Queues approved items (a Facebook post and a LINE broadcast each) during a phase, as
    the publishing pages do; an item whose commit was refused is tried again."""

    def __init__(self, app, phase: str, count: int, seconds: float) -> None:
        self.app, self.phase, self.count, self.seconds = app, phase, count, seconds
        self.committed: list[str] = []  # markers of items whose commit succeeded
        self.attempted: list[str] = []

    def run(self) -> None:
        from portal.delivery.publication import enqueue_publication
        from portal.extensions import db
        from portal.models import Office

        for n in range(self.count):
            time.sleep(self.seconds / self.count)
            marker = f"{self.phase}-{uuid.uuid4().hex[:10]}"
            self.attempted.append(marker)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                with self.app.app_context():
                    try:
                        office = db.session.scalar(sa.select(Office).where(Office.code == "NP2"))
                        enqueue_publication(
                            office,
                            "outcome",
                            10_000_000 + abs(hash(marker)) % 1_000_000_000,
                            1,
                            {
                                "title": f"ผลการดำเนินการ ({marker})",
                                "text": f"ซ่อมหลังคาอาคารเรียนเสร็จแล้ว ({marker})",
                                "link": f"http://127.0.0.1/outcomes/{n}",
                                "reference": f"#{marker}",
                                "image_url": None,
                            },
                        )
                        db.session.commit()
                        self.committed.append(marker)
                        break
                    except sa.exc.SQLAlchemyError:
                        db.session.rollback()
                time.sleep(1)


UNSENT_SQL = (
    "SELECT id FROM deliveries WHERE status IN ('pending', 'sending', 'retrying') "
    "AND channel IN ('email', 'facebook_page', 'line_broadcast')"
)


def _poll(app, timeout: float, done) -> float | None:
    """Poll the unsent deliveries once a second until ``done(ids)``; the time it took, or
    None after ``timeout``. A database still coming back counts as not done yet."""
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    started = time.time()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            try:
                with engine.connect() as conn:
                    if done({row[0] for row in conn.execute(sa.text(UNSENT_SQL))}):
                        return time.time() - started
            except sa.exc.OperationalError:
                pass
            time.sleep(1)
        return None
    finally:
        engine.dispose()


def outbox_recovery(app, timeout: float) -> float | None:
    """Called as a fault ends: seconds until every e-mail, post and broadcast that was
    waiting at that moment has been sent (None: not within ``timeout``)."""
    waiting: list[set] = []

    def snapshot_then_gone(ids: set) -> bool:
        if not waiting:
            waiting.append(ids)
        return not (waiting[0] & ids)

    return _poll(app, timeout, snapshot_then_gone)


def wait_for_outbox(app, timeout: float) -> bool:
    """True once nothing waits to be sent (the load has ended); False after ``timeout``."""
    return _poll(app, timeout, lambda ids: not ids) is not None


def _mail_by_recipient(maildir: Path) -> Counter:
    """How many messages the SMTP server kept for each To address."""
    counts: Counter = Counter()
    parser = email.parser.BytesHeaderParser()
    for path in [*maildir.glob("new/*"), *maildir.glob("cur/*")]:
        counts[str(parser.parsebytes(path.read_bytes())["To"]).strip()] += 1
    return counts


def _cases_by_marker(app) -> tuple[dict, dict]:
    from bench.fault_ledger import MARKER_RE
    from portal.extensions import db
    from portal.models import Attachment, Case

    by_marker: dict[str, list] = {}
    files: dict[int, list] = {}
    with app.app_context():
        for case in db.session.scalars(sa.select(Case)):
            found = MARKER_RE.search(case.description or "")
            if found:
                by_marker.setdefault(found.group(1), []).append(
                    (case.id, case.number, case.receipt_hash)
                )
        for att in db.session.scalars(sa.select(Attachment)):
            files.setdefault(att.case_id, []).append((att.storage_key, att.sha256))
    return by_marker, files


def files_on_disk(upload_dir: Path) -> set[str]:
    return {
        str(p.relative_to(upload_dir))
        for p in upload_dir.rglob("*")
        if p.is_file() and p.name != "filler.bin"
    }


def orphan_files(upload_dir: Path, app, before: set[str]) -> set[str]:
    """Files on the upload disk that no row names (what was there before the run aside)."""
    from portal.storage.sweep import referenced_keys

    with app.app_context():
        kept = referenced_keys()
    return files_on_disk(upload_dir) - kept - before


def sweep(app) -> int:
    """What ``flask storage sweep`` would remove once the files are old: the orphans."""
    from portal.storage.sweep import sweep_orphans

    with app.app_context():
        return len(sweep_orphans(0))


def reconcile(app, rig, result: dict) -> dict:
    """One row of the table: the phase's ledger against the database, disk, mail and fake."""
    from portal.security.tokens import verify_receipt

    subs = result["subs"]
    by_marker, files = _cases_by_marker(app)
    mail = _mail_by_recipient(rig.smtp.maildir)
    row = Counter()
    problems: list[str] = []
    for sub in subs:
        row["requests"] += len(sub.attempts)
        row["5xx"] += sum(1 for a in sub.attempts if a.status and a.status >= 500)
        row["500"] += sum(1 for a in sub.attempts if a.status and a.status == 500)
        cases = by_marker.get(sub.marker, [])
        if len(cases) > 1:
            row["duplicated"] += 1
            problems.append(f"{sub.marker}: {len(cases)} cases")
        if sub.outcome == "succeeded":
            row["succeeded"] += 1
            told = [c for c in cases if c[1] == sub.number]
            if not told:
                row["lost"] += 1
                problems.append(f"{sub.marker}: told {sub.number}, no such case")
                continue
            case_id, number, receipt_hash = told[0]
            with app.app_context():
                if not verify_receipt(receipt_hash, sub.receipt, number):
                    row["wrong_receipt"] += 1
                    problems.append(f"{sub.marker}: the receipt shown does not open {number}")
            kept = files.get(case_id, [])
            if sub.photo_sha256 and not _file_intact(rig.disk.path, kept):
                row["lost"] += 1
                problems.append(f"{sub.marker}: {number} lacks its photo")
            if sub.email:
                row["mail_expected"] += 1
                got = mail.get(sub.email, 0)
                row["mail_missing"] += got == 0
                row["mail_twice"] += got > 1
        else:
            row["failed_clean" if sub.outcome == "failed_clean" else "unanswered"] += 1
            if cases:
                row["untold"] += 1
                problems.append(f"{sub.marker}: {sub.outcome}, yet case {cases[0][1]} exists")
    _check_posts(rig.services, result["publisher"], row, problems)
    return {
        "fault": result["fault"],
        "name": result["name"],
        "row": row,
        "problems": problems,
        "web_recovery": result["web_recovery"],
        "outbox_recovery": result["outbox_recovery"],
        "drained": result["drained"],
        "worker_exits": result["worker_exits"],
        "breaks": result["breaks"],
        "orphans": result["orphans"],
    }


def _file_intact(upload_dir: Path, kept: list) -> bool:
    for key, digest in kept:
        path = upload_dir / key
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == digest:
            return True  # the stored photo is re-encoded (EXIF removed): its own digest
    return False


def _check_posts(services, publisher, row: Counter, problems: list[str]) -> None:
    with services.state.lock:
        posts = [p["message"] for p in services.state.posts.values()]
        broadcasts = [str(b["messages"]) for b in services.state.broadcasts.values()]
    for marker in publisher.committed:
        row["posts_expected"] += 2
        for kind, sent in (("post", posts), ("broadcast", broadcasts)):
            made = sum(1 for text in sent if marker in text)
            if made != 1:
                row["posts_wrong"] += 1
                problems.append(
                    f"{marker}: {made} Facebook {kind}s"
                    if kind == "post"
                    else f"{marker}: {made} LINE broadcasts"
                )


COLUMNS = (
    "requests",
    "succeeded",
    "failed_clean",
    "unanswered",
    "lost",
    "duplicated",
    "untold",
    "5xx",
    "500",
)


def one_line(r: dict) -> str:
    """A phase's figures as soon as it is reconciled."""
    row = r["row"]
    figures = ", ".join(f"{c} {row[c]}" for c in COLUMNS)
    outbox = r["outbox_recovery"]
    return (
        f"fault {r['fault']}: {figures}; mail {row['mail_expected'] - row['mail_missing']}"
        f"/{row['mail_expected']} (twice {row['mail_twice']}); posts wrong "
        f"{row['posts_wrong']}/{row['posts_expected']}; web recovery "
        f"{r['web_recovery']:.1f} s; outbox recovery "
        f"{'none' if outbox is None else f'{outbox:.1f} s'}; drained {r['drained']}"
    )


def report(args, rows: list[dict], swept: int) -> int:
    print(
        f"\ndatabase {args.database}, {args.submissions} submissions per fault, "
        f"{args.threads} reporters, gunicorn 2 workers, pid {os.getpid()}"
    )
    head = " | ".join(["fault", *COLUMNS, "mail ok", "posts ok", "web rec. s", "outbox rec. s"])
    print("| " + head + " |")
    print("|" + "---|" * (len(COLUMNS) + 5))
    lost = duplicated = bad = 0
    for r in rows:
        row = r["row"]
        mail_ok = row["mail_expected"] - row["mail_missing"] - row["mail_twice"]
        posts_ok = row["posts_expected"] - row["posts_wrong"]
        outbox = (
            "not drained"
            if r["outbox_recovery"] is None or not r["drained"]
            else f"{r['outbox_recovery']:.1f}"
        )
        cells = [
            f"{r['fault']} {r['name']}",
            *(str(row[c]) for c in COLUMNS),
            f"{mail_ok}/{row['mail_expected']}",
            f"{posts_ok}/{row['posts_expected']}",
            f"{r['web_recovery']:.1f}",
            outbox,
        ]
        print("| " + " | ".join(cells) + " |")
        lost += row["lost"] + row["untold"]
        duplicated += row["duplicated"]
        bad += (
            row["500"]
            + row["mail_missing"]
            + row["mail_twice"]
            + row["posts_wrong"]
            + row["wrong_receipt"]
            + (r["outbox_recovery"] is None or not r["drained"])
        )
    for r in rows:
        for problem in r["problems"][:10]:
            print(f"PROBLEM fault {r['fault']}: {problem}")
    for r in rows:
        print(
            f"fault {r['fault']}: {r['orphans']} upload file(s) no row names "
            f"(a process killed between writing a file and its commit); "
            f"{r['breaks']} break(s); outbox worker exits so far {r['worker_exits']}"
        )
    print(f"storage sweep removed {swept} orphan file(s)")
    print(f"faults_lost {lost} cases")
    print(f"faults_duplicated {duplicated} cases")
    return 0 if lost == duplicated == bad == 0 else 1
