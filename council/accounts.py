"""Password reset without an account oracle (ASVS V6): the request only queues; the worker looks the
address up and sends. The page's work and timing are the same whether or not an account exists, the
reset link never sits in the broker, the database or the Council's outbox (a Clerk reading the outbox
must not be able to take over a councillor's account), and one address can ask only a few times.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.db import transaction

# Requests per window from one client address, and for one email address.
DEFAULT_RESET_LIMIT = (5, 3600)


def _limit() -> tuple[int, int]:
    count, window = getattr(settings, "PASSWORD_RESET_RATE_LIMIT", DEFAULT_RESET_LIMIT)
    return int(count), int(window)


def _keys(address: str, email: str) -> list[str]:
    return [
        "password-reset:" + hashlib.sha256(f"{kind}:{value.strip().lower()}".encode()).hexdigest()[:32]
        for kind, value in (("ip", address), ("email", email)) if value
    ]


def password_reset_allowed(*, address: str, email: str) -> bool:
    """Counts this request and says whether it is within the limit (per client and per email address)."""
    count, window = _limit()
    allowed = True
    for key in _keys(address, email):
        if not cache.add(key, 1, timeout=window):
            try:
                seen = cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=window)
                seen = 1
            allowed = allowed and seen <= count
    return allowed


def password_reset_request(*, email: str, domain: str, use_https: bool) -> None:
    """Queue the reset for the worker, for every address asked about (known or not), on commit."""
    from .tasks import password_reset_send

    transaction.on_commit(lambda: password_reset_send.delay(email=email, domain=domain, use_https=use_https))


def password_reset_deliver(*, email: str, domain: str, use_https: bool) -> int:
    """Worker side: Django's own reset mail (token, templates) to each active account with that address."""
    form = PasswordResetForm(data={"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(email))
    if users:
        form.save(domain_override=domain, use_https=use_https,
                  subject_template_name="registration/password_reset_subject.txt",
                  email_template_name="registration/password_reset_email.html")
    return len(users)
