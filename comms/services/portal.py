"""What a councillor does in the portal: work on referrals, write officially, record personal views.

P11 (referrals), P12 (official mail comes from or is copied to the Clerk), P13 (personal views),
P16 (SMS and video calls), P18 (few recipients, no trails).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from comms.mail.councillor_email import record_email_queue
from comms.models import Capacity, Channel, Confidentiality, Correspondence, Direction, Recipient, Referral, Thread
from comms.recipient_rules import recipients_check
from council.actors import Actor
from council.audit import audit_record
from council.selectors import clerks_of
from council.text import quoted_trail_strip

from .correspondence import RecipientSpec, contact_find_or_create, record_create, thread_create, thread_make_official


def _locked_referral_for(referral: Referral, member) -> Referral:
    referral = Referral.objects.select_for_update().select_related("thread", "council").get(pk=referral.pk)
    if referral.to_member_id != member.pk:
        raise PermissionDenied("This referral is not addressed to you.")
    return referral


@transaction.atomic
def referral_acknowledge(*, referral: Referral, actor: Actor) -> Referral:
    referral = _locked_referral_for(referral, actor)
    if referral.acknowledged_at:
        return referral  # acknowledging twice changes nothing
    referral.acknowledged_at = timezone.now()
    referral.save(update_fields=["acknowledged_at"])
    audit_record(
        council=referral.council,
        actor=actor,
        action="referral.acknowledged",
        obj=referral,
        summary=f"{referral.thread.reference} acknowledged by {actor}",
        before={"acknowledged": False},
        after={"acknowledged": True},
    )
    return referral


@transaction.atomic
def referral_respond(*, referral: Referral, actor: Actor, text: str) -> Correspondence:
    """The member's answer to the Clerk, kept in the case as an internal record."""
    referral = _locked_referral_for(referral, actor)
    text = quoted_trail_strip(text)
    if not text.strip():
        raise ValidationError("The response is empty.")
    if not referral.acknowledged_at:
        referral.acknowledged_at = timezone.now()
        referral.save(update_fields=["acknowledged_at"])
    record = record_create(
        thread=referral.thread,
        channel=Channel.EMAIL,
        direction=Direction.INTERNAL,
        actor=actor,
        subject=f"Response to referral: {referral.thread.subject}"[:500],
        body_text=text,
        sender_member=actor,
        sender_display=str(actor),
        capacity=Capacity.OFFICIAL,
        copied_to_clerk=True,
        confidentiality=Confidentiality.INTERNAL,
        recipients=[
            RecipientSpec(member=c, name=str(c), address=referral.council.clerk_email)
            for c in clerks_of(council=referral.council)
        ],
    )
    audit_record(
        council=referral.council,
        actor=actor,
        action="referral.responded",
        obj=referral,
        summary=f"{referral.thread.reference}: {actor} responded",
        after={"record": record.pk},
    )
    return record


@transaction.atomic
def referral_complete(*, referral: Referral, actor: Actor, outcome: str = "") -> Referral:
    referral = _locked_referral_for(referral, actor)
    if referral.completed_at:
        raise ValidationError("This referral is already complete.")
    now = timezone.now()
    referral.acknowledged_at = referral.acknowledged_at or now
    referral.completed_at = now
    referral.outcome = (outcome or "").strip()
    referral.save(update_fields=["acknowledged_at", "completed_at", "outcome"])
    audit_record(
        council=referral.council,
        actor=actor,
        action="referral.completed",
        obj=referral,
        summary=f"{referral.thread.reference} completed by {actor}",
        before={"completed": False},
        after={"completed": True, "outcome": referral.outcome},
    )
    return referral


def _contact_recipients(council, addresses: list[str], kind: str) -> list[RecipientSpec]:
    specs = []
    for address in addresses:
        contact = contact_find_or_create(council=council, email=address)
        specs.append(RecipientSpec(address=address, kind=kind, contact=contact, name=contact.name))
    return specs


