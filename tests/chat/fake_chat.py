"""Local HTTP servers (real sockets) speaking LINE's Messaging API for chat and Meta's Send API
as their documentation shows them, and webhook senders that sign events as LINE and Meta do.

LINE: ``POST /v2/bot/message/reply`` (a reply token is good once, for ``reply_ttl`` seconds
after the event that carried it: "Invalid reply token" otherwise), ``POST
/v2/bot/message/push`` (``X-Line-Retry-Key``: 409 with ``X-Line-Accepted-Request-Id`` on a
repeat; 429 "You have reached your monthly limit." past ``monthly_limit``), ``GET
/v2/bot/profile/{userId}``, ``GET /v2/bot/message/{id}/content`` (api-data), rich menus.
Meta: ``POST /{version}/me/messages`` (24 h standard window, 7 days with ``HUMAN_AGENT``:
error 10 / subcode 2018278 outside), ``GET /{version}/{psid}`` profile, attachment downloads.
Faults are scripted per route, consumed in order: ``server.script("line_push", Fault(...))``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LINE_TOKEN = "line-chat-access-token"
LINE_SECRET = "line-channel-secret-0123"
PAGE_ID = "102030405060"
PAGE_TOKEN = "EAAG-page-token"
APP_SECRET = "app-secret-123"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
DAY = 24 * 3600


@dataclass
class Fault:
    """``error``: answer ``status`` (LINE: message; Graph: ``code``/``subcode``) with
    ``headers``; ``drop``: close without answering; ``slow``: sleep ``seconds`` first."""

    kind: str = "error"
    status: int = 500
    code: int | None = None
    subcode: int | None = None
    seconds: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "An error occurred"


@dataclass
class ChatState:
    reply_ttl: float = 60.0
    monthly_limit: int = 10_000
    reply_tokens: dict[str, dict] = field(default_factory=dict)  # token → {to, issued, used}
    replies: list[dict] = field(default_factory=list)
    pushes: dict[str, dict] = field(default_factory=dict)  # retry key → {to, messages}
    push_count: int = 0
    profiles: dict[str, str] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    rich_menus: dict[str, dict] = field(default_factory=dict)
    default_rich_menu: str = ""
    sent: list[dict] = field(default_factory=list)  # Messenger Send API calls accepted
    last_user_message: dict[str, float] = field(default_factory=dict)  # psid → time
    calls: list[str] = field(default_factory=list)
    faults: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def texts_to(self, user: str) -> list[str]:
        """Every text LINE or Messenger delivered to ``user``, in order."""
        found = []
        for reply in self.replies:
            if reply["to"] == user:
                found += [m["text"] for m in reply["messages"]]
        for push in self.pushes.values():
            if push["to"] == user:
                found += [m["text"] for m in push["messages"]]
        found += [s["message"]["text"] for s in self.sent if s["to"] == user]
        return found


class FakeChat:
    def __init__(self, port: int = 0) -> None:
        self.state = ChatState()
        handler = type("Handler", (ChatHandler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> FakeChat:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def script(self, route: str, *faults: Fault) -> None:
        with self.state.lock:
            self.state.faults[route].extend(faults)

    def calls_to(self, route: str) -> int:
        return self.state.calls.count(route)

    def issue_reply_token(self, user: str, issued: float | None = None) -> str:
        token = uuid.uuid4().hex
        with self.state.lock:
            self.state.reply_tokens[token] = {
                "to": user,
                "issued": issued or time.time(),
                "used": False,
            }
        return token


class ChatHandler(BaseHTTPRequestHandler):
    state: ChatState
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *_args) -> None:
        return

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        self.raw = self.rfile.read(length) if length else b""
        self.query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        route, args = self._route(method, url.path)
        with self.state.lock:
            self.state.calls.append(route)
            queue = self.state.faults.get(route)
            fault = queue.popleft() if queue else None
        if fault and fault.kind == "slow":
            time.sleep(fault.seconds)
        if fault and fault.kind == "drop":
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(2)
            return
        if fault and fault.kind == "error":
            self._fault(route, fault)
            return
        status, body, headers = getattr(self, f"_{route}")(*args)
        self._send(status, body, headers)

    def _route(self, method: str, path: str) -> tuple[str, tuple]:
        parts = path.strip("/").split("/")
        if path == "/v2/bot/message/reply" and method == "POST":
            return "line_reply", ()
        if path == "/v2/bot/message/push" and method == "POST":
            return "line_push", ()
        if path == "/v2/bot/richmenu" and method == "POST":
            return "line_richmenu", ()
        if parts[:3] == ["v2", "bot", "profile"] and len(parts) == 4:
            return "line_profile", (parts[3],)
        if parts[:3] == ["v2", "bot", "message"] and len(parts) == 5 and parts[4] == "content":
            return "line_content", (parts[3],)
        if parts[:3] == ["v2", "bot", "richmenu"] and len(parts) == 5 and parts[4] == "content":
            return "line_richmenu_image", (parts[3],)
        if parts[:5] == ["v2", "bot", "user", "all", "richmenu"] and len(parts) == 6:
            return "line_richmenu_default", (parts[5],)
        if parts[0] == "cdn" and len(parts) == 2:
            return "fb_attachment", (parts[1],)
        if len(parts) == 3 and parts[1:] == ["me", "messages"] and method == "POST":
            return "fb_send", ()
        if len(parts) == 2 and method == "GET":
            return "fb_profile", (parts[1],)
        return "unknown", ()

    # --- plumbing ---------------------------------------------------------------------------
    def _send(self, status: int, body, headers: dict | None = None) -> None:
        if isinstance(body, bytes):
            data, kind = body, "image/jpeg"
        else:
            data, kind = json.dumps(body).encode(), "application/json"
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    def _fault(self, route: str, fault: Fault) -> None:
        if route.startswith("line"):
            self._send(fault.status, {"message": fault.message, "details": []}, fault.headers)
            return
        error = {
            "message": fault.message,
            "type": "OAuthException",
            "code": fault.code,
            "fbtrace_id": "AbC",
        }
        if fault.subcode:
            error["error_subcode"] = fault.subcode
        self._send(fault.status, {"error": error}, fault.headers)

    def _json(self) -> dict:
        return json.loads(self.raw or b"{}")

    def _line_auth(self):
        if self.headers.get("Authorization") != f"Bearer {LINE_TOKEN}":
            return (
                401,
                {
                    "message": "Authentication failed. Confirm that the access token in "
                    "the authorization header is valid."
                },
                {},
            )
        return None

    @staticmethod
    def _bad_messages(messages) -> str | None:
        if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
            return "Size must be between 1 and 5"
        for m in messages:
            if m.get("type") != "text" or not m.get("text") or len(m["text"]) > 5000:
                return "messages[].text: must be specified and at most 5000 characters"
            items = (m.get("quickReply") or {}).get("items", [])
            if len(items) > 13 or any(len(i["action"].get("label", "")) > 20 for i in items):
                return "quickReply: at most 13 items, labels at most 20 characters"
        return None

    # --- LINE -------------------------------------------------------------------------------
    def _line_reply(self):
        if refused := self._line_auth():
            return refused
        body = self._json()
        if problem := self._bad_messages(body.get("messages")):
            return (
                400,
                {"message": "The request body has 1 error(s)", "details": [{"message": problem}]},
                {},
            )
        with self.state.lock:
            token = self.state.reply_tokens.get(body.get("replyToken", ""))
            if (
                token is None
                or token["used"]
                or time.time() - token["issued"] > self.state.reply_ttl
            ):
                return 400, {"message": "Invalid reply token"}, {}
            token["used"] = True
            self.state.replies.append({"to": token["to"], "messages": body["messages"]})
        return 200, {"sentMessages": [{"id": uuid.uuid4().hex} for _ in body["messages"]]}, {}

    def _line_push(self):
        if refused := self._line_auth():
            return refused
        key = self.headers.get("X-Line-Retry-Key", "")
        if key and not UUID_RE.match(key):
            return 400, {"message": "The value for the 'X-Line-Retry-Key' header is invalid"}, {}
        body = self._json()
        if problem := self._bad_messages(body.get("messages")):
            return (
                400,
                {"message": "The request body has 1 error(s)", "details": [{"message": problem}]},
                {},
            )
        with self.state.lock:
            if key in self.state.pushes:
                return (
                    409,
                    {"message": "The retry key is already accepted"},
                    {"x-line-accepted-request-id": self.state.pushes[key]["request_id"]},
                )
            if self.state.push_count + len(body["messages"]) > self.state.monthly_limit:
                return 429, {"message": "You have reached your monthly limit."}, {}
            self.state.push_count += len(body["messages"])
            request_id = uuid.uuid4().hex
            self.state.pushes[key or request_id] = {
                "to": body.get("to"),
                "request_id": request_id,
                "messages": body["messages"],
            }
        return 200, {"sentMessages": [{"id": uuid.uuid4().hex}]}, {"x-line-request-id": request_id}

    def _line_profile(self, user_id: str):
        if refused := self._line_auth():
            return refused
        name = self.state.profiles.get(user_id)
        if name is None:
            return 404, {"message": "Not found"}, {}
        return 200, {"userId": user_id, "displayName": name, "language": "th"}, {}

    def _line_content(self, message_id: str):
        if refused := self._line_auth():
            return refused
        data = self.state.contents.get(message_id)
        if data is None:
            return 404, {"message": "Not found"}, {}
        return 200, data, {}

    def _line_richmenu(self):
        if refused := self._line_auth():
            return refused
        menu = self._json()
        size = menu.get("size") or {}
        areas = menu.get("areas") or []
        if (
            size.get("width") not in (2500, 1200, 800)
            or not 1 <= len(areas) <= 20
            or len(menu.get("chatBarText", "")) > 14
        ):
            return 400, {"message": "An invalid rich menu object"}, {}
        menu_id = "richmenu-" + uuid.uuid4().hex
        self.state.rich_menus[menu_id] = {"menu": menu, "image": None}
        return 200, {"richMenuId": menu_id}, {}

    def _line_richmenu_image(self, menu_id: str):
        if refused := self._line_auth():
            return refused
        menu = self.state.rich_menus.get(menu_id)
        if menu is None:
            return 404, {"message": "Not found"}, {}
        if (
            self.headers.get("Content-Type") not in ("image/png", "image/jpeg")
            or len(self.raw) > 1024 * 1024
        ):
            return 400, {"message": "Invalid image"}, {}
        menu["image"] = self.raw
        return 200, {}, {}

    def _line_richmenu_default(self, menu_id: str):
        if refused := self._line_auth():
            return refused
        if menu_id not in self.state.rich_menus or not self.state.rich_menus[menu_id]["image"]:
            return 400, {"message": "Must upload richmenu image before applying"}, {}
        self.state.default_rich_menu = menu_id
        return 200, {}, {}

    # --- Meta ---------------------------------------------------------------------------------
    def _graph_auth(self, params: dict):
        if self.headers.get("Authorization") != f"Bearer {PAGE_TOKEN}":
            return (
                400,
                {
                    "error": {
                        "message": "Error validating access token",
                        "code": 190,
                        "type": "OAuthException",
                        "fbtrace_id": "X",
                    }
                },
                {},
            )
        proof = hmac.new(APP_SECRET.encode(), PAGE_TOKEN.encode(), hashlib.sha256).hexdigest()
        if params.get("appsecret_proof") != proof:
            return (
                400,
                {
                    "error": {
                        "message": "Invalid appsecret_proof",
                        "code": 100,
                        "type": "GraphMethodException",
                        "fbtrace_id": "X",
                    }
                },
                {},
            )
        return None

    def _fb_send(self):
        form = {k: v[-1] for k, v in parse_qs(self.raw.decode()).items()}
        if refused := self._graph_auth(form):
            return refused
        try:
            psid = json.loads(form["recipient"])["id"]
            message = json.loads(form["message"])
        except (KeyError, ValueError):
            return (
                400,
                {"error": {"message": "(#100) Invalid parameter", "code": 100, "fbtrace_id": "X"}},
                {},
            )
        kind, tag = form.get("messaging_type"), form.get("tag")
        since = time.time() - self.state.last_user_message.get(psid, 0)
        allowed = (
            DAY
            if kind == "RESPONSE"
            else 7 * DAY
            if (kind == "MESSAGE_TAG" and tag == "HUMAN_AGENT")
            else 0
        )
        if since > allowed:
            return (
                400,
                {
                    "error": {
                        "message": "(#10) This message is sent outside of allowed window.",
                        "type": "OAuthException",
                        "code": 10,
                        "error_subcode": 2018278,
                        "fbtrace_id": "X",
                    }
                },
                {},
            )
        if (
            not message.get("text")
            or len(message["text"]) > 2000
            or len(message.get("quick_replies", [])) > 13
        ):
            return (
                400,
                {"error": {"message": "(#100) Invalid message", "code": 100, "fbtrace_id": "X"}},
                {},
            )
        with self.state.lock:
            self.state.sent.append({"to": psid, "message": message, "type": kind, "tag": tag})
        return 200, {"recipient_id": psid, "message_id": "m_" + uuid.uuid4().hex}, {}

    def _fb_profile(self, psid: str):
        if refused := self._graph_auth(self.query):
            return refused
        name = self.state.profiles.get(psid)
        if name is None:
            return (
                400,
                {"error": {"message": "Object does not exist", "code": 100, "fbtrace_id": "X"}},
                {},
            )
        first, _, last = name.partition(" ")
        return 200, {"first_name": first, "last_name": last, "id": psid}, {}

    def _fb_attachment(self, name: str):
        data = self.state.contents.get(name)
        return (200, data, {}) if data is not None else (404, {"message": "gone"}, {})

    def _unknown(self):
        return 404, {"message": "Not found"}, {}


# --- webhook senders: what LINE and Meta post to the portal --------------------------------
def line_body(*events: dict) -> bytes:
    return json.dumps(
        {"destination": "U0123456789abcdef", "events": list(events)}, ensure_ascii=False
    ).encode()


def line_signature(body: bytes, secret: str = LINE_SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def line_event(
    user: str,
    kind: str = "text",
    *,
    text: str = "",
    data: str = "",
    message_id: str = "",
    reply_token: str = "",
    redelivery: bool = False,
    source: str = "user",
    event_id: str | None = None,
    timestamp: float | None = None,
) -> dict:
    """One LINE webhook event as documented (message, postback, follow)."""
    event = {
        "webhookEventId": event_id or uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": redelivery},
        "mode": "active",
        "timestamp": int((timestamp or time.time()) * 1000),
        "source": {"type": source, "userId": user},
    }
    if source == "group":
        event["source"]["groupId"] = "C" + user
    if reply_token:
        event["replyToken"] = reply_token
    if kind == "follow":
        event["type"] = "follow"
    elif kind == "postback":
        event.update(type="postback", postback={"data": data})
    elif kind == "text":
        event.update(
            type="message",
            message={"type": "text", "id": uuid.uuid4().hex[:18], "quoteToken": "q", "text": text},
        )
    else:
        event.update(
            type="message", message={"type": kind, "id": message_id or uuid.uuid4().hex[:18]}
        )
        if kind == "image":
            event["message"]["contentProvider"] = {"type": "line"}
        if kind == "sticker":
            event["message"].update(packageId="446", stickerId="1988")
    return event


def messenger_body(*items: dict) -> bytes:
    return json.dumps(
        {
            "object": "page",
            "entry": [{"id": PAGE_ID, "time": int(time.time() * 1000), "messaging": list(items)}],
        },
        ensure_ascii=False,
    ).encode()


def messenger_signature(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def messenger_item(
    psid: str,
    *,
    text: str = "",
    payload: str = "",
    quick: str = "",
    image_url: str = "",
    sticker: bool = False,
    mid: str | None = None,
    timestamp: float | None = None,
) -> dict:
    """One ``messaging`` item as documented: a text, quick reply, postback or attachment."""
    item = {
        "sender": {"id": psid},
        "recipient": {"id": PAGE_ID},
        "timestamp": int((timestamp or time.time()) * 1000),
    }
    mid = mid or "m_" + uuid.uuid4().hex
    if payload:
        item["postback"] = {"mid": mid, "title": payload, "payload": payload}
    elif image_url or sticker:
        item["message"] = {
            "mid": mid,
            "attachments": [
                {
                    "type": "image",
                    "payload": {"url": image_url or "https://scontent.xx.fbcdn.net/s"},
                }
            ],
        }
        if sticker:
            item["message"]["sticker_id"] = 369239263222822
    else:
        item["message"] = {"mid": mid, "text": text}
        if quick:
            item["message"]["quick_reply"] = {"payload": quick}
    return item


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = FakeChat(args.port).start()
    print(server.port, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
