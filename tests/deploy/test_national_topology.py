"""README.md's national section brought up with real processes (tests/deploy/topology.py):
two offices on one national host, files in S3, two app hosts behind deploy/nginx.conf, one
worker, pgbouncer in transaction mode and Redis. Every request of the walk goes through nginx
over HTTPS, except those that ask one app host directly which host answers what.

PostgreSQL only. Every component is required: one missing fails the test, never skips it.
"""

from __future__ import annotations

import email
import mailbox
import re
import ssl
import time
from urllib.parse import urlsplit

import boto3
import httpx
import psycopg
import pytest

from bench.loadgen import make_jpeg
from portal.security import totp
from tests.deploy.topology import STAFF_PASSWORD, Topology, national_host
from tests.helpers import CSRF_RE, receipt_from, valid_case
from tests.s3_server import (
    ACCESS_KEY,
    SECRET_KEY,
    s3_endpoint,  # noqa: F401  (the session's moto server)
)

HOST = national_host()
BASE = f"https://{HOST}"


@pytest.fixture(scope="module")
def topology(tmp_path_factory, s3_endpoint):  # noqa: F811
    rig = Topology(tmp_path_factory.mktemp("topology"), s3_endpoint)
    try:
        yield rig.start()
    finally:
        rig.stop()


class Browser:
    """One person's browser on the national host, through nginx: cookies, CSRF, Referer."""

    def __init__(self, rig: Topology) -> None:
        trust = ssl.create_default_context(cafile=str(rig.nginx.chain))
        self.http = httpx.Client(base_url=f"https://127.0.0.1:{rig.nginx.port}", verify=trust,
                                 headers={"Host": HOST}, timeout=120)

    def get(self, path: str) -> httpx.Response:
        return self.http.get(path)

    def form(self, path: str, data: dict, files=None, page: str | None = None):
        """POST a form with the CSRF token of ``page`` (default: ``path``), as a browser does."""
        page = page or path
        match = CSRF_RE.search(self.get(page).text)
        assert match, f"no csrf_token on {page}"
        data = {"csrf_token": match.group(1) or match.group(2), **data}
        return self.http.post(path, data=data, files=files, headers={"Referer": BASE + page})

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies.jar)


def upstream(port: int, browser: Browser, method: str, path: str, **kwargs) -> httpx.Response:
    """A request straight to one app host, as nginx would pass it on."""
    headers = {"Host": HOST, "X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "https",
               "Cookie": browser.cookie_header(), "Referer": BASE + path}
    return httpx.request(method, f"http://127.0.0.1:{port}{path}", headers=headers,
                         timeout=120, **kwargs)


def local(location: str) -> str:
    parts = urlsplit(location)
    assert parts.netloc in ("", HOST), location
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sign_in_staff(rig: Topology, office: str, address: str) -> Browser:
    """Password, then the authenticator every account sets up at its first sign-in."""
    staff = Browser(rig)
    answer = staff.form(f"/o/{office}/staff/sign-in",
                        {"email": address, "password": STAFF_PASSWORD})
    assert answer.status_code == 302, answer.text[:500]
    setup = local(answer.headers["Location"])
    assert setup == f"/o/{office}/staff/two-factor/setup"
    secret = re.search(r'id="totp-secret">([^<]+)<', staff.get(setup).text).group(1)
    code = totp.totp(totp.decode_secret(secret), time.time())
    answer = staff.form(setup, {"code": code})
    assert answer.status_code == 302, answer.text[:500]
    return staff


def wait_for_mail(rig: Topology, seconds: float = 30) -> email.message.Message:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if rig.smtp.maildir.exists():
            messages = list(mailbox.Maildir(rig.smtp.maildir))
            if messages:
                assert len(messages) == 1
                return email.message_from_bytes(messages[0].as_bytes())
        time.sleep(0.2)
    raise AssertionError("the worker sent no e-mail; see worker/worker.log")


def bucket_objects(rig: Topology, prefix: str) -> dict[str, bytes]:
    s3 = boto3.client("s3", endpoint_url=rig.endpoint, region_name="us-east-1",
                      aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
    listed = s3.list_objects_v2(Bucket=rig.bucket, Prefix=prefix).get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket=rig.bucket, Key=o["Key"])["Body"].read()
            for o in listed}


