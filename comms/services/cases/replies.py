"""Answering a case as the Council (saved replies, P6) and logging a call, letter, SMS or meeting (P16)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from comms.models import Capacity, Channel, Confidentiality, Correspondence, Direction, SavedReply, Thread
from comms.services.cases.common import Status, status_set, thread_locked
from comms.services.correspondence import RecipientSpec, contact_find_or_create, record_create, thread_create
from council.actors import Actor
from council.audit import audit_record
from council.models import PolicyChannel
from council.text import subject_from_text

# P6: the standard reply to a social media message or comment; every council has it (see
# saved_replies_standard_ensure), and the case page offers it on social threads.
SOCIAL_MEDIA_REPLY_TITLE = "Social media: not official contact"


SOCIAL_MEDIA_REPLY_BODY = (
    "Dear {name},\n\nThank you for your message. A message sent through social media is not official contact "
    "with the Council, so it cannot be considered or answered here. Please email the Clerk at {clerk_email} "
    "and your message will be dealt with as official correspondence.\n\nYours sincerely,\nThe Clerk"
)


@transaction.atomic
def saved_replies_standard_ensure(*, council, actor: Actor = None) -> SavedReply:
    """Create the council's P6 social media reply if it has never had one; a renamed or retired one is left alone."""
    saved, created = SavedReply.objects.get_or_create(
        council=council,
        title=SOCIAL_MEDIA_REPLY_TITLE,
        defaults={"body": SOCIAL_MEDIA_REPLY_BODY, "marks_status": Status.REPLIED},
    )
    if created:
        audit_record(
            council=council,
            actor=actor,
            action="saved_reply.created",
            obj=saved,
            summary=saved.title,
            after={"title": saved.title, "standard": "P6"},
        )
    return saved


def saved_reply_render(*, saved_reply: SavedReply, name: str = "") -> str:
    council = saved_reply.council
    body = (
        saved_reply.body.replace("{name}", name or "Sir or Madam")
        .replace("{website}", council.website)
        .replace("{clerk_email}", council.clerk_email)
    )
    if saved_reply.link_url and saved_reply.link_url not in body:
        body = f"{body.rstrip()}\n\n{saved_reply.link_url}"
    return body


@transaction.atomic
def reply_create_as_council(
    *,
    thread: Thread,
    actor: Actor,
    body_text: str,
    subject: str = "",
    channel: str = Channel.EMAIL,
    saved_reply: SavedReply | None = None,
) -> Correspondence:
    """A reply sent as the Council (P12), recorded in the case; email goes to the outbox row by row."""
    thread = thread_locked(thread)
    body_text = (body_text or "").strip()
    if not body_text:
        raise ValidationError("The reply is empty.")
    if saved_reply is not None and saved_reply.council_id != thread.council_id:
        raise ValidationError("That saved reply belongs to another council.")
    contact = thread.contact
    to = [contact.email] if contact and contact.email else []
    if channel == Channel.EMAIL and not to:
        raise ValidationError("This case has no email address to reply to: record the reply as a letter or phone call.")
    subject = subject or (f"Re: {thread.subject}" if thread.subject else "Reply from the Council")
    subject = subject if f"[Ref {thread.reference}]" in subject else f"{subject} [Ref {thread.reference}]"
    recipients = [RecipientSpec(address=a, name=contact.name if contact else "", contact=contact) for a in to]
    if channel == Channel.EMAIL:
        # Sent by the worker once this commits; threaded to the last message we received.
        last_in = (
            thread.records.filter(direction=Direction.IN, message_id__isnull=False)
            .order_by("-occurred_at")
            .values_list("message_id", flat=True)
            .first()
        )
        real_id = last_in and not last_in.startswith("sha256:")  # content hashes stand in for missing ids
        headers = {"In-Reply-To": f"<{last_in}>", "References": f"<{last_in}>"} if real_id else None
        outbound = council_email_send(
            council=thread.council,
            purpose=Purpose.REPLY,
            to=to,
            template="reply",
            context={"subject": subject, "body": body_text},
            thread=thread,
            recipients=recipients,
            headers=headers,
            actor=actor,
            record_fields={
                "sender_member": actor,
                "capacity": Capacity.OFFICIAL,
                "confidentiality": Confidentiality.INTERNAL,
            },
        )
        record = outbound.record
    else:
        record = record_create(
            thread=thread,
            channel=channel,
            direction=Direction.OUT,
            actor=actor,
            subject=subject,
            body_text=body_text,
            sender_member=actor,
            sender_display=thread.council.clerk_email,
            capacity=Capacity.OFFICIAL,
            copied_to_clerk=True,
            confidentiality=Confidentiality.INTERNAL,
            recipients=recipients,
        )
    status = saved_reply.marks_status if saved_reply else Status.REPLIED
    status_set(
        thread=thread,
        status=status,
        actor=actor,
        action="thread.replied",
        summary=f"{thread.reference} replied as the Council" + (f" ({saved_reply.title})" if saved_reply else ""),
    )
    return record


# Channels the Clerk or a member records by hand: phone, letter, SMS, video call, in person (P16).
LOGGED_CHANNELS = (Channel.PHONE, Channel.LETTER, Channel.SMS, Channel.VIDEO_CALL, Channel.IN_PERSON)


@transaction.atomic
def communication_log(
    *,
    council,
    actor: Actor,
    channel: str,
    direction: str,
    summary: str,
    subject: str = "",
    thread: Thread | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    occurred_at: datetime | None = None,
    capacity: str = Capacity.OFFICIAL,
    copied_to_clerk: bool = False,
    confidentiality: str = Confidentiality.INTERNAL,
) -> Correspondence:
    """Record a call, letter, SMS, video call or conversation, in a case or as a new one (P14, P16)."""
    if channel not in LOGGED_CHANNELS:
        raise ValidationError("Record a phone call, letter, SMS, video call or conversation here.")
    if not (summary or "").strip():
        raise ValidationError("Say what was communicated.")
    if occurred_at and occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError("A communication cannot be recorded in the future.")
    if channel in (Channel.SMS, Channel.VIDEO_CALL) and not council.uses(
        PolicyChannel.SMS if channel == Channel.SMS else PolicyChannel.VIDEO
    ):
        # Still recorded (P14: nothing is dropped), but the record says the channel is outside the policy.
        summary = f"{summary}\n\n[Channel not covered by the council's current policy.]"
    contact = None
    if contact_email or contact_phone or contact_name:
        contact = contact_find_or_create(council=council, email=contact_email, phone=contact_phone, name=contact_name)
    if thread is None:
        thread = thread_create(
            council=council, subject=subject or subject_from_text(summary, limit=80), contact=contact, actor=actor
        )
    elif thread.council_id != council.id:
        raise ValidationError("That case belongs to another council.")
    inbound = direction == Direction.IN
    recipients = (
        []
        if inbound or contact is None
        else [RecipientSpec(address=contact.email or contact.phone, name=contact.name, contact=contact)]
    )
    return record_create(
        thread=thread,
        channel=channel,
        direction=direction,
        actor=actor,
        subject=subject,
        body_text=summary.strip(),
        sender_contact=contact if inbound else None,
        sender_member=None if inbound else actor,
        sender_display=str(contact) if inbound and contact else "",
        occurred_at=occurred_at,
        capacity=capacity,
        copied_to_clerk=copied_to_clerk,
        confidentiality=confidentiality,
        recipients=recipients,
    )
