"""A small HTTP load generator for the benchmarks: keep-alive clients with cookie sessions.

Only the standard library (plus Pillow, a portal dependency, for the optional photo), so
the benchmarks run from the project's virtual environment with nothing added.
"""

from __future__ import annotations

import http.client
import io
import math
import random
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

COMPLAINT_GROUP = "ร้องเรียน"  # the optgroup of complaint categories in the Thai form


class Client:
    """One keep-alive connection and one cookie jar, like one browser tab."""

    def __init__(self, host: str, port: int, timeout: float = 60.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        sent = {"Accept-Language": "th-TH,th;q=0.9", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=sent)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        self._store_cookies(response.msg.get_all("Set-Cookie") or [])
        # When the server says ``Connection: close`` (gunicorn's sync workers always do),
        # http.client closes the socket and opens a new one for the next request.
        return response.status, response.msg, data

    def _store_cookies(self, headers: list[str]) -> None:
        for header in headers:
            pair, *attrs = header.split(";")
            name, _, value = pair.strip().partition("=")
            expired = any(a.strip().lower() == "max-age=0" for a in attrs)
            if expired or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.csrf: str | None = None
        self.select: str | None = None
        self.group: str | None = None
        self.options: dict[str, list[tuple[str | None, str]]] = defaultdict(list)

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("name") == "csrf_token":
            self.csrf = a.get("value")
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "optgroup":
            self.group = a.get("label")
        elif tag == "option" and self.select:
            self.options[self.select].append((self.group, a.get("value") or ""))

    def handle_endtag(self, tag) -> None:
        if tag == "select":
            self.select = self.group = None
        elif tag == "optgroup":
            self.group = None


def parse_form(html: str) -> _FormParser:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser


@dataclass
class FormOptions:
    """What a reporter can pick in the form: complaint categories and schools."""

    categories: list[str]
    schools: list[str]

    @classmethod
    def from_html(cls, html: str) -> FormOptions:
        form = parse_form(html)
        categories = [v for g, v in form.options["category_id"]
                      if g == COMPLAINT_GROUP and v.isdigit()]
        schools = [v for _, v in form.options["school_id"] if v.isdigit()]
        if not categories or not schools:
            raise RuntimeError(
                f"/submit offers {len(categories)} complaint categories and "
                f"{len(schools)} schools; the benchmark needs at least one of each"
            )
        return cls(categories, schools)


SUBJECTS = [
    "อาหารกลางวันไม่เพียงพอและไม่ถูกสุขลักษณะ",
    "ครูตีนักเรียนในห้องเรียนรุนแรงเกินกว่าเหตุ",
    "หลังคาอาคารเรียนรั่วซึมเวลาฝนตก",
    "เรียกเก็บเงินบำรุงการศึกษาเพิ่มโดยไม่มีใบเสร็จ",
    "รถรับส่งนักเรียนบรรทุกเด็กเกินจำนวนที่นั่ง",
    "ห้องน้ำนักเรียนชำรุดและไม่มีน้ำใช้",
    "ครูไม่เข้าสอนตามตารางเป็นประจำ",
    "นมโรงเรียนหมดอายุก่อนแจกให้นักเรียน",
]
DESCRIPTIONS = [
    "ลูกของดิฉันเรียนอยู่ชั้นประถมศึกษาปีที่ ๓ เล่าว่าอาหารกลางวันมีแต่ผักต้มกับข้าว "
    "ไม่มีเนื้อสัตว์มาหลายสัปดาห์แล้ว บางวันข้าวไม่พอ เด็กที่มาทีหลังต้องกินขนมแทน "
    "อยากให้เขตพื้นที่ตรวจสอบการใช้งบประมาณอาหารกลางวันของโรงเรียนด้วยค่ะ",
    "เมื่อวันจันทร์ที่ผ่านมา ครูประจำชั้นใช้ไม้เรียวตีนักเรียนหลายคนจนเป็นรอยช้ำ "
    "เพราะส่งการบ้านไม่ครบ ผู้ปกครองหลายคนไม่สบายใจ ขอให้ตรวจสอบและหาทางแก้ไข "
    "โดยไม่ให้เด็กถูกกลั่นแกล้งภายหลัง",
    "อาคารเรียนหลังที่ ๒ หลังคารั่วหลายจุด เวลาฝนตกน้ำหยดลงโต๊ะเรียนและพื้นลื่น "
    "มีนักเรียนหกล้มไปแล้วสองคน แจ้งโรงเรียนไปตั้งแต่ภาคเรียนที่แล้วยังไม่ได้ซ่อม "
    "จึงขอความอนุเคราะห์ให้เขตพื้นที่ช่วยจัดสรรงบซ่อมแซม",
    "โรงเรียนเรียกเก็บเงินค่าบำรุงการศึกษาคนละ ๕๐๐ บาท โดยบอกว่าเป็นค่าอุปกรณ์ "
    "แต่ไม่ออกใบเสร็จรับเงินและไม่ได้แจ้งในที่ประชุมผู้ปกครอง อยากทราบว่าเก็บได้หรือไม่ "
    "และเงินนำไปใช้ทำอะไร",
    "รถตู้รับส่งนักเรียนหมู่บ้านโนนสะอาดบรรทุกเด็กเกือบยี่สิบคนในรถสิบสองที่นั่ง "
    "ขับเร็วบนถนนลูกรัง เกรงว่าจะเกิดอุบัติเหตุ ขอให้โรงเรียนและเขตพื้นที่ช่วยกำกับดูแล",
    "ห้องน้ำนักเรียนหญิงชำรุดสามห้องจากห้าห้อง ก๊อกน้ำเสียและไม่มีน้ำใช้ช่วงบ่าย "
    "นักเรียนต้องกลั้นปัสสาวะจนกลับบ้าน ขอให้ช่วยซ่อมแซมโดยเร็วเพื่อสุขอนามัยของเด็ก",
]
NAMES = ["สมชาย ใจดี", "มาลี ศรีสุข", "ประเสริฐ คำแก้ว", "Somsri Boonmee", "วิไลวรรณ พรมมา"]


@dataclass
class Submitter:
    """A reporter filing complaints through the public form, one after another."""

    client: Client
    seed: int = 0
    options: FormOptions | None = None
    photo: bytes | None = None
    csrf: str | None = None
    sent: int = 0
    accepted: int = 0  # submissions answered 302 -> /receipt, in any phase
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def start_session(self) -> str:
        """GET /submit: the session cookie and the CSRF token every later POST reuses."""
        status, _, body = self.client.request("GET", "/submit")
        html = body.decode("utf-8", "replace")
        self.csrf = parse_form(html).csrf
        if status != 200 or not self.csrf:
            raise RuntimeError(f"GET /submit answered {status} without a CSRF token")
        return html

    def healthz(self) -> str | None:
        status, _, body = self.client.request("GET", "/healthz")
        if status != 200 or body.strip() != b"ok":
            return f"healthz: HTTP {status} {body[:80]!r}"
        return None

    def submit(self) -> str | None:
        """POST one complaint; None when answered ``302 -> /receipt``, else what went wrong."""
        body, content_type = self._multipart()
        status, headers, data = self.client.request(
            "POST", "/submit", body=body,
            headers={"Content-Type": content_type, "Referer": "http://127.0.0.1/submit"},
        )
        location = headers.get("Location", "")
        if status == 302 and urlsplit(location).path == "/receipt":
            self.accepted += 1
            return None
        return f"submit: HTTP {status} Location={location!r} {page_problem(data)}"

    def submit_and_receipt(self) -> str | None:
        """POST one complaint and follow the redirect to the receipt page, as a browser does.

        The page must show a case number and the tracking QR code.
        """
        problem = self.submit()
        if problem is not None:
            return problem
        status, _, data = self.client.request(
            "GET", "/receipt", headers={"Referer": "http://127.0.0.1/submit"})
        if status != 200 or b'id="case-number"' not in data or b"data:image/svg+xml" not in data:
            return f"receipt: HTTP {status} {page_problem(data)}"
        return None

    def _fields(self) -> list[tuple[str, str]]:
        rng, opts = self.rng, self.options
        assert opts is not None and self.csrf is not None
        self.sent += 1
        style = self.sent % 3  # anonymous, name + phone, name + e-mail
        occurred = date.today() - timedelta(days=rng.randint(1, 60))
        fields = [
            ("csrf_token", self.csrf),
            ("case_type", "complaint"),
            ("website", ""),  # the honeypot a person never fills
            ("category_id", rng.choice(opts.categories)),
            ("school_id", rng.choice(opts.schools)),
            ("place_text", ""),
            ("subject", rng.choice(SUBJECTS)),
            ("description", rng.choice(DESCRIPTIONS) + f" (แจ้งครั้งที่ {self.sent})"),
            ("occurred_on", f"{occurred.day}/{occurred.month}/{occurred.year + 543}"
             if rng.random() < 0.6 else ""),
        ]
        if style == 0:
            fields.append(("anonymous", "y"))
        fields += [
            ("name", rng.choice(NAMES) if style else ""),
            ("phone", f"08{rng.randint(0, 99_999_999):08d}" if style == 1 else ""),
            ("email", f"reporter{self.seed}.{self.sent}@example.com" if style == 2 else ""),
            ("line_id", ""),
        ]
        return fields

    def _multipart(self) -> tuple[bytes, str]:
        boundary = f"----SujaritBench{self.seed}x{self.sent}x{self.rng.getrandbits(48):x}"
        parts = []
        for name, value in self._fields():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        # A browser always sends the file input, empty when nothing is chosen.
        filename, mimetype, data = (
            ("photo.jpg", "image/jpeg", self.photo) if self.photo
            else ("", "application/octet-stream", b"")
        )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
            f'filename="{filename}"\r\nContent-Type: {mimetype}\r\n\r\n'.encode()
            + data + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def page_problem(data: bytes, limit: int = 240) -> str:
    """What a page says went wrong: its alerts (error summary, flashed messages), or title."""
    html = data.decode("utf-8", "replace")
    alerts = [_text(a) for a in re.findall(r'role="alert"[^>]*>(.*?)</div>', html, re.S)]
    if not alerts:
        alerts = [_text(t) for t in re.findall(r"<title>(.*?)</title>", html, re.S)]
    return ("; ".join(a for a in alerts if a) or _text(html))[:limit]


def make_jpeg(target_bytes: int = 100_000) -> bytes:
    """A photo-like JPEG (noise over gradients) of about ``target_bytes``."""
    from PIL import Image

    size = (800, 600)
    gradient = Image.linear_gradient("L").resize(size)
    channels = [
        Image.blend(gradient.rotate(angle), Image.effect_noise(size, sigma), 0.35)
        for angle, sigma in ((0, 60), (90, 50), (180, 70))
    ]
    image = Image.merge("RGB", channels)
    best = b""
    for quality in range(95, 10, -5):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        best = out.getvalue()
        if len(best) <= target_bytes * 1.1:
            break
    return best


@dataclass
class PhaseResult:
    seconds: float
    ok_in_window: int = 0  # answered correctly before the phase's deadline
    ok_total: int = 0  # including requests that were in flight at the deadline
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    failure_count: int = 0
    client_cpu: float = 0.0  # CPU seconds this process (all client threads) used

    @property
    def rate(self) -> float:
        return self.ok_in_window / self.seconds if self.seconds else 0.0

    def merge(self, other: PhaseResult) -> None:
        self.ok_in_window += other.ok_in_window
        self.ok_total += other.ok_total
        self.latencies.extend(other.latencies)
        self.failure_count += other.failure_count
        self.failures.extend(other.failures[: max(0, 10 - len(self.failures))])


def run_phase(submitters: list[Submitter], kind: str, seconds: float) -> PhaseResult:
    """Every submitter repeats ``kind`` for ``seconds``, together: "healthz", "submit", or
    "receipt" (a submission and then its receipt page, as a browser follows the redirect).

    Only requests that complete inside the window count towards the rate, so the window is
    exactly ``seconds`` long whatever is in flight when it closes.
    """
    for s in submitters:
        s.client.close()  # a fresh connection: an idle keep-alive one may have timed out
    results = [PhaseResult(seconds) for _ in submitters]
    barrier = threading.Barrier(len(submitters) + 1)
    window: dict[str, float] = {}

    def work(submitter: Submitter, out: PhaseResult) -> None:
        action = {"healthz": submitter.healthz, "submit": submitter.submit,
                  "receipt": submitter.submit_and_receipt}[kind]
        barrier.wait()
        deadline = window["deadline"]
        while True:
            started = time.perf_counter()
            if started >= deadline:
                return
            try:
                problem = action()
            except (OSError, http.client.HTTPException) as exc:
                problem = f"{kind}: {type(exc).__name__}: {exc}"
            finished = time.perf_counter()
            if problem is not None:
                out.failure_count += 1
                if len(out.failures) < 10:
                    out.failures.append(problem)
                continue
            out.ok_total += 1
            if finished <= deadline:
                out.ok_in_window += 1
                out.latencies.append(finished - started)

    threads = [threading.Thread(target=work, args=(s, r), daemon=True)
               for s, r in zip(submitters, results, strict=True)]
    for t in threads:
        t.start()
    cpu_before = time.process_time()
    window["deadline"] = time.perf_counter() + seconds
    barrier.wait()
    for t in threads:
        t.join()
    total = PhaseResult(seconds)
    for r in results:
        total.merge(r)
    total.client_cpu = time.process_time() - cpu_before
    return total


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(pct / 100 * len(ordered))))
    return ordered[rank - 1]
