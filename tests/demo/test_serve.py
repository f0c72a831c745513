"""scripts/run's supervisor: a signal or one child ending stops every child."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from portal.demo.serve import demo_commands

# A supervisor over three children, as scripts/run's would be: long sleepers that print their
# pids (and then leave a file named after it in a directory), and in "crash" mode a third
# that ends with status 3 once both sleepers are up, so that no sleeper is stopped before the
# test has read its pid.
SUPERVISOR = textwrap.dedent(r"""
    import sys
    from portal.demo.serve import run_together
    mode, ready = sys.argv[1], sys.argv[2]
    pid_then_sleep = (
        "import os, pathlib, sys, time; os.write(1, b'%d\\n' % os.getpid()); "
        "pathlib.Path(sys.argv[1], str(os.getpid())).touch(); time.sleep(60)")
    crash_when_ready = (
        "import pathlib, sys, time\n"
        "ready, until = pathlib.Path(sys.argv[1]), time.monotonic() + 30\n"
        "while len(list(ready.iterdir())) < 2 and time.monotonic() < until:\n"
        "    time.sleep(0.01)\n"
        "raise SystemExit(3)")
    sleeper = [sys.executable, "-c", pid_then_sleep, ready]
    crash = [sys.executable, "-c", crash_when_ready, ready]
    commands = [sleeper, sleeper, crash if mode == "crash" else sleeper]
    sys.exit(run_together(commands, poll=0.05))
""")
ROOT = Path(__file__).resolve().parents[2]


def _start(mode: str, ready: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SUPERVISOR, mode, str(ready)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie of the supervisor's is gone for our purpose; /proc says which.
    state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    return state != "Z"


def _child_pids(process: subprocess.Popen, count: int) -> list[int]:
    return [int(process.stdout.readline()) for _ in range(count)]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_every_child(signum, tmp_path):
    supervisor = _start("run", tmp_path)
    pids = _child_pids(supervisor, 3)
    assert all(_alive(pid) for pid in pids)
    supervisor.send_signal(signum)
    assert supervisor.wait(timeout=10) == 0
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in pids)


def test_one_child_ending_stops_the_others_and_passes_on_its_status(tmp_path):
    supervisor = _start("crash", tmp_path)
    pids = _child_pids(supervisor, 2)
    assert supervisor.wait(timeout=10) == 3
    assert not any(_alive(pid) for pid in pids)


def test_the_port_is_a_setting(tmp_path):
    web, worker, mail = (demo_commands(tmp_path, 8123, 2525, tmp_path / "mail")[i]
                         for i in (2, 1, 0))
    assert web[-2:] == ["--port", "8123"]
    assert worker[-1] == "worker"
    assert "127.0.0.1:2525" in mail and str(tmp_path / "mail") in mail


def test_scripts_run_reads_the_port_and_turns_the_demo_digest_off():
    script = (ROOT / "scripts" / "run").read_text()
    assert ': "${PORTAL_PORT:=5000}"' in script
    assert ': "${PORTAL_DIGEST_HOUR:=-1}"' in script
    assert script.rstrip().endswith("exec .venv/bin/python -m portal.demo.serve")
