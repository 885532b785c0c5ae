"""Vexatious or unreasonably persistent correspondents: the Council's decision, recorded on the contact.

A decision stops automatic acknowledgements; it never stops their messages being recorded (P14).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comms.models import Contact, CorrespondentDecision
from council.actors import Actor
from council.audit import audit_record
from council.models import Council


@transaction.atomic
def correspondent_decision_record(
    *,
    council: Council,
    contact: Contact,
    actor: Actor,
    kind: str,
    reason: str,
    review_on: dt.date,
    decided_on: dt.date | None = None,
) -> CorrespondentDecision:
    if contact.council_id != council.pk:
        raise ValidationError("That contact is not one of this council's.")
    if kind not in CorrespondentDecision.Kind.values:
        raise ValidationError("Choose vexatious or unreasonably persistent.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Record the Council's reason for the decision.")
    decided_on = decided_on or timezone.localdate()
    if review_on < decided_on:
        raise ValidationError("The review date cannot be before the decision.")
    Contact.objects.select_for_update().filter(pk=contact.pk).first()
    if CorrespondentDecision.objects.filter(contact=contact, ended_at__isnull=True).exists():
        raise ValidationError(f"{contact} already has a decision in force: end it before recording a new one.")
    decision = CorrespondentDecision.objects.create(
        council=council,
        contact=contact,
        kind=kind,
        reason=reason,
        decided_on=decided_on,
        review_on=review_on,
        decided_by=actor,
    )
    audit_record(
        council=council,
        actor=actor,
        action="correspondent.decision_recorded",
        obj=decision,
        summary=f"{contact}: {decision.get_kind_display().lower()}, review {review_on:%d %b %Y}",
        after={"contact": contact.pk, "kind": kind, "reason": reason, "decided_on": decided_on, "review_on": review_on},
    )
    return decision


@transaction.atomic
def correspondent_decision_end(*, decision: CorrespondentDecision, actor: Actor, reason: str) -> CorrespondentDecision:
    decision = CorrespondentDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.ended_at:
        raise ValidationError("This decision has already ended.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the decision ends (for example, the review found it no longer needed).")
    decision.ended_at, decision.ended_by, decision.ended_reason = timezone.now(), actor, reason
    decision.save(update_fields=["ended_at", "ended_by", "ended_reason"])
    audit_record(
        council=decision.council,
        actor=actor,
        action="correspondent.decision_ended",
        obj=decision,
        summary=f"{decision.contact}: decision ended. {reason}"[:500],
        before={"active": True},
        after={"active": False, "reason": reason},
    )
    return decision
