"""A Graph API server on loopback that answers as Meta documents it, for the project's real client.

Shapes followed (developers.facebook.com/docs/graph-api): objects by id with `fields`; list edges with
`data` and `paging.cursors.before/after` plus `paging.next` while more remain; errors as
`{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}` (190 for a bad token, 100/33
for an object that does not exist, 4/17/32/613 for rate limits with a usage header); `appsecret_proof`
checked when sent; writes answering `{"success": true}` or `{"id": ...}`. Webhook payloads and their
`X-Hub-Signature-256` are made by the helpers at the bottom, from the Webhooks reference.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = "v21.0"


@dataclass
class FakePage:
    page_id: str = "100200300400"
    name: str = "Testham Parish Council"
    token: str = "EAAPageToken-testham"
    app_secret: str = "app-secret-testham"
    scopes: list = field(
        default_factory=lambda: [
            "pages_manage_engagement",
            "pages_read_user_content",
            "pages_manage_posts",
            "pages_messaging",
            "pages_manage_metadata",
            "pages_show_list",
        ]
    )
    expires_at: int = 0
    is_valid: bool = True
    posts: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)
    messages: list = field(default_factory=list)
    blocked: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    # (method, path) -> list of (status, error dict, headers) answered once each, before the real answer
    failures: dict = field(default_factory=dict)
    page_size: int = 2
    _ids: itertools.count = field(default_factory=lambda: itertools.count(900))

    def new_id(self) -> str:
        return str(next(self._ids))

    def add_post(self, message: str, *, created: int | None = None) -> str:
        post_id = f"{self.page_id}_{self.new_id()}"
        self.posts[post_id] = {
            "id": post_id,
            "message": message,
            "created_time": _iso(created or time.time()),
            "from": {"id": self.page_id, "name": self.name},
        }
        return post_id

    def add_comment(self, post_id: str, message: str, *, who=("5550001", "Pat Visitor"), parent: str = "") -> str:
        comment_id = f"{post_id.split('_')[-1]}_{self.new_id()}"
        self.comments[comment_id] = {
            "id": comment_id,
            "message": message,
            "post_id": post_id,
            "from": {"id": who[0], "name": who[1]},
            "created_time": _iso(time.time()),
            "is_hidden": False,
            "parent": parent,
        }
        return comment_id

    def fail_next(
        self,
        method: str,
        path: str,
        *,
        status: int,
        code: int,
        subcode: int = 0,
        message: str = "",
        headers: dict | None = None,
    ) -> None:
        error = {
            "message": message or f"error {code}",
            "type": "OAuthException",
            "code": code,
            "fbtrace_id": "AbCdEf123",
        }
        if subcode:
            error["error_subcode"] = subcode
        self.failures.setdefault((method, path), []).append((status, error, headers or {}))


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(seconds))


def _error(code: int, message: str, subcode: int = 0, kind: str = "OAuthException") -> dict:
    body = {"message": message, "type": kind, "code": code, "fbtrace_id": "AbCdEf123"}
    if subcode:
        body["error_subcode"] = subcode
    return body


class _Handler(BaseHTTPRequestHandler):
    page: FakePage

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(raw)

    def _handle(self, method: str) -> None:
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        form = {}
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        path = url.path.strip("/")
        if not path.startswith(VERSION + "/"):
            return self._send(400, {"error": _error(2635, "Unknown API version.")})
        path = path[len(VERSION) + 1 :]
        page = self.page
        page.requests.append((method, path, query, form))
        if query.get("access_token") != page.token:
            return self._send(400, {"error": _error(190, "Invalid OAuth access token - Cannot parse access token")})
        proof = hmac.new(page.app_secret.encode(), page.token.encode(), hashlib.sha256).hexdigest()
        if "appsecret_proof" in query and query["appsecret_proof"] != proof:
            return self._send(
                400,
                {
                    "error": _error(
                        100, "Invalid appsecret_proof provided in the API argument", kind="GraphMethodException"
                    )
                },
            )
        queued = page.failures.get((method, path))
        if queued:
            status, error, headers = queued.pop(0)
            return self._send(status, {"error": error}, headers)
        status, body = _route(page, method, path, query, form)
        return self._send(status, body)

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_DELETE(self):
        self._handle("DELETE")


def _missing(object_id: str) -> tuple[int, dict]:
    return 400, {
        "error": _error(
            100,
            f"Unsupported get request. Object with ID '{object_id}' does not exist, cannot "
            "be loaded due to missing permissions, or does not support this operation.",
            subcode=33,
            kind="GraphMethodException",
        )
    }


def _paged(items: list, query: dict, size: int) -> dict:
    start = int(base64.b64decode(query["after"]).decode()) if query.get("after") else 0
    limit = min(int(query.get("limit") or size), size)
    chunk = items[start : start + limit]
    body = {"data": chunk}
    if chunk:
        body["paging"] = {
            "cursors": {
                "before": base64.b64encode(str(start).encode()).decode(),
                "after": base64.b64encode(str(start + len(chunk)).encode()).decode(),
            }
        }
        if start + len(chunk) < len(items):
            body["paging"]["next"] = "https://graph.facebook.com/next-page"
    return body


BLOCK_PARAMS = ("asid", "psid", "uid", "user")


def _ids(raw: str) -> list[str]:
    # A list parameter comes as a JSON array ([123,456]) or comma-separated; one id alone is a list of one.
    raw = (raw or "").strip()
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw.split(",")
    return [str(v).strip() for v in (value if isinstance(value, list) else [value]) if str(v).strip()]


def _blocked(page: FakePage, method: str, query: dict, form: dict) -> tuple[int, dict]:
    """/{page-id}/blocked (Graph API reference, Page, Blocked): GET lists the people blocked; POST takes the
    lists asid, psid, uid or user and answers a map of each id to true; DELETE takes one of them (not a list)
    and answers {"success": true}. Any other form is error 100, as Graph answers a missing parameter."""
    if method == "GET":
        return 200, _paged([{"id": i, "name": f"Person {i}"} for i in page.blocked], query, page.page_size)
    params = form if method == "POST" else query
    given = [name for name in BLOCK_PARAMS if params.get(name)]
    if len(given) != 1:
        return 400, {"error": _error(100, "(#100) Exactly one of asid, psid, uid or user must be specified")}
    if method == "DELETE":
        person = params[given[0]].strip()
        if person in page.blocked:
            page.blocked.remove(person)
        return 200, {"success": True}
    ids = _ids(params[given[0]])
    if not ids or not all(i.isdigit() for i in ids):
        return 400, {"error": _error(100, f"(#100) Param {given[0]}[0] must be a valid ID")}
    for person in ids:
        if person not in page.blocked:
            page.blocked.append(person)
    return 200, dict.fromkeys(ids, True)


def _route(page: FakePage, method: str, path: str, query: dict, form: dict) -> tuple[int, dict]:
    parts = path.split("/")
    if method == "GET" and path == "debug_token":
        return 200, {
            "data": {
                "app_id": "1234",
                "type": "PAGE",
                "application": "Council comms",
                "expires_at": page.expires_at,
                "is_valid": page.is_valid,
                "scopes": page.scopes,
                "profile_id": page.page_id,
            }
        }
    if path == page.page_id and method == "GET":
        return 200, {"id": page.page_id, "name": page.name}
    if len(parts) == 2 and parts[0] == page.page_id:
        edge = parts[1]
        if edge == "feed" and method == "GET":
            since = int(query.get("since") or 0)
            posts = [
                p
                for p in page.posts.values()
                if calendar.timegm(time.strptime(p["created_time"][:19], "%Y-%m-%dT%H:%M:%S")) >= since
            ]
            return 200, _paged(sorted(posts, key=lambda p: p["created_time"], reverse=True), query, page.page_size)
        if edge == "feed" and method == "POST":
            return 200, {"id": page.add_post(form.get("message", ""))}
        if edge == "messages" and method == "POST":
            recipient = json.loads(form.get("recipient") or "{}").get("id")
            message = json.loads(form.get("message") or "{}")
            page.messages.append({"to": recipient, "text": message.get("text"), "type": form.get("messaging_type")})
            return 200, {"recipient_id": recipient, "message_id": f"m_{page.new_id()}"}
        if edge == "blocked":
            return _blocked(page, method, query, form)
    if len(parts) == 2 and parts[1] == "comments":
        target = parts[0]
        if target not in page.posts and target not in page.comments:
            return _missing(target)
        if method == "POST":
            post_id = page.posts[target]["id"] if target in page.posts else page.comments[target]["post_id"]
            return 200, {
                "id": page.add_comment(
                    post_id,
                    form.get("message", ""),
                    who=(page.page_id, page.name),
                    parent=target if target in page.comments else "",
                )
            }
        rows = [
            dict(c, parent={"id": c["parent"]} if c["parent"] else None)
            for c in page.comments.values()
            if c["post_id"] == target and not c.get("deleted")
        ]
        return 200, _paged([{k: v for k, v in r.items() if v is not None} for r in rows], query, page.page_size)
    if len(parts) == 1:
        object_id = parts[0]
        if object_id in page.comments and not page.comments[object_id].get("deleted"):
            comment = page.comments[object_id]
            if method == "POST" and "is_hidden" in form:
                comment["is_hidden"] = form["is_hidden"] == "true"
                return 200, {"success": True}
            if method == "DELETE":
                comment["deleted"] = True
                return 200, {"success": True}
            return 200, comment
        if object_id in page.posts and method == "GET":
            post_number = object_id.split("_")[-1]
            return 200, {
                "id": object_id,
                "permalink_url": f"https://www.facebook.com/{page.page_id}/posts/{post_number}",
            }
        return _missing(object_id)
    return 400, {"error": _error(100, "Unknown path components", kind="OAuthException")}


class GraphServer:
    def __init__(self, page: FakePage | None = None):
        self.page = page or FakePage()
        handler = type("Handler", (_Handler,), {"page": self.page})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def reset(self) -> FakePage:
        """A fresh Page behind the same address (a server kept for many tests starts each one clean)."""
        self.page = FakePage()
        self.httpd.RequestHandlerClass.page = self.page
        return self.page

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{VERSION}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


# --- webhook deliveries, as the Webhooks reference shows them -------------------------------------


def signature(body: bytes, app_secret: str) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def comment_delivery(page: FakePage, comment_id: str, *, verb: str = "add", message: str | None = None) -> bytes:
    comment = page.comments[comment_id]
    value = {
        "from": comment["from"],
        "post": {"status_type": "added_photos", "is_published": True, "id": comment["post_id"]},
        "message": comment["message"] if message is None else message,
        "post_id": comment["post_id"],
        "comment_id": comment_id,
        "created_time": int(time.time()),
        "item": "comment",
        "parent_id": comment["parent"] or comment["post_id"],
        "verb": verb,
    }
    return json.dumps(
        {
            "object": "page",
            "entry": [{"id": page.page_id, "time": int(time.time()), "changes": [{"field": "feed", "value": value}]}],
        }
    ).encode()


def message_delivery(page: FakePage, *, sender: str, text: str, mid: str, at: float | None = None) -> bytes:
    stamp = int((at or time.time()) * 1000)
    event = {
        "sender": {"id": sender},
        "recipient": {"id": page.page_id},
        "timestamp": stamp,
        "message": {"mid": mid, "text": text},
    }
    return json.dumps({"object": "page", "entry": [{"id": page.page_id, "time": stamp, "messaging": [event]}]}).encode()