@transaction.atomic
def official_message_send(
    *,
    council,
    actor: Actor,
    to: str,
    cc: str = "",
    subject: str,
    body_text: str,
    thread: Thread | None = None,
    confirm_wide: bool = False,
) -> Correspondence:
    """An official message from a member, recorded and emailed, always copied to the Clerk (P12); few recipients (P18).

    Raises ValidationError before anything is stored. The email is queued in this transaction and
    sent when it commits.
    """
    check = recipients_check(to=to, cc=cc)
    if not check.addresses:
        raise ValidationError("Add at least one recipient.")
    if check.invalid:
        raise ValidationError(f"Not an email address: {', '.join(check.invalid)}.")
    if check.is_wide and not confirm_wide:
        raise ValidationError(check.warning)
    body_text = quoted_trail_strip(body_text)
    if not body_text.strip():
        raise ValidationError("The message is empty.")
    to_list = [a for a in check.addresses if a in {x.lower() for x in recipients_check(to=to).addresses}]
    cc_list = [a for a in check.addresses if a not in to_list]
    recipients = _contact_recipients(council, to_list, Recipient.Kind.TO) + _contact_recipients(
        council, cc_list, Recipient.Kind.CC
    )
    if council.clerk_email.lower() not in check.addresses:
        recipients.append(RecipientSpec(address=council.clerk_email, name="The Clerk", kind=Recipient.Kind.CC))
    if thread is None:
        first = recipients[0].contact if recipients and recipients[0].contact else None
        thread = thread_create(council=council, subject=subject, contact=first, actor=actor)
    record = record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        actor=actor,
        subject=subject,
        body_text=body_text,
        sender_member=actor,
        sender_display=str(actor),
        capacity=Capacity.OFFICIAL,
        copied_to_clerk=True,
        confidentiality=Confidentiality.INTERNAL,
        recipients=recipients,
    )
    record_email_queue(record=record, actor=actor)
    return record


@transaction.atomic
def personal_view_record(
    *,
    council,
    actor: Actor,
    channel: str,
    direction: str,
    contact_name: str,
    summary: str,
    subject: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    copy_to_clerk: bool = False,
    occurred_at=None,
) -> Correspondence:
    """A councillor's own-view communication with a parishioner (P13), on any channel incl. SMS and video (P16).

    Not official and not disclosable unless copied to the Clerk; copying makes it both, and the
    Clerk is emailed a copy.
    """
    summary = quoted_trail_strip(summary) if channel == Channel.EMAIL else (summary or "").strip()
    if not summary:
        raise ValidationError("Say what was communicated.")
    if not (contact_name or contact_email or contact_phone):
        raise ValidationError("Say who the communication was with.")
    contact = contact_find_or_create(council=council, email=contact_email, phone=contact_phone, name=contact_name)
    thread = thread_create(
        council=council,
        subject=subject or f"Personal view: {contact}"[:500],
        contact=contact,
        actor=actor,
        private_to=None if copy_to_clerk else actor,
    )
    inbound = direction == Direction.IN
    recipients = (
        [] if inbound else [RecipientSpec(address=contact.email or contact.phone, name=contact.name, contact=contact)]
    )
    if copy_to_clerk:
        recipients.append(RecipientSpec(address=council.clerk_email, name="The Clerk", kind=Recipient.Kind.CC))
    record = record_create(
        thread=thread,
        channel=channel,
        direction=direction,
        actor=actor,
        subject=subject,
        body_text=summary,
        sender_contact=contact if inbound else None,
        sender_member=None if inbound else actor,
        sender_display=str(contact) if inbound else str(actor),
        occurred_at=occurred_at,
        capacity=Capacity.PERSONAL_VIEW,
        copied_to_clerk=copy_to_clerk,
        confidentiality=Confidentiality.INTERNAL,
        foi_disclosable=copy_to_clerk,
        recipients=recipients,
    )
    if copy_to_clerk:
        record_email_queue(record=record, actor=actor)  # P13: the Clerk gets the copy by email
    return record


@transaction.atomic
def personal_view_copy_send(*, record: Correspondence, actor: Actor) -> Correspondence:
    """P13: copy a personal view to the Clerk: official and FOI-disclosable from now on, and emailed to
    the Clerk once."""
    record = Correspondence.objects.select_for_update().get(pk=record.pk)
    if record.created_by_id != actor.pk:
        raise PermissionDenied("Only the member who recorded it can copy it to the Clerk.")
    if record.copied_to_clerk:
        record_email_queue(record=record, actor=actor)  # does nothing if the copy was already emailed
        return record
    record.copied_to_clerk = True
    record.foi_disclosable = True
    record.save(update_fields=["copied_to_clerk", "foi_disclosable"])
    thread = Thread.objects.get(pk=record.thread_id)
    if thread.private_to_id == actor.pk:
        thread_make_official(thread=thread, actor=actor)  # joins the register with the next T-number
    audit_record(
        council=record.council,
        actor=actor,
        action="record.copied_to_clerk",
        obj=record,
        summary=f"Record {record.pk} copied to the Clerk: now official and disclosable",
        before={"copied_to_clerk": False, "foi_disclosable": False},
        after={"copied_to_clerk": True, "foi_disclosable": True},
    )
    record_email_queue(record=record, actor=actor)
    return record
