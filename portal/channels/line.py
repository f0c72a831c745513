"""A thin Messaging API client for one LINE Official Account: broadcast and bot info.

LINE Notify closed on 31 March 2025; the Messaging API is what remains. A broadcast carries
``X-Line-Retry-Key`` (a UUID fixed per outbox row): LINE answers 409 to a retry of a request
it already accepted, so a resend after a timeout or crash never pushes the message twice.
"""

from __future__ import annotations

import json

import httpx

from portal.channels.errors import (
    MIN_THROTTLE_WAIT,
    ChannelError,
    ErrorKind,
    retry_after,
    transport_error,
)

SERVICE = "LINE"


class LineAccount:
    def __init__(self, client: httpx.Client, base_url: str, token: str) -> None:
        self.client = client
        self.root = base_url.rstrip("/")
        self.token = token

    def broadcast(self, text: str, retry_key: str) -> str:
        """Send a text message to every friend; returns LINE's request id.

        A 409 means this retry key was accepted before: the message went out, so it is sent.
        """
        response = self._request("POST", "/v2/bot/message/broadcast",
                                 json={"messages": [{"type": "text", "text": text}]},
                                 headers={"X-Line-Retry-Key": retry_key})
        if response.status_code == 409:
            return response.headers.get("X-Line-Accepted-Request-Id", "") or retry_key
        self._raise_for(response)
        return response.headers.get("X-Line-Request-Id", "") or retry_key

    def bot_info(self) -> str:
        """``GET /v2/bot/info``: the test-connection call; returns the display name."""
        response = self._request("GET", "/v2/bot/info")
        self._raise_for(response)
        return str(response.json().get("displayName", ""))

    def friends(self, day: str) -> int | None:
        """``GET /v2/bot/insight/followers?date=yyyyMMdd``: friends on that (past) day, or
        None while LINE has not counted it yet (``status`` other than ``ready``)."""
        response = self._request("GET", "/v2/bot/insight/followers", params={"date": day})
        self._raise_for(response)
        answer = response.json()
        return int(answer.get("followers") or 0) if answer.get("status") == "ready" else None

    def _request(self, method: str, path: str, **kwargs) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        try:
            return self.client.request(method, self.root + path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise transport_error(SERVICE, exc) from exc

    def _raise_for(self, response: httpx.Response) -> None:
        if response.is_success:
            return
        raise line_error(response)


def line_error(response: httpx.Response) -> ChannelError:
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = {}
    message = body.get("message") if isinstance(body, dict) else None
    detail = json.dumps({"http": status, "message": message,
                         "details": body.get("details") if isinstance(body, dict) else None,
                         "request_id": response.headers.get("X-Line-Request-Id")},
                        ensure_ascii=False)[:2000]
    if status in (401, 403):
        return ChannelError(ErrorKind.AUTH, "LINE ไม่ยอมรับโทเค็นของบัญชี (หมดอายุ ถูกเพิกถอน "
                            "หรือสิทธิ์ไม่พอ) ช่องทางนี้หยุดส่งไว้จนกว่าจะบันทึกโทเค็นใหม่", detail)
    if status == 429:
        wait = max(retry_after(response.headers), MIN_THROTTLE_WAIT)
        return ChannelError(ErrorKind.THROTTLED, "LINE จำกัดจำนวนข้อความหรือการเรียกใช้ชั่วคราว "
                            f"จะส่งต่อในอีกประมาณ {int(wait.total_seconds() // 60)} นาที",
                            detail, wait=wait)
    if status >= 500:
        return ChannelError(ErrorKind.RETRY, "LINE ขัดข้องชั่วคราว จะลองใหม่", detail,
                            ambiguous=True)
    return ChannelError(ErrorKind.PERMANENT, "LINE ปฏิเสธข้อความนี้เพราะรูปแบบไม่ถูกต้อง "
                        "ระบบจะไม่ส่งซ้ำ", detail)

