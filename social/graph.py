"""A small client for the Meta Graph API over urllib (the project's HTTP client; no new dependency).

The base address is the setting FACEBOOK_GRAPH_URL, so tests point this real client at a Graph API
server on loopback. Every call carries the Page access token and, when the app secret is known, the
`appsecret_proof` Meta asks for (HMAC-SHA256 of the token with the app secret). Errors come back as
GraphError with Meta's documented code and subcode, sorted into what retrying helps and what it does not.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20
# Meta's documented throttling codes: application (4), user (17), page (32), action-specific (613),
# and custom rate limits (80001-80014 for pages). Temporary server errors (1, 2) are worth a retry too.
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80001, 80015)})
TRANSIENT_CODES = frozenset({1, 2, *RATE_LIMIT_CODES})
TOKEN_CODES = frozenset({102, 190})  # the access token expired, was revoked or is invalid
PERMISSION_CODES = frozenset({10, *range(200, 300)})


@dataclass
class GraphError(Exception):
    message: str
    code: int = 0
    subcode: int = 0
    status: int = 0
    retry_after: int | None = None

    def __str__(self) -> str:
        return f"Graph API error {self.code}/{self.subcode} (HTTP {self.status}): {self.message}"

    @property
    def is_rate_limit(self) -> bool:
        return self.code in RATE_LIMIT_CODES

    @property
    def is_transient(self) -> bool:
        return self.code in TRANSIENT_CODES or self.status >= 500 or self.status == 0

    @property
    def is_token_problem(self) -> bool:
        return self.code in TOKEN_CODES

    @property
    def is_permission_problem(self) -> bool:
        return self.code in PERMISSION_CODES

    @property
    def is_gone(self) -> bool:
        # 100/33: the object does not exist, or the Page cannot see it (deleted on Facebook).
        return self.code == 100 and self.subcode == 33

    def plain(self) -> str:
        """What the Clerk reads."""
        if self.is_token_problem:
            return "Facebook no longer accepts the Page access token (it has expired or was withdrawn). Add a new one."
        if self.is_permission_problem:
            return f"The Page access token lacks a permission Facebook needs for this: {self.message}"
        if self.is_rate_limit:
            return "Facebook asked us to slow down; the system will try again shortly."
        if self.is_gone:
            return "The comment or post no longer exists on Facebook."
        if self.status == 0:
            return f"Facebook could not be reached: {self.message}"
        return f"Facebook refused the request: {self.message}"


def graph_url(path: str) -> str:
    return settings.FACEBOOK_GRAPH_URL.rstrip("/") + "/" + path.lstrip("/")


def appsecret_proof(*, token: str, app_secret: str) -> str:
    return hmac.new(app_secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def _retry_after(headers) -> int | None:
    value = headers.get("Retry-After") if headers else None
    if value and value.strip().isdigit():
        return int(value.strip())
    # Usage headers (X-App-Usage, X-Business-Use-Case-Usage) give minutes until access is regained.
    for name in ("X-Business-Use-Case-Usage", "X-Page-Usage", "X-App-Usage"):
        raw = headers.get(name) if headers else None
        if not raw:
            continue
        try:
            usage = json.loads(raw)
        except ValueError:
            continue
        entries = (
            [e for v in usage.values() if isinstance(v, list) for e in v] if name.startswith("X-Business") else [usage]
        )
        minutes = max(
            (int(e.get("estimated_time_to_regain_access") or 0) for e in entries if isinstance(e, dict)), default=0
        )
        if minutes:
            return minutes * 60
    return None


def _error_from(status: int, body: bytes, headers) -> GraphError:
    try:
        error = json.loads(body or b"{}").get("error") or {}
    except ValueError:
        error = {}
    return GraphError(
        message=str(error.get("message") or f"HTTP {status}")[:500],
        code=int(error.get("code") or 0),
        subcode=int(error.get("error_subcode") or 0),
        status=status,
        retry_after=_retry_after(headers),
    )


def graph_call(
    method: str, path: str, *, token: str, app_secret: str = "", params: dict | None = None, data: dict | None = None
) -> dict:
    """One Graph API request; the decoded JSON answer, or GraphError. Tokens never reach the log."""
    query = {k: v for k, v in (params or {}).items() if v is not None}
    query["access_token"] = token
    if app_secret:
        query["appsecret_proof"] = appsecret_proof(token=token, app_secret=app_secret)
    body = None
    if data is not None:
        fields = {k: (json.dumps(v) if isinstance(v, (dict, list)) else v) for k, v in data.items()}
        body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(
        graph_url(path) + "?" + urllib.parse.urlencode(query),
        data=body,
        method=method,
        headers={"Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        error = _error_from(exc.code, exc.read(), exc.headers)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        error = GraphError(message=str(getattr(exc, "reason", exc))[:300])
    logger.info(
        "graph %s %s failed: code %s/%s HTTP %s", method, path.split("?")[0], error.code, error.subcode, error.status
    )
    raise error


def graph_pages(path: str, *, token: str, app_secret: str = "", params: dict | None = None, limit: int = 20):
    """Every item of a list edge, following Meta's cursor paging (paging.cursors.after), at most `limit` pages."""
    params = dict(params or {})
    for _ in range(limit):
        answer = graph_call("GET", path, token=token, app_secret=app_secret, params=params)
        yield from answer.get("data") or []
        paging = answer.get("paging") or {}
        after = (paging.get("cursors") or {}).get("after")
        if not after or not paging.get("next"):
            return
        params["after"] = after
