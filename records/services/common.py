"""Helpers the record services share: the Clerk's addresses (email goes through comms.mail.door).

Reference numbers (FOI-1, SAR-1) come from comms.services.references, like the cases' own."""

from __future__ import annotations

from council.models import Council
from council.selectors import clerks_of


def clerk_addresses(*, council: Council) -> list[str]:
    addresses = [u.email for u in clerks_of(council=council) if u.email]
    return addresses or [council.clerk_email]
