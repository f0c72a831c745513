"""A thin Graph API client for one Facebook Page: post, edit, delete, find, read figures.

``facebook-sdk`` has been unmaintained since 2018; this speaks the documented HTTP shapes on
httpx. Every call sends the page token and, when the app secret is set, ``appsecret_proof``
(HMAC-SHA256 of the token keyed by the secret).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from portal.channels.errors import (
    MIN_THROTTLE_WAIT,
    ChannelError,
    ErrorKind,
    transport_error,
)

SERVICE = "Facebook"
RETRY_CODES = {1, 2, 341}
THROTTLE_CODES = {4, 17, 32, 613, 80001}
AUTH_CODES = {190, 10} | set(range(200, 300))
PERMANENT_CODES = {100, 368}
DUPLICATE_CODE = 506
SEARCH_PAGES = 5  # published_posts pages read when looking for a post by its reference


@dataclass
class Post:
    id: str
    permalink: str = ""
    message: str = ""


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
        self.auth = {"access_token": token}
        if self.app_secret:
            self.auth["appsecret_proof"] = hmac.new(self.app_secret.encode(), token.encode(),
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

    def find_published(self, reference: str, since: datetime) -> Post | None:
        """The page's post whose message carries ``reference``, published after ``since``."""
        params: dict[str, Any] | None = {
            "fields": "id,message,permalink_url,created_time", "limit": 100,
            "since": int((since - timedelta(days=1)).timestamp()),
        }
        path = f"{self.page_id}/published_posts"
        for _page in range(SEARCH_PAGES):
            answer = self._call("GET", path, params=params)
            for item in answer.get("data", []):
                if reference in (item.get("message") or ""):
                    return Post(id=str(item["id"]), permalink=item.get("permalink_url") or "",
                                message=item.get("message") or "")
            after = (answer.get("paging") or {}).get("cursors", {}).get("after")
            if not (answer.get("paging") or {}).get("next") or not after:
                return None
            params = {**params, "after": after}
        return None

    def page_name(self) -> str:
        """``GET /{page-id}?fields=name``: the test-connection call."""
        return str(self._call("GET", self.page_id, params={"fields": "name"}).get("name", ""))

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
        auth = self.auth
        if method == "GET":
            params = {**(params or {}), **auth}
        else:
            data = {**(data or {}), **auth}
        try:
            response = self.client.request(method, f"{self.root}/{path}", params=params,
                                           data=data)
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
    code = int(code) if isinstance(code, int | str) and str(code).isdigit() else None
    detail = json.dumps({"http": status, "code": code, "subcode": error.get("error_subcode"),
                         "type": error.get("type"), "message": error.get("message"),
                         "fbtrace_id": error.get("fbtrace_id")}, ensure_ascii=False)[:2000]
    error = classify_graph_code(status, code, headers, detail)
    error.code = code
    return error


def classify_graph_code(status: int, code: int | None, headers: httpx.Headers,
                        detail: str) -> ChannelError:
    if code in THROTTLE_CODES:
        wait = max(throttle_hint(headers), MIN_THROTTLE_WAIT)
        return ChannelError(ErrorKind.THROTTLED, "Facebook จำกัดจำนวนการเรียกใช้ชั่วคราว "
                            f"จะส่งต่อในอีกประมาณ {int(wait.total_seconds() // 60)} นาที",
                            detail, wait=wait)
    if code in AUTH_CODES:
        return ChannelError(ErrorKind.AUTH, "Facebook ไม่ยอมรับโทเคนหรือสิทธิ์ของเพจ "
                            "(หมดอายุ ถูกเพิกถอน หรือสิทธิ์ไม่พอ) ช่องทางนี้หยุดส่งไว้จนกว่าจะบันทึก"
                            "โทเคนใหม่", detail)
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
