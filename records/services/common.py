"""Helpers the record services share: references, and the one way this app queues an email."""

from __future__ import annotations

from email.utils import make_msgid

from django.db import models

from comms.models import OutboundEmail
from council.models import Council
from council.selectors import clerks_of


def reference_next(*, model: type[models.Model], council: Council, prefix: str) -> str:
    """The next free `PREFIX-n` of this council; call with the council row locked."""
    Council.objects.select_for_update().filter(pk=council.pk).values_list("pk", flat=True).first()
    number = model.objects.filter(council=council).count() + 1
    while model.objects.filter(council=council, reference=f"{prefix}-{number}").exists():
        number += 1
    return f"{prefix}-{number}"


def _domain(council: Council) -> str:
    return council.clerk_email.rpartition("@")[2] or "localhost"


def email_queue(
    *, council: Council, to: list[str], subject: str, body_text: str, purpose: str, record=None
) -> OutboundEmail:
    """Put one email in the council's outbox (comms sends it); run inside the caller's transaction."""
    try:  # the comms outbox owns sending; use its enqueue when it offers one
        from comms.mail import outbox  # type: ignore[attr-defined]

        enqueue = getattr(outbox, "outbound_enqueue", None) or getattr(outbox, "enqueue", None)
    except ImportError:
        enqueue = None
    if enqueue is not None:
        try:
            return enqueue(council=council, to=to, subject=subject, body_text=body_text, purpose=purpose, record=record)
        except TypeError:
            pass  # a different signature: fall back to writing the row the sender polls
    return OutboundEmail.objects.create(
        council=council,
        record=record,
        purpose=purpose,
        from_address=council.clerk_email,
        to=list(to),
        subject=subject[:500],
        body_text=body_text,
        message_id=make_msgid(domain=_domain(council)),
    )


def clerk_addresses(*, council: Council) -> list[str]:
    addresses = [u.email for u in clerks_of(council=council) if u.email]
    return addresses or [council.clerk_email]
