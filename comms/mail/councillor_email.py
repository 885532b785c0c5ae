"""Councillors' email (P12, P13), as it goes through the door: an official message goes out copied
to the Clerk; a personal view copied to the Clerk is emailed to the Clerk, once.

Official mail is sent From the council's address with the councillor named in the display name
and in Reply-To, and the Clerk in Cc: we cannot send as a councillor's own domain without failing
SPF/DMARC, the recipient sees that the Clerk has a copy (P12), and a reply reaches both.

The portal's services (comms.services.portal: `official_message_send`, `personal_view_record`,
`personal_view_copy_send`) record the message and call `record_email_queue` in one transaction.
"""

from __future__ import annotations

from email.utils import formataddr

from django.db import transaction

from comms.models import Capacity, Correspondence, OutboundEmail, Recipient

from .door import Purpose, council_email_send

__all__ = ["record_email_queue"]


def _member_name(user) -> str:
    return (user.get_full_name() or user.username) if user else "A councillor"


def _queue_official(record: Correspondence, actor) -> OutboundEmail:
    council = record.council
    member = record.sender_member
    name = _member_name(member)
    to = [r.address for r in record.recipients.all() if r.kind == Recipient.Kind.TO and r.address]
    cc = [r.address for r in record.recipients.all() if r.kind == Recipient.Kind.CC and r.address]
    if council.clerk_email.lower() not in {a.lower() for a in to + cc}:
        cc.append(council.clerk_email)  # P12: always, whatever the caller recorded
    reply_to = [formataddr((name, member.email))] if member and member.email else []
    reply_to.append(formataddr((f"Clerk to {council.name}", council.clerk_email)))
    return council_email_send(
        council=council,
        purpose=Purpose.OFFICIAL,
        to=to,
        cc=cc,
        template="official_message",
        context={
            "subject": record.subject or "Message from the Council",
            "body": record.body_text,
            "sender_name": name,
        },
        record=record,
        actor=actor,
        from_address=formataddr((f"{name} ({council.name})", council.clerk_email)),
        headers={"Reply-To": ", ".join(reply_to)},
    )


def _queue_clerk_copy(record: Correspondence, actor) -> OutboundEmail:
    council = record.council
    return council_email_send(
        council=council,
        purpose=Purpose.CLERK_COPY,
        to=[council.clerk_email],
        template="clerk_copy",
        context={
            "subject": record.subject,
            "body": record.body_text,
            "member_name": _member_name(record.created_by or record.sender_member),
            "channel": record.get_channel_display(),
            "contact": record.sender_contact
            or record.sender_display
            or ", ".join(r.name or r.address for r in record.recipients.all() if r.kind == Recipient.Kind.TO),
            "occurred_at": record.occurred_at,
            "reference": record.thread.reference,
        },
        record=record,
        actor=actor,
    )


@transaction.atomic
def record_email_queue(*, record: Correspondence, actor=None) -> OutboundEmail | None:
    """Queue the email a recorded councillor's message needs; the same record never gets two.

    Official email (P12): to its recipients with the Clerk copied. A personal view copied to the
    Clerk (P13): a copy to the Clerk. Anything else: nothing to send.
    """
    record = (
        Correspondence.objects.select_for_update(of=("self",))
        .select_related("council", "thread", "sender_member")
        .get(pk=record.pk)
    )
    if record.capacity == Capacity.PERSONAL_VIEW:
        if not record.copied_to_clerk:
            return None
        purpose, build = Purpose.CLERK_COPY, _queue_clerk_copy
    elif record.channel == "email" and record.direction == "out" and record.sender_member_id:
        purpose, build = Purpose.OFFICIAL, _queue_official
    else:
        return None
    existing = OutboundEmail.objects.filter(record=record, purpose=purpose).first()
    return existing or build(record, actor)
