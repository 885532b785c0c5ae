"""Councillors' email (P12, P13): official mail goes out copied to the Clerk; a personal view
copied to the Clerk is sent to the Clerk and becomes official and FOI-disclosable.

Official mail is sent From the council's address with the councillor named in the display name
and in Reply-To, and the Clerk in Cc: we cannot send as a councillor's own domain without failing
SPF/DMARC, the recipient sees that the Clerk has a copy (P12), and a reply reaches both.
"""

from __future__ import annotations

from email.utils import formataddr

from django.db import transaction

from council.models import Council

from ..models import Capacity, Correspondence, OutboundEmail, Recipient
from ..services.portal import message_compose_official, record_copy_to_clerk
from .outbox import outbox_enqueue
from .sending import email_render, message_id_make
from .threading import subject_with_reference

__all__ = ["official_message_send", "personal_view_copy_send", "record_email_queue", "record_email_send"]

PURPOSE_OFFICIAL = "official"
PURPOSE_CLERK_COPY = "clerk_copy"


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
    rendered = email_render("official_message", {"council": council, "subject": record.subject,
                                                 "body": record.body_text, "sender_name": name})
    subject = subject_with_reference(rendered.subject or "Message from the Council", record.thread.reference)
    reply_to = [formataddr((name, member.email))] if member and member.email else []
    reply_to.append(formataddr((f"Clerk to {council.name}", council.clerk_email)))
    if not record.message_id:
        record.message_id = message_id_make(council)
        record.save(update_fields=["message_id"])
    return outbox_enqueue(
        council=council, to=to, cc=cc, subject=subject, body_text=rendered.body_text, body_html=rendered.body_html,
        purpose=PURPOSE_OFFICIAL, record=record, message_id=record.message_id, actor=actor,
        from_address=formataddr((f"{name} ({council.name})", council.clerk_email)),
        headers={"Reply-To": ", ".join(reply_to)},
    )


def _queue_clerk_copy(record: Correspondence, actor) -> OutboundEmail:
    council = record.council
    rendered = email_render("clerk_copy", {
        "council": council, "subject": record.subject, "body": record.body_text,
        "member_name": _member_name(record.created_by or record.sender_member),
        "channel": record.get_channel_display(), "contact": record.sender_contact or record.sender_display
        or ", ".join(r.name or r.address for r in record.recipients.all() if r.kind == Recipient.Kind.TO),
        "occurred_at": record.occurred_at, "reference": record.thread.reference,
    })
    return outbox_enqueue(
        council=council, to=[council.clerk_email], subject=subject_with_reference(rendered.subject, record.thread.reference),
        body_text=rendered.body_text, body_html=rendered.body_html, purpose=PURPOSE_CLERK_COPY, record=record, actor=actor,
    )


@transaction.atomic
def record_email_queue(*, record: Correspondence, actor=None) -> OutboundEmail | None:
    """Queue the email a recorded councillor's message needs; the same record never gets two.

    Official email (P12): to its recipients with the Clerk copied. A personal view copied to the
    Clerk (P13): a copy to the Clerk. Anything else: nothing to send.
    """
    record = Correspondence.objects.select_for_update(of=("self",)).select_related("council", "thread", "sender_member").get(pk=record.pk)
    if record.capacity == Capacity.PERSONAL_VIEW:
        if not record.copied_to_clerk:
            return None
        purpose, build = PURPOSE_CLERK_COPY, _queue_clerk_copy
    elif record.channel == "email" and record.direction == "out" and record.sender_member_id:
        purpose, build = PURPOSE_OFFICIAL, _queue_official
    else:
        return None
    existing = OutboundEmail.objects.filter(record=record, purpose=purpose).first()
    return existing or build(record, actor)


def record_email_send(*, record_id: int) -> OutboundEmail | None:
    record = Correspondence.objects.filter(pk=record_id).first()
    return record_email_queue(record=record) if record else None


@transaction.atomic
def official_message_send(
    *, council: Council, actor, to: str, cc: str = "", subject: str, body_text: str, thread=None,
    confirm_wide: bool = False,
) -> Correspondence:
    """Record a councillor's official email and queue it, with the Clerk copied (P12), in one transaction.

    Raises ValidationError (from the composer rules, P18) before anything is stored.
    """
    record = message_compose_official(council=council, actor=actor, to=to, cc=cc, subject=subject,
                                      body_text=body_text, thread=thread, confirm_wide=confirm_wide)
    record_email_queue(record=record, actor=actor)
    return record


@transaction.atomic
def personal_view_copy_send(*, record: Correspondence, actor) -> Correspondence:
    """P13: copy a councillor's personal-view record to the Clerk: official, disclosable, and emailed."""
    record = record_copy_to_clerk(record=record, actor=actor)
    record_email_queue(record=record, actor=actor)
    return record
