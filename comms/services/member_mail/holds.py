"""The Clerk's decision on a message that says it is from a member but that no server vouched for:
confirmed, it is filed as the member's; rejected, it stays on the record as received (P12, P13)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comms.mail.member_mail import is_personal_view_subject
from comms.mail.parsing import parse_message
from comms.models import Correspondence, MemberMailHold
from council.actors import Actor
from council.audit import audit_record

from .filing import file_as_member, member_mail_kind_for


def _held(hold: MemberMailHold) -> MemberMailHold:
    hold = (
        MemberMailHold.objects.select_for_update()
        .select_related("record__thread", "claimed_member", "council")
        .get(pk=hold.pk)
    )
    if hold.outcome != MemberMailHold.Outcome.WAITING:
        raise ValidationError("This message has already been decided.")
    return hold


@transaction.atomic
def member_mail_confirm(*, hold: MemberMailHold, actor: Actor) -> Correspondence:
    """The Clerk confirms the held message is from the member: it is filed as theirs, in the case it
    belongs to, and (P11) an answer to a referral to them acknowledges it now."""
    hold = _held(hold)
    record = hold.record
    raw = bytes(record.raw.data) if hasattr(record, "raw") else b""
    parsed = parse_message(raw)
    council = hold.council
    record = file_as_member(
        council=council,
        parsed=parsed,
        member=hold.claimed_member,
        kind=member_mail_kind_for(council, parsed),
        thread_for=None,
        occurred_at=record.occurred_at,
        personal=is_personal_view_subject(parsed.subject),
        key=record.message_id,
        existing=record,
        actor=actor,
    )
    hold.outcome = MemberMailHold.Outcome.CONFIRMED
    hold.decided_at = timezone.now()
    hold.decided_by = actor
    hold.save(update_fields=["outcome", "decided_at", "decided_by"])
    audit_record(
        council=council,
        actor=actor,
        action="member_mail.confirmed",
        obj=record,
        summary=f"The Clerk confirmed this message is from {hold.claimed_member}",
        before={"outcome": "waiting"},
        after={"outcome": "confirmed", "thread": record.thread.reference},
    )
    return record


@transaction.atomic
def member_mail_reject(*, hold: MemberMailHold, actor: Actor) -> MemberMailHold:
    """Not from the member: it stays on the record as a message received from whoever sent it."""
    hold = _held(hold)
    hold.outcome = MemberMailHold.Outcome.REJECTED
    hold.decided_at = timezone.now()
    hold.decided_by = actor
    hold.save(update_fields=["outcome", "decided_at", "decided_by"])
    audit_record(
        council=hold.council,
        actor=actor,
        action="member_mail.rejected",
        obj=hold.record,
        summary=f"The Clerk found this message is not from {hold.claimed_member}",
        before={"outcome": "waiting"},
        after={"outcome": "rejected"},
    )
    return hold
