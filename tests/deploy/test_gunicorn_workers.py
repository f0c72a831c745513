"""gunicorn.conf.py: the master builds the app and the Thai word dictionary once and forks its
workers with them ready; the workers serve pages from the database on their own connections,
and a killed worker's replacement serves Thai pages without building either."""

from __future__ import annotations

import os
import signal
import time

import httpx
import pytest

from bench.fault_rig import Gunicorn
from bench.proc_cpu import cpu_seconds

REDIS_URL = "redis://127.0.0.1:6379/12"  # two workers count rate limits in Redis
WAIT = 120.0  # a shared, busy machine can take a while to start a Python process


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.fixture
def server(app, office, tmp_path):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "FLASK_"))}
    environ.update({
        "PORTAL_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PORTAL_SECRET_KEY": "gunicorn-workers-test",
        "PORTAL_ENCRYPTION_KEY": app.config["PORTAL_ENCRYPTION_KEY"],
        "PORTAL_UPLOAD_DIR": str(tmp_path / "uploads"),
        "PORTAL_BASE_URL": "http://127.0.0.1",
        "PORTAL_REDIS_URL": REDIS_URL,
    })
    gunicorn = Gunicorn(tmp_path, environ, workers=2).start()
    try:
        yield gunicorn
    finally:
        gunicorn.stop()


def serve_home(gunicorn: Gunicorn, office, times: int) -> None:
    """The Thai home page, ``times`` times, each on a new connection (any worker may take it)."""
    with httpx.Client(base_url=f"http://127.0.0.1:{gunicorn.port}", timeout=30) as client:
        for _ in range(times):
            page = client.get("/", headers={"Connection": "close"})
            assert page.status_code == 200 and office.name_th in page.text


def test_workers_are_forked_with_the_app_the_master_built(server, office):
    wait_until(lambda: len(server.worker_pids()) == 2, "two workers")
    master = cpu_seconds(server.process.pid)
    # The workers serve pages from the database, each on connections of its own. A worker
    # loads the app before it takes a request: one that built the portal again would have
    # spent about as much as the master (about 2 s here), not a small part of it.
    serve_home(server, office, 20)
    workers = {pid: cpu_seconds(pid) for pid in server.worker_pids()}
    assert sum(workers.values()) < master / 2, (master, workers)
    # Killed workers are replaced by forks of the master: they serve without building the
    # app, nor the Thai word dictionary those pages use (built by the master before it
    # forked; a worker building it spent about a third of what the master did: measured
    # 0.58 s against 1.44 s without it, 0.12 s against 2.4 s with it).
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    wait_until(lambda: len(set(server.worker_pids()) - set(workers)) == 2, "two new workers")
    serve_home(server, office, 8)
    replacements = {pid: cpu_seconds(pid) for pid in server.worker_pids()}
    assert sum(replacements.values()) < master / 4, (master, replacements)
