"""``python -m portal.demo.serve``: the demo's web server, outbox worker and mail catcher.

scripts/run ends here. The three run as children of this process; Ctrl-C or SIGTERM on it,
or the web server or mail catcher ending, stops all three, so nothing is left holding the port
or the Maildir. The outbox worker is started again whenever it exits.
It is Python rather than shell so it behaves the same with macOS's bash 3.2.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

GRACE_SECONDS = 5.0


def run_together(commands: list[list[str]], *, poll: float = 0.2,
                 restart: frozenset[int] = frozenset(), restart_pause: float = 2.0) -> int:
    """Runs ``commands`` side by side until a signal arrives or one of them exits.

    The children whose index is in ``restart`` (the outbox worker) are started again when
    they exit, ``restart_pause`` seconds later, as systemd's ``Restart=always`` would: a
    worker that gave up while the database was away comes back by itself.
    Returns the exit status to pass on: 0 after SIGINT/SIGTERM, else the first child's.
    """
    stop = {"signal": None}

    def on_signal(signum, _frame) -> None:
        stop["signal"] = signum

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    # Own process groups: a Ctrl-C in the terminal reaches this process only, which then
    # stops each child in order instead of leaving them to race.
    children = [subprocess.Popen(c, start_new_session=True) for c in commands]
    due: dict[int, float] = {}  # index -> when a restartable child starts again
    try:
        status = 0
        while stop["signal"] is None:
            ended = [i for i, child in enumerate(children)
                     if child.poll() is not None and i not in due]
            final = [i for i in ended if i not in restart]
            if final:
                status = children[final[0]].returncode or 0
                break
            for i in ended:
                print(f"{' '.join(commands[i][-2:])} exited with status "
                      f"{children[i].returncode}; starting it again in {restart_pause:g} s",
                      file=sys.stderr, flush=True)
                due[i] = time.monotonic() + restart_pause
            for i, when in list(due.items()):
                if time.monotonic() >= when:
                    children[i] = subprocess.Popen(commands[i], start_new_session=True)
                    del due[i]
            time.sleep(poll)
        return status
    finally:
        _stop_all(children)
        for signum, handler in previous.items():
            signal.signal(signum, handler)


WORKER = 1  # the index of the outbox worker in :func:`demo_commands`


def _stop_all(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def demo_commands(bin_dir: Path, port: int, mail_port: int, maildir: Path) -> list[list[str]]:
    """The mail catcher (a Maildir), the outbox worker and the web server."""
    python, flask = str(bin_dir / "python"), str(bin_dir / "flask")
    return [
        [python, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{mail_port}",
         "-c", "aiosmtpd.handlers.Mailbox", str(maildir)],
        [flask, "--app", "wsgi", "worker"],
        [flask, "--app", "wsgi", "run", "--host", "127.0.0.1", "--port", str(port)],
    ]


def main() -> int:
    port = int(os.environ.get("PORTAL_PORT", "5000"))
    mail_port = int(os.environ.get("PORTAL_MAIL_PORT", "8025"))
    maildir = Path("instance/mail").resolve()
    for sub in ("tmp", "new", "cur"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    print(f"Portal: http://127.0.0.1:{port}  (Ctrl+C stops the portal, the worker and the "
          f"mail catcher; e-mail lands in {maildir}/new)", flush=True)
    return run_together(demo_commands(Path(sys.executable).parent, port, mail_port, maildir),
                        restart=frozenset({WORKER}))


if __name__ == "__main__":
    sys.exit(main())
