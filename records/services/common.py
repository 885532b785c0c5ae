"""Helpers the record services share: references, and the one way this app queues an email."""

from __future__ import annotations

from django.db import models

from comms.mail.outbox import outbox_enqueue
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


def email_queue(
    *, council: Council, to: list[str], subject: str, body_text: str, purpose: str, record=None, actor=None
) -> OutboundEmail:
    """Put one email in the council's outbox; comms sends it once the caller's transaction commits."""
    return outbox_enqueue(
        council=council, to=to, subject=subject, body_text=body_text, purpose=purpose, record=record, actor=actor
    )


def clerk_addresses(*, council: Council) -> list[str]:
    addresses = [u.email for u in clerks_of(council=council) if u.email]
    return addresses or [council.clerk_email]
