"""Helpers the record services share: references and the Clerk's addresses (email goes through comms.mail.door)."""

from __future__ import annotations

from django.db import models

from council.models import Council
from council.selectors import clerks_of


def reference_next(*, model: type[models.Model], council: Council, prefix: str) -> str:
    """The next free `PREFIX-n` of this council; call with the council row locked."""
    Council.objects.select_for_update().filter(pk=council.pk).values_list("pk", flat=True).first()
    number = model.objects.filter(council=council).count() + 1
    while model.objects.filter(council=council, reference=f"{prefix}-{number}").exists():
        number += 1
    return f"{prefix}-{number}"


def clerk_addresses(*, council: Council) -> list[str]:
    addresses = [u.email for u in clerks_of(council=council) if u.email]
    return addresses or [council.clerk_email]
