"""The load client of bench/faults.py: reporters filing through the public form, each request
written to a ledger with its idempotency key and the answer.

A reporter fills the form once (one submission key) and sends it until an answer says what
happened: the receipt page (a case number and receipt), or a page that says, in Thai, that
nothing was filed. A dropped connection, a timeout or a 5xx is retried with the same key and
the same CSRF token, as a browser's retry or a person pressing the button again would.
"""

from __future__ import annotations

import hashlib
import http.client
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bench.loadgen import DESCRIPTIONS, SUBJECTS, Client, FormOptions, parse_form

KEY_RE = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')
NUMBER_RE = re.compile(r'id="case-number">([^<]+)<')
RECEIPT_RE = re.compile(r'id="receipt-code">([^<]+)<')
MARKER_RE = re.compile(r"\[ledger ([0-9a-f]{12})\]")
STORAGE_FULL = "ขณะนี้ระบบบันทึกไฟล์แนบไม่ได้"
CLEAN_WORDS = ("ไม่พร้อมใช้งาน", STORAGE_FULL, "ยังไม่ได้ส่ง", "ยังไม่ถูกบันทึก")
GIVE_UP_SECONDS = 120  # a person trying again for two minutes


@dataclass
class Attempt:
    at: float
    answer: str  # "302 /receipt", "503", "ConnectionResetError", …
    status: int | None


@dataclass
class Submission:
    """One form filled in once, and everything that happened to it."""

    phase: str
    marker: str
    key: str = ""
    email: str = ""
    photo_sha256: str = ""
    attempts: list[Attempt] = field(default_factory=list)
    outcome: str = "unanswered"  # succeeded, failed_clean, unanswered
    number: str = ""
    receipt: str = ""
    message: str = ""

    def as_json(self) -> dict:
        return {
            "phase": self.phase,
            "marker": self.marker,
            "key": self.key,
            "email": self.email,
            "photo": self.photo_sha256,
            "outcome": self.outcome,
            "number": self.number,
            "message": self.message,
            "attempts": [(round(a.at, 3), a.answer) for a in self.attempts],
        }


