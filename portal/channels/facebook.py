"""A thin Graph API client for one Facebook Page: post, edit, delete, list, read figures.

``facebook-sdk`` has been unmaintained since 2018; this speaks the documented HTTP shapes on
httpx. Every call sends the page token in the ``Authorization: Bearer`` header (the OAuth 2.0
way the Graph API accepts, as its Cloud API pages show), never in a URL, where proxies and
access logs keep it; and, when the app secret is set, ``appsecret_proof`` (HMAC-SHA256 of the
token keyed by the secret: useless without the token) as a parameter.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from portal.channels.errors import (
    MIN_THROTTLE_WAIT,
    ChannelError,
    ErrorKind,
    retry_after,
    transport_error,
)
from portal.numbers import plain_int

SERVICE = "Facebook"
RETRY_CODES = {1, 2, 341}
THROTTLE_CODES = {4, 17, 32, 613, 80001}
AUTH_CODES = {190, 10} | set(range(200, 300))
PERMANENT_CODES = {100, 368}
DUPLICATE_CODE = 506
SEARCH_PAGES = 5  # published_posts pages (100 posts each) read when looking for a post


@dataclass
class Post:
    id: str
    permalink: str = ""
    message: str = ""
    created: datetime | None = None  # naive UTC, as Facebook's clock had it


@dataclass
class Engagement:
    reactions: int
    comments: int
    shares: int


class FacebookPage:
    """Calls on behalf of one page; ``client`` is shared (connection pooling)."""

    def __init__(self, client: httpx.Client, base_url: str, version: str, page_id: str,
                 token: str, app_secret: str | None = None) -> None:
        self.client = client
        self.root = f"{base_url.rstrip('/')}/{version.strip('/')}"
        self.page_id = page_id
        self.token = token
        self.app_secret = app_secret or ""
        self.headers = {"Authorization": f"Bearer {token}"}
        self.proof = {}
        if self.app_secret:
            self.proof["appsecret_proof"] = hmac.new(self.app_secret.encode(), token.encode(),
                                                     hashlib.sha256).hexdigest()

    def publish(self, message: str, link: str) -> Post:
        """``POST /{page-id}/feed``; read the ``permalink_url`` with :meth:`permalink`."""
        answer = self._call("POST", f"{self.page_id}/feed", data={"message": message,
                                                                   "link": link})
        return Post(id=str(answer["id"]), message=message)

    def permalink(self, post_id: str) -> str:
        answer = self._call("GET", post_id, params={"fields": "permalink_url"})
        return str(answer.get("permalink_url") or "")

    def edit(self, post_id: str, message: str) -> None:
        """``POST /{post-id}`` with a new message: the post keeps its link, id and comments."""
        self._call("POST", post_id, data={"message": message})

    def delete(self, post_id: str) -> None:
        """``DELETE /{post-id}``; a post that no longer exists raises ``GONE``."""
        try:
            self._call("DELETE", post_id)
        except ChannelError as exc:
            if exc.code == 100:
                raise ChannelError(ErrorKind.GONE, "โพสต์นี้ไม่มีอยู่บน Facebook แล้ว",
                                   exc.detail) from exc
            raise

    def posts_since(self, since: datetime) -> list[Post]:
        """The page's published posts created at or after ``since`` (naive UTC), newest first.

        Reads at most ``SEARCH_PAGES`` pages of ``/{page-id}/published_posts``.
        """
        params: dict[str, Any] = {"fields": "id,message,permalink_url,created_time",
                                  "limit": 100,
                                  "since": int(since.replace(tzinfo=UTC).timestamp())}
        path = f"{self.page_id}/published_posts"
        posts: list[Post] = []
        for _page in range(SEARCH_PAGES):
            answer = self._call("GET", path, params=params)
            for item in answer.get("data", []):
                created = _graph_time(item.get("created_time"))
                if created is not None and created < since:
                    return posts
                posts.append(Post(id=str(item["id"]), permalink=item.get("permalink_url") or "",
                                  message=item.get("message") or "", created=created))
            paging = answer.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            if not paging.get("next") or not after:
                break
            params = {**params, "after": after}
        return posts

    def page_name(self) -> str:
        """``GET /{page-id}?fields=name``: the test-connection call."""
        return str(self._call("GET", self.page_id, params={"fields": "name"}).get("name", ""))

    def followers(self) -> int:
        """``GET /{page-id}?fields=followers_count``: the Page's followers (coverage figures)."""
        answer = self._call("GET", self.page_id, params={"fields": "followers_count"})
        return int(answer.get("followers_count") or 0)

    def engagement(self, post_id: str) -> Engagement:
        fields = ("shares,reactions.summary(total_count).limit(0),"
                  "comments.summary(total_count).limit(0)")
        answer = self._call("GET", post_id, params={"fields": fields})
        return Engagement(
            reactions=int(((answer.get("reactions") or {}).get("summary") or {})
                          .get("total_count", 0)),
            comments=int(((answer.get("comments") or {}).get("summary") or {})
                         .get("total_count", 0)),
            shares=int((answer.get("shares") or {}).get("count", 0)),
        )

    def _call(self, method: str, path: str, params: dict | None = None,
              data: dict | None = None) -> dict[str, Any]:
        if method == "POST":
            data = {**(data or {}), **self.proof}
        else:  # GET and DELETE carry no body: the proof goes in the query, the token never
            params = {**(params or {}), **self.proof}
        try:
            response = self.client.request(method, f"{self.root}/{path}", params=params or None,
                                           data=data, headers=self.headers)
        except httpx.HTTPError as exc:
            raise transport_error(SERVICE, exc) from exc
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.is_success and "error" not in body:
            return body if isinstance(body, dict) else {"data": body}
        raise graph_error(response.status_code, body, response.headers)


