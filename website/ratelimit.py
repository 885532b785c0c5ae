"""Cache-backed limits on how often the public forms may be used: per form, per contact, per address.

Each form (comment, contact) has its own limits. One contact (an email address) may send a few messages
in the window; one internet address gets a higher ceiling, because a library, a care home or a village
hall shares one address among many first-time senders. The window is fixed from the first message, so
the page can say exactly when the person can send again.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache

from council.client_ip import client_address as council_client_address

# Five messages from one contact in ten minutes on each form, unless settings say otherwise; an address
# shared by many people gets ADDRESS_FACTOR times as many.
DEFAULT_LIMIT = (5, 600)
ADDRESS_FACTOR = 4


@dataclass(frozen=True)
class Limit:
    count: int
    window: int  # seconds


def public_form_limit() -> Limit:
    """Per contact (email address), per form."""
    count, window = getattr(settings, "PUBLIC_FORM_RATE_LIMIT", DEFAULT_LIMIT)
    return Limit(int(count), int(window))


def public_form_address_limit() -> Limit:
    """Per internet address, per form: a higher ceiling, for shared connections."""
    contact = public_form_limit()
    count, window = getattr(
        settings, "PUBLIC_FORM_ADDRESS_RATE_LIMIT", (contact.count * ADDRESS_FACTOR, contact.window)
    )
    return Limit(int(count), int(window))


def client_address(request) -> str:
    # The proxy-aware address (TRUSTED_PROXY_COUNT), the same one the login lockout keys on.
    return council_client_address(request) or "unknown"


def _key(council_id: int, form: str, kind: str, value: str) -> str:
    # Hashed so the cache never holds an address in clear (P15).
    digest = hashlib.sha256(f"{council_id}:{form}:{kind}:{value.strip().lower()}".encode()).hexdigest()[:32]
    return f"public-form:{digest}"


def _limits(*, council_id: int, form: str, address: str, email: str = "") -> list[tuple[str, str, Limit]]:
    limits = [("address", _key(council_id, form, "ip", address), public_form_address_limit())]
    if email.strip():
        limits.append(("contact", _key(council_id, form, "email", email), public_form_limit()))
    return limits


@dataclass(frozen=True)
class Refusal:
    """Which limit was reached, and when the person can send again."""

    by: str  # "contact" or "address"
    until: datetime

    @property
    def minutes(self) -> int:
        return max(1, -(-int((self.until - datetime.now(UTC)).total_seconds()) // 60))


def rate_limit_exceeded(*, council_id: int, form: str, address: str, email: str = "") -> Refusal | None:
    """None if this message may go; otherwise the limit reached and when the window ends."""
    limits = _limits(council_id=council_id, form=form, address=address, email=email)
    values = cache.get_many([key for _, key, _ in limits] + [f"{key}:until" for _, key, _ in limits])
    refusals = []
    for by, key, limit in limits:
        if int(values.get(key) or 0) >= limit.count:
            until = float(values.get(f"{key}:until") or time.time() + limit.window)
            refusals.append(Refusal(by, datetime.fromtimestamp(until, UTC)))
    # The person is told the later time: the earliest at which every limit lets them through.
    return max(refusals, key=lambda r: r.until) if refusals else None


def rate_limit_count(*, council_id: int, form: str, address: str, email: str = "") -> None:
    for _, key, limit in _limits(council_id=council_id, form=form, address=address, email=email):
        # add() starts the window; incr() keeps it (the window is fixed, from the first message).
        if cache.add(key, 1, timeout=limit.window):
            cache.set(f"{key}:until", time.time() + limit.window, timeout=limit.window)
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=limit.window)
            cache.set(f"{key}:until", time.time() + limit.window, timeout=limit.window)