class Reporter:
    """One browser: a cookie jar and a keep-alive connection."""

    def __init__(self, port: int, seed: int, photo: bytes) -> None:
        self.client = Client("127.0.0.1", port, timeout=60)
        self.photo, self.seed = photo, seed
        self.options: FormOptions | None = None

    def _request(self, sub: Submission | None, method: str, path: str, **kwargs):
        try:
            status, headers, body = self.client.request(method, path, **kwargs)
        except (OSError, http.client.HTTPException) as exc:
            if sub is not None:
                sub.attempts.append(Attempt(time.time(), type(exc).__name__, None))
            return None, None, b""
        if sub is not None:
            where = urlsplit(headers.get("Location", "")).path
            sub.attempts.append(Attempt(time.time(), f"{status} {where}".strip(), status))
        return status, headers, body

    def open_form(self, sub: Submission, deadline: float) -> tuple[str, str] | None:
        """GET /submit until it answers: the CSRF token and the form's submission key."""
        pause = 0.5
        while time.monotonic() < deadline:
            status, _h, body = self._request(sub, "GET", "/submit")
            if status == 200:
                html = body.decode("utf-8", "replace")
                if self.options is None:
                    self.options = FormOptions.from_html(html)
                key = KEY_RE.search(html)
                csrf = parse_form(html).csrf
                if key and csrf:
                    return csrf, key.group(1)
            time.sleep(pause)
            pause = min(pause * 2, 4)
        return None

    def file(
        self,
        sub: Submission,
        form: tuple[str, str] | None,
        index: int,
        with_photo: bool,
        with_email: bool,
    ) -> None:
        """Send the filled-in ``form`` (opened earlier, while the reporter was typing)."""
        deadline = time.monotonic() + GIVE_UP_SECONDS
        if form is None:
            sub.message = "the form never opened"
            return
        csrf, sub.key = form
        if with_email:
            sub.email = f"r-{sub.marker}@example.com"
        if with_photo:
            sub.photo_sha256 = hashlib.sha256(self.photo).hexdigest()
        body, content_type = self._multipart(csrf, sub, index, with_photo)
        pause = 0.5
        while time.monotonic() < deadline:
            status, headers, page = self._request(
                sub,
                "POST",
                "/submit",
                body=body,
                headers={"Content-Type": content_type, "Referer": "http://127.0.0.1/submit"},
            )
            if status == 302 and urlsplit(headers.get("Location", "")).path == "/receipt":
                if self._read_receipt(sub):
                    sub.outcome = "succeeded"
                    return
            elif status is not None and status < 500 or status == 503:
                text = page.decode("utf-8", "replace")
                if STORAGE_FULL in text or status in (400, 422, 429):
                    sub.outcome = "failed_clean" if _says_why(text) else "unanswered"
                    sub.message = f"{status} " + (STORAGE_FULL if STORAGE_FULL in text else "")
                    return
                sub.outcome, sub.message = "failed_clean", f"{status} ระบบไม่พร้อม"
            else:
                sub.outcome = "unanswered"  # until a later try answers
            time.sleep(pause)
            pause = min(pause * 2, 5)
        if sub.outcome != "failed_clean":
            sub.outcome = "unanswered"

    def _read_receipt(self, sub: Submission) -> bool:
        for _ in range(3):
            status, _h, body = self._request(sub, "GET", "/receipt")
            if status == 200:
                html = body.decode("utf-8", "replace")
                number, receipt = NUMBER_RE.search(html), RECEIPT_RE.search(html)
                if number and receipt:
                    sub.number, sub.receipt = number.group(1).strip(), receipt.group(1).strip()
                    return True
            time.sleep(0.5)
        return False  # the POST is sent again with the same key: it shows the receipt again

    def _multipart(
        self, csrf: str, sub: Submission, index: int, with_photo: bool
    ) -> tuple[bytes, str]:
        opts = self.options
        assert opts is not None
        fields = [
            ("csrf_token", csrf),
            ("submission_key", sub.key),
            ("case_type", "complaint"),
            ("website", ""),
            ("category_id", opts.categories[index % len(opts.categories)]),
            ("school_id", opts.schools[index % len(opts.schools)]),
            ("place_text", ""),
            ("subject", SUBJECTS[index % len(SUBJECTS)]),
            ("description", DESCRIPTIONS[index % len(DESCRIPTIONS)] + f" [ledger {sub.marker}]"),
            ("occurred_on", ""),
        ]
        if sub.email:
            fields += [("name", "มาลี ศรีสุข"), ("email", sub.email)]
        else:
            fields += [("anonymous", "y")]
        boundary = f"----SujaritFaults{uuid.uuid4().hex}"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{n}"\r\n\r\n{v}\r\n'.encode()
            for n, v in fields
        ]
        name, data = ("photo.jpg", self.photo) if with_photo else ("", b"")
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
            f'filename="{name}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _says_why(html: str) -> bool:
    return any(words in html for words in CLEAN_WORDS) or "กรุณา" in html


def run_load(
    port: int, phase: str, count: int, seconds: float, photo: bytes, threads: int = 4
) -> list[Submission]:
    """``count`` submissions spread over about ``seconds`` by ``threads`` reporters; a fifth
    with a photo, a third with an e-mail address (an acknowledgement e-mail each)."""
    subs = [Submission(phase=phase, marker=uuid.uuid4().hex[:12]) for _ in range(count)]
    started = time.monotonic()
    interval = seconds / max(count, 1)
    lock = threading.Lock()
    next_index = [0]

    def work(seed: int) -> None:
        reporter = Reporter(port, seed, photo)
        while True:
            with lock:
                index = next_index[0]
                next_index[0] += 1
            if index >= count:
                return
            # The form is opened first and sent at its time, as a person types in between:
            # a fault that starts meanwhile meets the send, not the page load.
            form = reporter.open_form(subs[index], time.monotonic() + GIVE_UP_SECONDS)
            wait = started + index * interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            reporter.file(subs[index], form, index, index % 5 == 0, index % 3 == 1)

    workers = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return subs
