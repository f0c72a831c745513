"""Inbox and Thai search at scale (DESIGN §8), through the portal's own service functions.

Runs against a database filled by bench/generate_cases.py (``--generate`` runs it first) and
measures, for the intake officer and for a case officer:

* the inbox first page (queue "all", soonest deadline first) and each work queue's first page;
* a filtered page (the busiest school and status "closed");
* a deep page: ~50 pages in by following the keyset cursors, against the first (ratio);
* Thai search: "อาหารกลางวัน" (about 3 % of cases), "นักเรียน" (half of them), two words, a
  case number (one case), and a word only the confidential reports contain (intake sees
  none of them: the worst case of the search plan);
* the queue counts;
* SQL statements per inbox page for page sizes 25, 50 and 100 (must be equal);
* a trivial ``SELECT 1`` round trip in the same run, as the reference.

Every repetition starts as a request does: an empty session, the user and roles loaded
(untimed), then the timed call, including touching what the inbox row shows (school, work
group, officer). The last lines printed are the figures, ``name value unit``.

    .venv/bin/python bench/inbox_scale.py --database sqlite --cases 1000000
    .venv/bin/python bench/inbox_scale.py --database postgresql --cases 1000000
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``portal`` and ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, select, text

from bench.generate_cases import add_database_args, bench_app
from bench.generate_cases import main as generate
from bench.loadgen import percentile
from portal.cases.inbox import InboxFilters, InboxPage, Queue, Sort, inbox_page, queue_counts
from portal.extensions import db
from portal.models import Case, CaseStatus, Role, User, UserRole

SEARCH_WORD = "อาหารกลางวัน"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_args(parser)
    parser.add_argument("--cases", type=int, default=1_000_000,
                        help="cases expected in the database (1,000,000)")
    parser.add_argument("--generate", action="store_true", help="run generate_cases.py first")
    parser.add_argument("--repeat", type=int, default=200, help="repetitions per figure (200)")
    parser.add_argument("--deep-pages", type=int, default=50, help="pages in for the deep page")
    return parser.parse_args(argv)


class Bench:
    def __init__(self, repeat: int) -> None:
        self.repeat = repeat
        self.figures: list[tuple[str, float, str]] = []

    def timed(self, name: str, user_id: int, call: Callable[[User], object],
              repeat: int | None = None) -> dict[str, float]:
        """p50 and p95 in ms of ``call(user)``, each run in a fresh session."""
        return self.compared({name: call}, user_id, repeat)[name]

    def compared(self, calls: dict[str, Callable[[User], object]], user_id: int,
                 repeat: int | None = None) -> dict[str, dict[str, float]]:
        """Like :meth:`timed` for several calls, interleaved so that load drift hits all alike."""
        samples: dict[str, list[float]] = {name: [] for name in calls}
        for i in range((repeat or self.repeat) + 5):
            for name, call in calls.items():
                user = fresh_user(user_id)
                started = time.perf_counter()
                touch(call(user))
                if i >= 5:  # warm-up runs are not counted
                    samples[name].append((time.perf_counter() - started) * 1000)
        db.session.remove()
        results = {}
        for name, values in samples.items():
            p50, p95 = percentile(values, 50), percentile(values, 95)
            print(f"  {name:32s} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms", flush=True)
            self.figures += [(f"{name}_p50", p50, "ms"), (f"{name}_p95", p95, "ms")]
            results[name] = {"p50": p50, "p95": p95}
        return results

    def cpu(self, name: str, user_id: int, call: Callable[[User], object]) -> None:
        """p50 and p95 of this process's CPU time for ``call(user)`` (SQLite runs in process,
        so this is all the work; on PostgreSQL the server's share is not in it)."""
        samples = []
        for i in range(self.repeat + 5):
            user = fresh_user(user_id)
            started = time.process_time()
            touch(call(user))
            if i >= 5:
                samples.append((time.process_time() - started) * 1000)
        db.session.remove()
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        print(f"  {name:32s} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms (CPU)", flush=True)
        self.figures += [(f"{name}_p50", p50, "ms"), (f"{name}_p95", p95, "ms")]

    def figure(self, name: str, value: float, unit: str) -> None:
        self.figures.append((name, value, unit))


def fresh_user(user_id: int) -> User:
    db.session.remove()
    user = db.session.get(User, user_id)
    user.role_set  # noqa: B018 - loaded by Flask-Login before the view runs
    return user


def touch(result: object) -> None:
    """Read what an inbox row shows (templates/staff/inbox.html: the school, the work group
    and the assignee), so lazy loading would be counted if there were any."""
    if isinstance(result, InboxPage):
        for case in result.cases:
            _ = (case.school and case.school.name_th, case.work_group and case.work_group.name_th,
                 case.assignee and case.assignee.name)


