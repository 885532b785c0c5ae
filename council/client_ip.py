"""The address a request came from, for lockouts and rate limits.

Behind a reverse proxy REMOTE_ADDR is the proxy, so every visitor would share one address: one
person could lock every account or close the public forms for everyone. Each trusted proxy appends
the address it received the request from to X-Forwarded-For; with TRUSTED_PROXY_COUNT proxies in
front, the client is the entry that many places from the right. Entries further left were written
by the sender and are never believed. With no proxy configured (the default), REMOTE_ADDR.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if not hops:
        return remote
    # Fewer entries than proxies: the request skipped a proxy; the left-most entry is still one a
    # trusted proxy wrote (each appends), so it is the best address there is.
    return _valid(hops[max(0, len(hops) - count)]) or remote