def files_under(rig: Topology) -> list[bytes]:
    return [p.read_bytes() for p in rig.root.rglob("*") if p.is_file() and "maildir" not in
            p.parts]


def test_offices_with_s3_and_two_app_hosts_behind_the_shipped_proxy(topology):
    rig = topology
    photo = make_jpeg(60_000)

    # A citizen files a case with a photo at office NP2 and follows it with the receipt.
    citizen = Browser(rig)
    filed = citizen.form("/o/NP2/submit", valid_case(email="somchai@example.com"),
                         files=[("attachments", ("photo.jpg", photo, "image/jpeg"))])
    assert filed.status_code == 302, filed.text[:1000]
    number, receipt = receipt_from(citizen.get(local(filed.headers["Location"])).text)
    assert number.startswith("NP2-")
    found = citizen.form("/o/NP2/track", {"number": number, "receipt": receipt})
    assert local(found.headers["Location"]) == f"/o/NP2/track/{number}"
    assert valid_case()["subject"] in citizen.get(f"/o/NP2/track/{number}").text

    # The photo is in the bucket under the office's prefix, and on no host's disk.
    (key, stored), = bucket_objects(rig, "NP2/attachments/").items()
    assert stored[:3] == b"\xff\xd8\xff"
    on_disk = files_under(rig)
    assert stored not in on_disk and photo not in on_disk

    # Staff of NP2 open the case; its file comes from either host, the same bytes.
    staff = sign_in_staff(rig, "NP2", "intake@np2.example.go.th")
    page = staff.get(f"/o/NP2/staff/cases/{number}")
    assert page.status_code == 200
    link = re.search(rf'href="(/o/NP2/staff/cases/{number}/files/\d+)"', page.text).group(1)
    for _ in range(4):  # nginx takes turns between the hosts
        download = staff.get(link)
        assert download.status_code == 200 and download.content == stored
    for app in rig.apps:
        assert "/files/" in (app.root / "access.log").read_text(), f"{app.root.name} unused"
        direct = upstream(app.port, staff, "GET", link)
        assert direct.status_code == 200 and direct.content == stored

    # ... and get 403 under the other office's prefix.
    assert staff.get("/o/NP3/staff/").status_code == 403
    assert staff.get(f"/o/NP3/staff/cases/{number}").status_code == 403

    # The worker's acknowledgement links to the office's own base on the national host.
    message = wait_for_mail(rig)
    assert message["To"] == "somchai@example.com"
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    body = text.get_payload(decode=True).decode(text.get_content_charset())
    assert f"{BASE}/o/NP2/track?number={number}" in body and "/o/NP3" not in body

    # Wrong receipts counted on app1 are counted on app2 too (Redis): the fourth is refused.
    for _ in range(3):
        wrong = upstream(rig.apps[0].port, citizen, "POST", "/o/NP2/track", data={
            "csrf_token": _token(citizen), "number": number, "receipt": "WRONG-RECEIPT"})
        assert wrong.status_code == 422
    refused = upstream(rig.apps[1].port, citizen, "POST", "/o/NP2/track", data={
        "csrf_token": _token(citizen), "number": number, "receipt": receipt})
    assert refused.status_code == 429

    assert_no_prepared_statement_left(rig)


def _token(browser: Browser) -> str:
    match = CSRF_RE.search(browser.get("/o/NP2/track").text)
    return match.group(1) or match.group(2)


def assert_no_prepared_statement_left(rig: Topology) -> None:
    """Every server connection pgbouncer holds, each asked in a transaction of its own."""
    clients = [psycopg.connect(rig.bouncer.dsn) for _ in range(rig.bouncer.pool_size)]
    try:
        seen = {}
        for conn in clients:  # each client keeps its server until its transaction ends
            seen[conn.execute("SELECT pg_backend_pid()").fetchone()[0]] = conn.execute(
                "SELECT count(*) FROM pg_prepared_statements").fetchone()[0]
        with psycopg.connect(
                f"host=127.0.0.1 port=5432 dbname={rig.database} user=postgres") as direct:
            servers = {row[0] for row in direct.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> "
                "pg_backend_pid()", (rig.database,))}
    finally:
        for conn in clients:
            conn.close()
    assert len(seen) == len(clients) and servers <= set(seen)
    assert seen == dict.fromkeys(seen, 0)
