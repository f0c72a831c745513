"""A real SMTP server (aiosmtpd, its own process) for the outbox tests, and the app wired to it."""

from __future__ import annotations

import email
import mailbox
import socket
import subprocess
import sys
import time
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select

from portal.cases.submit import CaseSubmission, ContactDetails, SubmittedCase, submit_case
from portal.extensions import db
from portal.models import CaseType, Delivery, Office

SENDER = "สพป.นครพนม เขต 2 <no-reply@nkp2.example>"
HERE = Path(__file__).resolve().parent
START_TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    """``python -m aiosmtpd`` keeping what it receives in a maildir; can stop and start again."""

    def __init__(self, root: Path, handler: str = "aiosmtpd.handlers.Mailbox") -> None:
        self.port = free_port()
        self.handler = handler
        self.maildir = root / "maildir"
        self.log = root / "aiosmtpd.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}",
                   "-c", self.handler, str(self.maildir)]
        with self.log.open("ab") as log:
            # ``-m`` puts the cwd on sys.path, so a handler in this folder can be named too.
            self.process = subprocess.Popen(command, stdout=log, stderr=log, cwd=HERE)
        self._wait_until_listening()

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"aiosmtpd exited with {self.process.returncode}: {self._log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(
            f"aiosmtpd did not accept connections on 127.0.0.1:{self.port} within "
            f"{START_TIMEOUT:.0f} s: {self._log()}"
        )

    def _log(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else "(no log)"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def clear(self) -> None:
        """Forget every message received (the maildir's folders stay, as the server uses them)."""
        for folder in ("new", "cur", "tmp"):
            for path in (self.maildir / folder).glob("*"):
                path.unlink()

    def messages(self) -> list[EmailMessage]:
        """Every message received so far, parsed with the modern e-mail API."""
        if not self.maildir.exists():
            return []
        box = mailbox.Maildir(self.maildir, factory=None, create=False)
        return [email.message_from_bytes(box.get_bytes(key), policy=default_policy)
                for key in sorted(box.keys())]


@pytest.fixture
def smtp_handler() -> str:
    """The aiosmtpd handler class; a module overrides this to get a server that refuses."""
    return "aiosmtpd.handlers.Mailbox"


@pytest.fixture(scope="session")
def smtp_servers(tmp_path_factory):
    """The test process's SMTP servers, one per handler, stopped at the end."""
    servers: dict[str, SmtpServer] = {}
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture
def smtp_server(smtp_servers, smtp_handler, tmp_path_factory):
    """A running SMTP server with an empty maildir. One server per process and handler serves
    every test (each test's app is then the same, too); a test may stop it, and the next test
    finds it started again on the same port."""
    server = smtp_servers.get(smtp_handler)
    if server is None:
        server = SmtpServer(tmp_path_factory.mktemp("smtp"), smtp_handler)
        smtp_servers[smtp_handler] = server
    if not server.running():
        server.start()
    server.clear()
    return server


@pytest.fixture
def app_config(app_config, smtp_server) -> dict:
    # Flask-Mail suppresses sending when TESTING is on; these tests want the real thing.
    return {**app_config, "MAIL_PORT": smtp_server.port, "MAIL_DEFAULT_SENDER": SENDER,
            "MAIL_SUPPRESS_SEND": False}


# A Host header the e-mail's links must not follow: they are built from PORTAL_BASE_URL.
FORGED_HOST = "http://forged-host.example"


def submit_with_email(office: Office, to: str = "reporter@example.org") -> SubmittedCase:
    """A submission whose reporter asked for e-mail, filed (like the public form) during a
    request; not committed."""
    with current_app.test_request_context("/", base_url=FORGED_HOST):
        return submit_case(office, submission_with_email(to))


def submission_with_email(to: str) -> CaseSubmission:
    return CaseSubmission(
        case_type=CaseType.COMPLAINT,
        subject="ครูมาสายเป็นประจำ",
        description="ครูประจำชั้นมาสายเกือบทุกวันในเดือนนี้",
        contact=ContactDetails(name="สมศรี ใจดี", email=to),
    )


@pytest.fixture
def queue_email(app, office):
    """Submit-and-commit a case with an e-mail contact; returns its one Delivery row."""

    def queue(to: str = "reporter@example.org") -> Delivery:
        submitted = submit_with_email(office, to)
        db.session.commit()
        (delivery,) = db.session.scalars(
            select(Delivery).where(Delivery.case_id == submitted.case.id)
        ).all()
        return delivery

    return queue
