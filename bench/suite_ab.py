"""CPU of running some of the test suite, this checkout against an earlier revision.

Runs ``pytest -n PROCESSES --dist loadfile PATHS`` in this checkout and, with ``--against
REV``, in a temporary git worktree of REV, alternating them for ``--rounds`` rounds so that
both meet the same machine load: this machine's speed drifts by up to 30 % within an hour,
so whole-suite runs an hour apart say more about the machine than about the code.

CPU of a run: user + system time of pytest and of every process it started and waited for
(test processes, Chromium, gunicorn, ``flask`` commands), from ``RUSAGE_CHILDREN``, plus what
the PostgreSQL server's processes spent meanwhile (read from ``/proc``: live processes' own
time, and the postmaster's reaped children). The figure is the median over rounds.

    .venv/bin/python bench/suite_ab.py tests/inbox
    .venv/bin/python bench/suite_ab.py --against HEAD~3 --rounds 3 tests/inbox tests/cases

The last lines printed are the figures, ``name value unit``. Exit status 1 when a run's tests
fail (its CPU would not be comparable).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.proc_cpu import postgres_cpu_seconds  # noqa: E402
from bench.worktree import ROOT, check_revision, checkout_of  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="test files or directories, as for pytest")
    parser.add_argument("--against", help="an earlier revision to measure in the same run")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per checkout (2)")
    parser.add_argument("--processes", type=int, default=2, help="pytest -n (2)")
    return parser.parse_args(argv)


def run(checkout: Path, paths: list[str], processes: int) -> dict:
    """One pytest run in ``checkout``: its CPU (tests and the database server) and wall time."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    database = postgres_cpu_seconds()
    started = time.monotonic()
    done = subprocess.run([str(PYTHON), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-n", str(processes), "--dist", "loadfile", *paths],
                          cwd=checkout, env=env, capture_output=True, text=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tests = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    summary = (done.stdout.strip().splitlines() or [""])[-1]
    database = postgres_cpu_seconds() - database
    return {"cpu": tests + database, "tests": tests, "database": database, "wall": wall,
            "ok": done.returncode == 0, "summary": summary, "output": done.stdout[-3000:]}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.against:
        check_revision(args.against)
    with tempfile.TemporaryDirectory(prefix="suite-ab-") as scratch, \
            contextlib.ExitStack() as stack:
        checkouts = {"current": ROOT}
        if args.against:
            checkouts[args.against] = stack.enter_context(checkout_of(args.against,
                                                                      Path(scratch)))
        results: dict[str, list[dict]] = {name: [] for name in checkouts}
        for round_no in range(1, args.rounds + 1):
            for name, path in checkouts.items():
                result = run(path, args.paths, args.processes)
                results[name].append(result)
                print(f"  round {round_no} {name}: {result['tests']:.1f} s CPU tests, "
                      f"{result['database']:.1f} s database, {result['wall']:.1f} s wall — "
                      f"{result['summary']}", flush=True)
                if not result["ok"]:
                    print(result["output"], file=sys.stderr)
                    return 1

    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in results[name])

    current = median("current", "cpu")
    print(f"suite_cpu {current:.1f} s")
    print(f"suite_wall {median('current', 'wall'):.1f} s")
    if args.against:
        before = median(args.against, "cpu")
        print(f"suite_cpu_against {before:.1f} s")
        print(f"suite_wall_against {median(args.against, 'wall'):.1f} s")
        print(f"suite_cpu_ratio {current / before:.3f} ratio")
    return 0


if __name__ == "__main__":
    sys.exit(main())
