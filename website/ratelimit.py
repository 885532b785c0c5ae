"""A cache-backed limit on how often one address may send through the public forms."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from council.client_ip import client_address as council_client_address

# Five messages from one address in ten minutes, unless settings say otherwise.
DEFAULT_LIMIT = (5, 600)


@dataclass(frozen=True)
class Limit:
    count: int
    window: int  # seconds


def public_form_limit() -> Limit:
    count, window = getattr(settings, "PUBLIC_FORM_RATE_LIMIT", DEFAULT_LIMIT)
    return Limit(int(count), int(window))


def client_address(request) -> str:
    # The proxy-aware address (TRUSTED_PROXY_COUNT), the same one the login lockout keys on.
    return council_client_address(request) or "unknown"


def _key(council_id: int, kind: str, value: str) -> str:
    # Hashed so the cache never holds an address in clear (P15).
    digest = hashlib.sha256(f"{council_id}:{kind}:{value.strip().lower()}".encode()).hexdigest()[:32]
    return f"public-form:{digest}"


def _keys(*, council_id: int, address: str, email: str = "") -> list[str]:
    keys = [_key(council_id, "ip", address)]
    if email:
        keys.append(_key(council_id, "email", email))
    return keys


def rate_limit_exceeded(*, council_id: int, address: str, email: str = "") -> bool:
    limit = public_form_limit()
    counts = cache.get_many(_keys(council_id=council_id, address=address, email=email))
    return any(int(n) >= limit.count for n in counts.values())


def rate_limit_count(*, council_id: int, address: str, email: str = "") -> None:
    limit = public_form_limit()
    for key in _keys(council_id=council_id, address=address, email=email):
        # add() starts the window; incr() keeps it (the window is fixed, from the first message).
        if not cache.add(key, 1, timeout=limit.window):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=limit.window)