def first_user(role: Role) -> int:
    return db.session.scalar(
        select(User.id).join(UserRole).where(UserRole.role == role).order_by(User.id).limit(1)
    )


def deep_cursor(user_id: int, pages: int) -> str | None:
    cursor = None
    for _ in range(pages):
        page = inbox_page(fresh_user(user_id), Queue.ALL, cursor=cursor)
        cursor = page.next_cursor
    return cursor


def queries_per_page(user_id: int, size: int, filters: InboxFilters | None = None) -> int:
    user = fresh_user(user_id)
    statements = []

    def count(*_args) -> None:
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        touch(inbox_page(user, Queue.ALL, filters, page_size=size))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def run(args: argparse.Namespace) -> list[tuple[str, float, str]]:
    bench = Bench(args.repeat)
    found = db.session.scalar(select(func.count()).select_from(Case))
    if found != args.cases:
        sys.exit(f"the database holds {found} cases, not {args.cases}: run with --generate")
    intake, officer = first_user(Role.INTAKE), first_user(Role.CASE_OFFICER)
    school_id = db.session.scalar(select(Case.school_id).where(Case.school_id.is_not(None))
                                  .group_by(Case.school_id).order_by(func.count().desc()).limit(1))
    print(f"{args.database}: {found:,} cases; {args.repeat} repetitions per figure")
    bench.timed("reference_select_1", intake, lambda u: db.session.execute(text("SELECT 1")).all())
    cursor = deep_cursor(intake, args.deep_pages)
    deep_name = f"inbox_deep_page_{args.deep_pages + 1}"
    pages = bench.compared({"inbox_first_page": lambda u: inbox_page(u),
                            deep_name: lambda u: inbox_page(u, cursor=cursor)}, intake)
    for stat in ("p50", "p95"):
        ratio = pages[deep_name][stat] / pages["inbox_first_page"][stat]
        bench.figure(f"inbox_deep_page_ratio_{stat}", ratio, "ratio")
    bench.timed("inbox_first_page_officer", officer, lambda u: inbox_page(u))
    # The staff page's own first view: queue "open", 50 rows (issue 9: well under 10 ms CPU).
    bench.cpu("inbox_open_50_rows_cpu", intake,
              lambda u: inbox_page(u, Queue.OPEN, page_size=50))
    for queue in (Queue.NEW, Queue.UNASSIGNED, Queue.DUE_SOON, Queue.OVERDUE):
        bench.timed(f"queue_{queue.value}_first_page", intake, lambda u, q=queue: inbox_page(u, q))
    bench.timed("inbox_received_desc_first_page", intake,
                lambda u: inbox_page(u, sort=Sort.RECEIVED_DESC))
    filtered = InboxFilters(school_id=school_id, status=CaseStatus.CLOSED)
    bench.timed("inbox_filtered_page", intake, lambda u: inbox_page(u, Queue.ALL, filtered))
    for name, words in (("search_thai", SEARCH_WORD), ("search_very_common_word", "นักเรียน"),
                        ("search_two_words", "ห้องน้ำ ชำรุด"),
                        ("search_case_number", _some_number()),
                        # common, but only in corruption reports, which intake may not see
                        ("search_word_of_hidden_cases", "ใช้รถราชการ")):
        filters = InboxFilters(text=words)
        bench.timed(name, intake, lambda u, f=filters: inbox_page(u, Queue.ALL, f))
    bench.timed("search_thai_officer", officer,
                lambda u: inbox_page(u, Queue.ALL, InboxFilters(text=SEARCH_WORD)))
    bench.timed("queue_counts", intake, lambda u: queue_counts(u))
    bench.timed("queue_counts_with_all", intake, lambda u: queue_counts(u, include_all=True),
                repeat=10)  # a pass over every visible case: why "all" is not counted by default
    search = InboxFilters(text=SEARCH_WORD)
    for size in (25, 50, 100):
        bench.figure(f"queries_per_page_{size}", queries_per_page(intake, size), "queries")
    for size in (25, 50, 100):
        bench.figure(f"queries_per_search_page_{size}", queries_per_page(intake, size, search),
                     "queries")
    reference = [f for f in bench.figures if f[0].startswith("reference_")]
    return [f for f in bench.figures if not f[0].startswith("reference_")] + reference


def _some_number() -> str:
    return db.session.scalar(select(Case.number).order_by(Case.id).offset(12345).limit(1))


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.generate:
        generate(["--database", args.database, "--cases", str(args.cases),
                  "--sqlite-path", str(args.sqlite_path), "--postgres-url", args.postgres_url,
                  "--schema", args.schema])
    app = bench_app(args)
    with app.app_context():
        figures = run(args)
        db.engine.dispose()
    print()
    for name, value, unit in figures:
        print(f"{name} {value:.3f} {unit}" if unit != "queries" else f"{name} {value:.0f} {unit}")


if __name__ == "__main__":
    main()
