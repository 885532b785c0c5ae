"""Password reset without an account oracle (ASVS V6): the request only queues; the worker looks the
address up and sends. The page's work and timing are the same whether or not an account exists, the
reset link never sits in the broker, the database or the Council's outbox (a Clerk reading the outbox
must not be able to take over a councillor's account), and one address can ask only a few times.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Council, Role, User

# Requests per window from one client address, and for one email address.
DEFAULT_RESET_LIMIT = (5, 3600)


def _limit() -> tuple[int, int]:
    count, window = getattr(settings, "PASSWORD_RESET_RATE_LIMIT", DEFAULT_RESET_LIMIT)
    return int(count), int(window)


def _keys(address: str, email: str) -> list[str]:
    return [
        "password-reset:" + hashlib.sha256(f"{kind}:{value.strip().lower()}".encode()).hexdigest()[:32]
        for kind, value in (("ip", address), ("email", email))
        if value
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
    from .tasks import password_reset_send  # circular: council.tasks imports this module

    transaction.on_commit(lambda: password_reset_send.delay(email=email, domain=domain, use_https=use_https))


def password_reset_deliver(*, email: str, domain: str, use_https: bool) -> int:
    """Worker side: Django's own reset mail (token, templates) to each active account with that address."""
    form = PasswordResetForm(data={"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(email))
    if users:
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.html",
        )
    return len(users)


def member_invitation_request(*, user_id: int, council_id: int, role: str) -> None:
    """Queue the invitation a new member needs to choose a password, on commit (the link is made by the
    worker, for the same reason as the reset link: nothing stored holds a way into the account)."""
    from .tasks import member_invitation_send  # circular: council.tasks imports this module

    transaction.on_commit(lambda: member_invitation_send.delay(user_id=user_id, council_id=council_id, role=role))


def member_invitation_deliver(*, user_id: int, council_id: int, role: str) -> bool:
    """Worker side: email the new member a link to choose their password; nothing if they already chose one."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    council = Council.objects.filter(pk=council_id).first()
    if user is None or council is None or not user.email or user.last_login is not None:
        return False
    site = settings.SITE_URL.rstrip("/")
    context = {
        "user": user,
        "council": council,
        "role": dict(Role.choices).get(role, role),
        "link": site
        + reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        ),
        "login": site + reverse("login"),
    }
    subject = " ".join(render_to_string("council/settings/email/invitation_subject.txt", context).split())
    body = render_to_string("council/settings/email/invitation_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True