def graph_error(status: int, body: Any, headers: httpx.Headers) -> ChannelError:
    """Map a Graph error answer onto what the worker should do (the issue's code table)."""
    error = body.get("error", {}) if isinstance(body, dict) else {}
    code = error.get("code")
    code = plain_int(str(code)) if isinstance(code, int | str) else None
    detail = json.dumps({"http": status, "code": code, "subcode": error.get("error_subcode"),
                         "type": error.get("type"), "message": error.get("message"),
                         "fbtrace_id": error.get("fbtrace_id")}, ensure_ascii=False)[:2000]
    error = classify_graph_code(status, code, headers, detail)
    error.code = code
    return error


def classify_graph_code(status: int, code: int | None, headers: httpx.Headers,
                        detail: str) -> ChannelError:
    error = _classify(status, code, headers, detail)
    told = retry_after(headers)
    if told and (error.wait is None or error.wait < told):
        error.wait = told  # whatever the error, never sooner than the service asked
    return error


def _classify(status: int, code: int | None, headers: httpx.Headers,
              detail: str) -> ChannelError:
    if status == 429 and code is None:
        # A bare 429 (a proxy's or the edge's, without a Graph error body): the request was
        # refused, not made; the channel waits as long as Retry-After says, else 15 minutes.
        wait = retry_after(headers) or MIN_THROTTLE_WAIT
        return ChannelError(ErrorKind.THROTTLED, "Facebook ขอให้หยุดเรียกใช้ชั่วคราว "
                            f"จะส่งต่อในอีกประมาณ {_minutes(wait)} นาที", detail, wait=wait)
    if code in THROTTLE_CODES:
        wait = max(throttle_hint(headers), MIN_THROTTLE_WAIT)
        return ChannelError(ErrorKind.THROTTLED, "Facebook จำกัดจำนวนการเรียกใช้ชั่วคราว "
                            f"จะส่งต่อในอีกประมาณ {_minutes(wait)} นาที",
                            detail, wait=wait)
    if code in AUTH_CODES:
        return ChannelError(ErrorKind.AUTH, "Facebook ไม่ยอมรับโทเค็นหรือสิทธิ์ของเพจ "
                            "(หมดอายุ ถูกเพิกถอน หรือสิทธิ์ไม่พอ) ช่องทางนี้หยุดส่งไว้จนกว่าจะบันทึก"
                            "โทเค็นใหม่", detail)
    if code == DUPLICATE_CODE:
        return ChannelError(ErrorKind.DUPLICATE, "Facebook แจ้งว่าเป็นโพสต์ซ้ำกับที่มีอยู่แล้ว",
                            detail)
    if code == 368:
        return ChannelError(ErrorKind.PERMANENT, "Facebook ระงับการโพสต์นี้ "
                            "(เห็นว่าขัดกับมาตรฐานชุมชน) ระบบจะไม่ส่งซ้ำ", detail)
    if code == 100:
        return ChannelError(ErrorKind.PERMANENT, "Facebook ปฏิเสธคำขอเพราะข้อมูลไม่ถูกต้อง "
                            "(เช่น ลิงก์หรือรหัสโพสต์) ระบบจะไม่ส่งซ้ำ", detail)
    if code in RETRY_CODES or status >= 500:
        return ChannelError(ErrorKind.RETRY, "Facebook ขัดข้องชั่วคราว จะตรวจสอบและลองใหม่",
                            detail, ambiguous=status >= 500)
    return ChannelError(ErrorKind.RETRY, "Facebook ตอบกลับด้วยข้อผิดพลาดที่ไม่รู้จัก จะลองใหม่",
                        detail)


def _minutes(wait: timedelta) -> int:
    return max(1, -(-int(wait.total_seconds()) // 60))  # rounded up: "about 2 minutes" for 120 s


def _graph_time(value: Any) -> datetime | None:
    """Graph's ``2026-12-06T20:31:05+0000`` as naive UTC."""
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z").astimezone(UTC) \
            .replace(tzinfo=None)
    except ValueError:
        return None


def throttle_hint(headers: httpx.Headers) -> timedelta:
    """The longest ``estimated_time_to_regain_access`` (minutes) in the usage headers."""
    minutes = 0
    for name in ("X-Business-Use-Case-Usage", "X-Page-Usage", "X-App-Usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            usage = json.loads(raw)
        except ValueError:
            continue
        entries = [usage] if isinstance(usage, dict) and "call_count" in usage else [
            e for value in (usage.values() if isinstance(usage, dict) else [])
            for e in (value if isinstance(value, list) else [value])]
        for entry in entries:
            if isinstance(entry, dict):
                value = entry.get("estimated_time_to_regain_access", 0)
                if isinstance(value, int | float):
                    minutes = max(minutes, int(value))
    return timedelta(minutes=minutes)
