"""P17: every opening of a confidential record is written to the audit trail."""

from __future__ import annotations

from django.db import transaction

from comms.models import Confidentiality, Correspondence
from council.audit import audit_record


@transaction.atomic
def confidential_views_log(*, access, records: list[Correspondence], where: str) -> int:
    logged = 0
    for record in records:
        if record.confidentiality != Confidentiality.CONFIDENTIAL:
            continue
        audit_record(
            council=access.council,
            actor=access.user,
            action="record.viewed_confidential",
            obj=record,
            summary=f"Confidential record {record.pk} opened by {access.user} ({where})",
        )
        logged += 1
    return logged
