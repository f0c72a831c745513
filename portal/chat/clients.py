"""The chat calls of LINE's Messaging API and Meta's Send API, on the channels' HTTP pool.

Errors come back as :class:`portal.channels.errors.ChannelError`, classified as for posting
(``line_error``, ``graph_error``), with the few chat cases of their own: LINE's invalid or
expired reply token, LINE's monthly limit, and Messenger's closed messaging window.
"""

from __future__ import annotations

import json

import httpx
from flask import current_app

from portal.channels.clients import DEFAULT_LINE_URL, facebook_for
from portal.channels.errors import ChannelError, ErrorKind, transport_error
from portal.channels.facebook import FacebookPage, graph_error
from portal.channels.http import http_client
from portal.channels.line import LineAccount, line_error
from portal.models import ChannelAccount

DEFAULT_LINE_DATA_URL = "https://api-data.line.me"
WINDOW_SUBCODE = 2018278  # "This message is sent outside of allowed window"
NOT_AVAILABLE_CODE = 551  # "This person isn't available right now"


class ReplyTokenRefused(Exception):
    """LINE refused the reply token (used, expired or unknown): push instead."""


class QuotaReached(Exception):
    """LINE's monthly message limit is reached: the message cannot be pushed this month."""


class OutsideWindow(Exception):
    """Messenger refused: outside the window in which the Page may write to this person."""


class LineChat(LineAccount):
    """Reply, push, content, profile and rich menu calls for one LINE Official Account."""

    def __init__(self, client: httpx.Client, base_url: str, data_url: str, token: str) -> None:
        super().__init__(client, base_url, token)
        self.data_root = data_url.rstrip("/")

    def reply(self, reply_token: str, messages: list[dict]) -> None:
        response = self._request(
            "POST", "/v2/bot/message/reply", json={"replyToken": reply_token, "messages": messages}
        )
        if response.status_code == 400 and "reply token" in _message(response).lower():
            raise ReplyTokenRefused(_message(response))
        self._raise_for(response)

    def push(self, to: str, messages: list[dict], retry_key: str) -> str:
        """Push with ``X-Line-Retry-Key``; a 409 means LINE took this key before: sent."""
        response = self._request(
            "POST",
            "/v2/bot/message/push",
            json={"to": to, "messages": messages},
            headers={"X-Line-Retry-Key": retry_key},
        )
        if response.status_code == 409:
            return response.headers.get("X-Line-Accepted-Request-Id", "") or retry_key
        if response.status_code == 429 and "monthly limit" in _message(response).lower():
            raise QuotaReached(_message(response))
        self._raise_for(response)
        return response.headers.get("X-Line-Request-Id", "") or retry_key

    def profile_name(self, user_id: str) -> str:
        response = self._request("GET", f"/v2/bot/profile/{user_id}")
        self._raise_for(response)
        return str(response.json().get("displayName") or "")

    def content(self, message_id: str, max_bytes: int) -> bytes:
        """The bytes of an image the user sent (``api-data``), at most ``max_bytes``."""
        url = f"{self.data_root}/v2/bot/message/{message_id}/content"
        return _download(
            self.client, url, max_bytes, {"Authorization": f"Bearer {self.token}"}, error=line_error
        )

    def create_rich_menu(self, menu: dict, image: bytes) -> str:
        """Create the menu, upload its image and make it every user's default."""
        response = self._request("POST", "/v2/bot/richmenu", json=menu)
        self._raise_for(response)
        menu_id = str(response.json()["richMenuId"])
        try:
            upload = self.client.post(
                f"{self.data_root}/v2/bot/richmenu/{menu_id}/content",
                content=image,
                headers={"Authorization": f"Bearer {self.token}", "Content-Type": "image/png"},
            )
        except httpx.HTTPError as exc:
            raise transport_error("LINE", exc) from exc
        if not upload.is_success:
            raise line_error(upload)
        response = self._request("POST", f"/v2/bot/user/all/richmenu/{menu_id}")
        self._raise_for(response)
        return menu_id


class MessengerPage(FacebookPage):
    """The Send API and user profiles for one Page (``/me`` is the Page with its token)."""

    def send(self, psid: str, message: dict, tag: str | None = None) -> str:
        data = {
            "recipient": json.dumps({"id": psid}),
            "message": json.dumps(message, ensure_ascii=False),
            "messaging_type": "MESSAGE_TAG" if tag else "RESPONSE",
        }
        if tag:
            data["tag"] = tag
        try:
            answer = self._call("POST", "me/messages", data=data)
        except ChannelError as exc:
            subcode = _subcode(exc)
            if exc.code == 10 and subcode == WINDOW_SUBCODE:
                raise OutsideWindow(exc.detail) from exc
            if exc.code == NOT_AVAILABLE_CODE:
                raise ChannelError(
                    ErrorKind.PERMANENT,
                    "ผู้ใช้ Messenger รายนี้ไม่รับข้อความแล้ว",
                    exc.detail,
                    code=exc.code,
                ) from exc
            raise
        return str(answer.get("message_id") or "")

    def profile_name(self, psid: str) -> str:
        answer = self._call("GET", psid, params={"fields": "first_name,last_name"})
        return " ".join(p for p in (answer.get("first_name"), answer.get("last_name")) if p)

    def attachment(self, url: str, max_bytes: int) -> bytes:
        """An attachment a user sent: a plain download from Meta's CDN address."""
        return _download(self.client, url, max_bytes, {}, error=_graph_download_error)


def line_chat_for(account: ChannelAccount) -> LineChat:
    config = current_app.config
    return LineChat(
        http_client(),
        config.get("PORTAL_LINE_API_URL") or DEFAULT_LINE_URL,
        config.get("PORTAL_LINE_DATA_URL") or DEFAULT_LINE_DATA_URL,
        account.access_token or "",
    )


def messenger_for(account: ChannelAccount) -> MessengerPage:
    page = facebook_for(account)
    page.__class__ = MessengerPage  # the same settings, with the Send API's calls
    return page


class TooLarge(Exception):
    pass


def _download(client: httpx.Client, url: str, max_bytes: int, headers: dict, *, error) -> bytes:
    try:
        with client.stream("GET", url, headers=headers) as response:
            if not response.is_success:
                response.read()
                raise error(response)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(url)
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.HTTPError as exc:
        raise transport_error("LINE/Messenger", exc) from exc


def _graph_download_error(response: httpx.Response) -> ChannelError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    return graph_error(response.status_code, body, response.headers)


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("message") or "") if isinstance(body, dict) else ""


def _subcode(exc: ChannelError) -> int | None:
    try:
        return json.loads(exc.detail).get("subcode")
    except (ValueError, AttributeError):
        return None
