"""scripts/run's supervisor starts the outbox worker again when it exits."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from portal.demo.serve import WORKER, demo_commands

ROOT = Path(__file__).resolve().parents[2]
# Child 0 prints its pid and exits with status 1 at once (a worker that gave up); child 1
# prints its pid and sleeps (the web server).
SUPERVISOR = textwrap.dedent(r"""
    import sys
    from portal.demo.serve import run_together
    exits = "import os; os.write(1, b'exiting %d\\n' % os.getpid()); raise SystemExit(1)"
    sleeps = "import os, time; os.write(1, b'sleeping %d\\n' % os.getpid()); time.sleep(60)"
    sys.exit(run_together([[sys.executable, "-c", exits], [sys.executable, "-c", sleeps]],
                          poll=0.05, restart=frozenset({0}), restart_pause=0.1))
""")


def test_a_restartable_child_is_started_again_and_the_others_keep_running():
    supervisor = subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        exited, sleeping = set(), set()
        while len(exited) < 3:
            kind, pid = supervisor.stdout.readline().split()
            (exited if kind == "exiting" else sleeping).add(pid)
        assert len(sleeping) == 1  # the web server was never stopped
        assert supervisor.poll() is None
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=10) == 0
        assert "exited with status 1; starting it again" in supervisor.stderr.read()
    finally:
        if supervisor.poll() is None:
            supervisor.kill()


def test_the_restarted_child_is_the_outbox_worker(tmp_path):
    assert demo_commands(tmp_path, 8000, 2525, tmp_path / "mail")[WORKER][-1] == "worker"
