"""A local HTTP server (a real socket) speaking the Facebook Graph API and the LINE Messaging
API as their documentation shows them: the success shapes, the error envelope with each error
code, throttling headers, slow answers past the client's timeout and dropped connections.

Used by the channel tests (threaded, in the test process) and by bench/outbox_drain.py (as its
own process: ``python -m tests.channels.fake_services --port N``).

Faults are scripted per route and consumed in order: ``server.script("fb_post", Fault(...))``.
Routes: fb_post, fb_edit, fb_delete, fb_get, fb_published, line_broadcast, line_info.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import hmac
import json
import re
import socket
import threading
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PAGE_ID = "102030405060"
PAGE_TOKEN = "EAAG-page-token"
APP_SECRET = "app-secret-123"
LINE_TOKEN = "line-channel-access-token"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


@dataclass
class Fault:
    """One scripted misbehaviour.

    kind: "error" (status + Graph code, or LINE status), "bare" (status and headers with an
    HTML body and no Graph error, as an edge proxy's 429 or 502), "slow" (sleep, then answer
    normally), "drop" (close the socket without answering), "slow_after" / "drop_after" /
    "error_after" (do the work — the post exists — then sleep, drop or answer an error: the
    answer that says so never arrives).
    """

    kind: str
    status: int = 400
    code: int | None = None
    subcode: int | None = None
    seconds: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "An error occurred"


@dataclass
class ServiceState:
    page_id: str = PAGE_ID
    page_token: str = PAGE_TOKEN
    app_secret: str | None = APP_SECRET
    line_token: str = LINE_TOKEN
    posts: dict[str, dict] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    edits: list[tuple[str, str]] = field(default_factory=list)
    broadcasts: dict[str, dict] = field(default_factory=dict)  # retry key → message
    calls: list[tuple[str, str]] = field(default_factory=list)
    # Where each Graph call carried the page token: "header", "body" or "query" (the last one
    # ends up in proxies' and servers' access logs; the client must never use it).
    token_places: list[tuple[str, str]] = field(default_factory=list)
    faults: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    counter: int = 0
    latency: float = 0.0  # seconds added to every answer (a distant service)
    page_followers: int = 879  # the Page's likes in the office's own count
    line_friends: int = 312
    lock: threading.Lock = field(default_factory=threading.Lock)


class FakeServices:
    """Owns the server thread; ``base_url`` for both PORTAL_FACEBOOK_GRAPH_URL and LINE."""

    def __init__(self, port: int = 0, quiet_log: bool = True) -> None:
        self.state = ServiceState()
        handler = type("Handler", (ServiceHandler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> FakeServices:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def script(self, route: str, *faults: Fault) -> None:
        with self.state.lock:
            self.state.faults[route].extend(faults)

    def posts_with(self, reference: str) -> list[dict]:
        return [p for p in self.state.posts.values() if reference in p["message"]]

    def add_post(self, message: str, created: float | None = None, link: str = "") -> str:
        """A post made on the page by someone else (or long ago); returns its id."""
        with self.state.lock:
            self.state.counter += 1
            post_id = f"{self.state.page_id}_{1000 + self.state.counter}"
            self.state.posts[post_id] = {
                "n": self.state.counter, "id": post_id, "message": message, "link": link,
                "created_time": time.strftime("%Y-%m-%dT%H:%M:%S+0000",
                                              time.gmtime(created or time.time())),
                "permalink_url": f"https://www.facebook.com/{self.state.page_id}/posts/"
                                 f"{1000 + self.state.counter}"}
        return post_id

    def calls_to(self, route: str) -> int:
        return sum(1 for r, _path in self.state.calls if r == route)


class ServiceHandler(BaseHTTPRequestHandler):
    state: ServiceState
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle's algorithm and the client's
    # delayed ACK stall every keep-alive answer by ~40 ms, as no real service does.
    disable_nagle_algorithm = True

    def log_message(self, *_args) -> None:  # quiet: thousands of requests in the benchmark
        return

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    # --- plumbing -------------------------------------------------------------------------
    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        self.query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        content_type = self.headers.get("Content-Type", "")
        if "json" in content_type:
            self.body = json.loads(raw or b"{}")
        else:
            self.body = {k: v[-1] for k, v in parse_qs(raw.decode()).items()}
        route, args = self._route(method, url.path)
        with self.state.lock:
            self.state.calls.append((route, url.path))
            queue = self.state.faults.get(route)
            fault = queue.popleft() if queue else None
        if self.state.latency:
            time.sleep(self.state.latency)
        if fault and fault.kind == "drop":
            self._drop()
            return
        if fault and fault.kind == "slow":
            time.sleep(fault.seconds)
        if fault and fault.kind == "error":
            self._error(route, fault)
            return
        if fault and fault.kind == "bare":
            self._bare(fault)
            return
        status, payload, headers = getattr(self, f"_{route}")(*args)
        if fault and fault.kind == "drop_after":
            self._drop()
            return
        if fault and fault.kind == "error_after":
            self._error(route, fault)
            return
        if fault and fault.kind == "slow_after":
            time.sleep(fault.seconds)
        self._send(status, payload, headers)

    def _route(self, method: str, path: str) -> tuple[str, tuple]:
        if path == "/_counts" and method == "GET":  # for bench/outbox_drain.py, another process
            return "counts", ()
        if path == "/v2/bot/message/broadcast" and method == "POST":
            return "line_broadcast", ()
        if path == "/v2/bot/info" and method == "GET":
            return "line_info", ()
        if path == "/v2/bot/insight/followers" and method == "GET":
            return "line_followers", ()
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[2] == "feed" and method == "POST":
            return "fb_post", (parts[1],)
        if len(parts) == 3 and parts[2] == "published_posts" and method == "GET":
            return "fb_published", (parts[1],)
        if len(parts) == 2:
            return {"GET": "fb_get", "POST": "fb_edit", "DELETE": "fb_delete"}[method], \
                (parts[1],)
        return "unknown", ()

    def _send(self, status: int, payload: dict, headers: dict | None = None) -> None:
        data = json.dumps(payload).encode()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client gave up
            self._write(status, data, headers)

    def _write(self, status: int, data: bytes, headers: dict | None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _error(self, route: str, fault: Fault) -> None:
        if route.startswith("line"):
            self._send(fault.status, {"message": fault.message, "details": []}, fault.headers)
            return
        error = {"message": fault.message, "type": "OAuthException", "code": fault.code,
                 "fbtrace_id": "AbCdEf123"}
        if fault.subcode:
            error["error_subcode"] = fault.subcode
        self._send(fault.status, {"error": error}, fault.headers)

    def _bare(self, fault: Fault) -> None:
        data = f"<html><body><h1>{fault.status}</h1></body></html>".encode()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(fault.status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            for name, value in fault.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    def _graph_auth(self) -> tuple[int, dict, dict] | None:
        """The token as Graph takes it: ``Authorization: Bearer`` (or ``OAuth``), or an
        ``access_token`` parameter in the body or the query; the proof in either."""
        params = {**self.query, **(self.body if isinstance(self.body, dict) else {})}
        header = self.headers.get("Authorization", "")
        scheme, _, credential = header.partition(" ")
        places = []
        if scheme.lower() in ("bearer", "oauth") and credential:
            places.append("header")
        if "access_token" in self.query:
            places.append("query")
        if isinstance(self.body, dict) and "access_token" in self.body:
            places.append("body")
        with self.state.lock:
            self.state.token_places.extend((self.command, p) for p in places)
        token = credential if "header" in places else params.get("access_token")
        expected_proof = hmac.new(self.state.app_secret.encode(), token.encode(),
                                  hashlib.sha256).hexdigest() if (
            token and self.state.app_secret) else None
        if token != self.state.page_token:
            return 400, {"error": {"message": "Error validating access token: Session has "
                                   "expired", "type": "OAuthException", "code": 190,
                                   "error_subcode": 463, "fbtrace_id": "X"}}, {}
        if expected_proof and params.get("appsecret_proof") != expected_proof:
            return 400, {"error": {"message": "Invalid appsecret_proof provided in the API "
                                   "argument", "type": "GraphMethodException", "code": 100,
                                   "fbtrace_id": "X"}}, {}
        return None

    # --- Facebook Graph ---------------------------------------------------------------------
    def _fb_post(self, page_id: str):
        if refused := self._graph_auth():
            return refused
        if page_id != self.state.page_id or not self.body.get("message"):
            return 400, {"error": {"message": "(#100) Invalid parameter", "code": 100,
                                   "type": "OAuthException", "fbtrace_id": "X"}}, {}
        with self.state.lock:
            self.state.counter += 1
            post_id = f"{page_id}_{1000 + self.state.counter}"
            self.state.posts[post_id] = {
                "n": self.state.counter,
                "id": post_id, "message": self.body["message"], "link": self.body.get("link"),
                "created_time": time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime()),
                "permalink_url": f"https://www.facebook.com/{page_id}/posts/"
                                 f"{1000 + self.state.counter}"}
        return 200, {"id": post_id}, {}

    def _fb_get(self, object_id: str):
        if refused := self._graph_auth():
            return refused
        if object_id == self.state.page_id:
            if "followers_count" in self.query.get("fields", ""):
                return 200, {"id": object_id, "followers_count": self.state.page_followers}, {}
            return 200, {"id": object_id, "name": "Nakhonpanom 2"}, {}
        post = self.state.posts.get(object_id)
        if post is None:
            return 400, {"error": {"message": "Unsupported get request. Object with ID does "
                                   "not exist", "type": "GraphMethodException", "code": 100,
                                   "error_subcode": 33, "fbtrace_id": "X"}}, {}
        fields = self.query.get("fields", "")
        answer = {"id": object_id}
        if "permalink_url" in fields:
            answer["permalink_url"] = post["permalink_url"]
        if "reactions" in fields:
            answer["reactions"] = {"data": [], "summary": {"total_count": 12}}
            answer["comments"] = {"data": [], "summary": {"order": "ranked",
                                                          "total_count": 4}}
            answer["shares"] = {"count": 3}
        return 200, answer, {}

    def _fb_edit(self, post_id: str):
        if refused := self._graph_auth():
            return refused
        post = self.state.posts.get(post_id)
        if post is None:
            return 400, {"error": {"message": "Object does not exist", "code": 100,
                                   "type": "GraphMethodException", "fbtrace_id": "X"}}, {}
        post["message"] = self.body["message"]
        self.state.edits.append((post_id, self.body["message"]))
        return 200, {"success": True}, {}

    def _fb_delete(self, post_id: str):
        if refused := self._graph_auth():
            return refused
        with self.state.lock:
            post = self.state.posts.pop(post_id, None)
        if post is None:
            return 400, {"error": {"message": "Unsupported delete request.", "code": 100,
                                   "error_subcode": 33, "type": "GraphMethodException",
                                   "fbtrace_id": "X"}}, {}
        self.state.deleted.append(post_id)
        return 200, {"success": True}, {}

    def _fb_published(self, page_id: str):
        if refused := self._graph_auth():
            return refused
        limit = int(self.query.get("limit", 25))
        start = int(self.query.get("after", "0") or 0)
        since = time.strftime("%Y-%m-%dT%H:%M:%S+0000",
                              time.gmtime(int(self.query.get("since", "0") or 0)))
        # Newest first; ``since`` (a Unix time) keeps posts created then or later, as Graph's
        # time-based paging does. Same-second posts keep their creation order.
        posts = sorted((p for p in self.state.posts.values() if p.get("created_time", "") >= since),
                       key=lambda p: (p.get("created_time", ""), p.get("n", 0)), reverse=True)
        chunk = posts[start:start + limit]
        answer = {"data": [{k: p[k] for k in ("id", "message", "permalink_url",
                                              "created_time")} for p in chunk]}
        if start + limit < len(posts):
            answer["paging"] = {"cursors": {"before": str(start), "after": str(start + limit)},
                                "next": f"http://127.0.0.1/{page_id}/published_posts"}
        return 200, answer, {}

    # --- LINE Messaging API -----------------------------------------------------------------
    def _line_auth(self):
        if self.headers.get("Authorization") != f"Bearer {self.state.line_token}":
            return 401, {"message": "Authentication failed. Confirm that the access token in "
                                    "the authorization header is valid."}, {}
        return None

    def _line_broadcast(self):
        if refused := self._line_auth():
            return refused
        key = self.headers.get("X-Line-Retry-Key", "")
        if key and not UUID_RE.match(key):
            return 400, {"message": "The value for the 'X-Line-Retry-Key' header is "
                                    "invalid"}, {}
        messages = self.body.get("messages") or []
        if not messages or any(m.get("type") != "text" or not m.get("text") for m in messages):
            return 400, {"message": "The request body has 1 error(s)",
                         "details": [{"message": "must be specified",
                                      "property": "messages[0].text"}]}, {}
        with self.state.lock:
            if key in self.state.broadcasts:
                accepted = self.state.broadcasts[key]["request_id"]
                return 409, {"message": "The retry key is already accepted"}, {
                    "x-line-accepted-request-id": accepted, "x-line-request-id": "dup"}
            request_id = uuid.uuid4().hex
            self.state.broadcasts[key or request_id] = {"request_id": request_id,
                                                        "messages": messages}
        return 200, {}, {"x-line-request-id": request_id}

    def _line_info(self):
        if refused := self._line_auth():
            return refused
        return 200, {"userId": "U4af4980629", "basicId": "@216ru", "displayName":
                     "สพป.นครพนม เขต 2", "chatMode": "bot", "markAsReadMode": "auto"}, {}

    def _line_followers(self):
        if refused := self._line_auth():
            return refused
        day = self.query.get("date", "")
        if not re.fullmatch(r"\d{8}", day):
            return 400, {"message": "The request body has 1 error(s)"}, {}
        return 200, {"status": "ready", "followers": self.state.line_friends,
                     "targetedReaches": self.state.line_friends - 20, "blocks": 20}, {}

    # --- what was done, for a process that cannot read ``state`` -----------------------------
    def _counts(self):
        with self.state.lock:
            calls = defaultdict(int)
            for route, _path in self.state.calls:
                calls[route] += 1
            return 200, {"posts": len(self.state.posts),
                         "broadcasts": len(self.state.broadcasts), "calls": calls}, {}

    def _unknown(self):
        return 404, {"message": "Not found"}, {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    services = FakeServices(args.port).start()
    print(services.port, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        services.stop()


if __name__ == "__main__":
    main()
