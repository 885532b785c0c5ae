"""What the Clerk does to a case: triage, refer, take to a meeting, reply, close (P5, P9, P11, P14).

Every function locks the thread, checks the move is allowed, changes it and writes the audit
event in one transaction. Nothing here deletes: withdrawing a record marks it (P14).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from council.audit import audit_record
from council.models import Body, ExternalAgency, Membership
from council.models import PolicyChannel
from council.text import subject_from_text

from ..models import (
    Capacity,
    Channel,
    Confidentiality,
    Correspondence,
    Direction,
    Note,
    Recipient,
    Referral,
    SavedReply,
    Thread,
)
from ..mail.door import Purpose, council_email_send
from ..mail.referrals import referral_email_queue
from .correspondence import RecipientSpec, contact_find_or_create, record_create, thread_create

Status = Thread.Status
OPEN_STATUSES = frozenset(Status.values) - {Status.CLOSED, Status.NO_RESPONSE_NEEDED}


def _locked(thread: Thread) -> Thread:
    return Thread.objects.select_for_update().get(pk=thread.pk)


def _require_open(thread: Thread, doing: str) -> None:
    if thread.status in (Status.CLOSED, Status.NO_RESPONSE_NEEDED):
        raise ValidationError(f"Case {thread.reference} is {thread.get_status_display().lower()}: reopen it before you {doing}.")


def _set_status(*, thread: Thread, status: str, actor, action: str, summary: str = "", extra: dict | None = None) -> Thread:
    before = {"status": thread.status, **{k: getattr(thread, k) for k in (extra or {})}}
    thread.status = status
    for field, value in (extra or {}).items():
        setattr(thread, field, value)
    thread.last_activity_at = timezone.now()
    thread.save(update_fields=["status", "last_activity_at", *(extra or {})])
    after = {"status": status, **{k: (v.pk if hasattr(v, "pk") else v) for k, v in (extra or {}).items()}}
    before = {k: (v.pk if hasattr(v, "pk") else v) for k, v in before.items()}
    audit_record(council=thread.council, actor=actor, action=action, obj=thread, summary=summary or thread.reference,
                 before=before, after=after)
    return thread


def _active_member(council, user) -> bool:
    return Membership.objects.filter(council=council, user=user, is_active=True).exists()


@transaction.atomic
def thread_triage(*, thread: Thread, actor, owner=None, due_on: date | None = None, is_low_priority: bool = False) -> Thread:
    """The Clerk has read it and decided who has it and by when (P11)."""
    thread = _locked(thread)
    _require_open(thread, "triage it")
    if owner is not None and not _active_member(thread.council, owner):
        raise ValidationError("The owner must hold a role in this council.")
    status = Status.TRIAGED if thread.status == Status.NEW else thread.status
    return _set_status(thread=thread, status=status, actor=actor, action="thread.triaged",
                       summary=f"{thread.reference} triaged",
                       extra={"owner": owner, "due_on": due_on, "is_low_priority": is_low_priority})


def referral_validate(*, thread: Thread, purpose: str, to_member=None, to_agency: ExternalAgency | None = None) -> None:
    """Raise ValidationError, saying why, if this referral cannot be made (nothing is changed)."""
    _require_open(thread, "refer it")
    if purpose not in (Referral.Purpose.INFORMATION, Referral.Purpose.ACTION):
        raise ValidationError("Refer for information or for action.")
    if (to_member is None) == (to_agency is None):
        raise ValidationError("Refer to one member or one external agency.")
    if to_member is not None and not _active_member(thread.council, to_member):
        raise ValidationError("That person is not a member of this council.")
    if to_agency is not None and to_agency.council_id != thread.council_id:
        raise ValidationError("That agency is not one of this council's.")


@transaction.atomic
def referral_create(
    *, thread: Thread, actor, purpose: str, to_member=None, to_agency: ExternalAgency | None = None,
    note: str = "", due_on: date | None = None,
) -> Referral:
    """Pass a case to a member or an external agency for information or for action (P11).

    A member is emailed here. A referral to an agency is created by the personal-data guard
    (records.services.forward.forward_send) when its email is sent (P15), never before.
    """
    thread = _locked(thread)
    referral_validate(thread=thread, purpose=purpose, to_member=to_member, to_agency=to_agency)
    referral = Referral.objects.create(
        council=thread.council, thread=thread, purpose=purpose, to_member=to_member, to_agency=to_agency,
        note=note, due_on=due_on, created_by=actor,
    )
    audit_record(council=thread.council, actor=actor, action="referral.created", obj=referral,
                 summary=f"{thread.reference} referred {referral.get_purpose_display().lower()} to {referral.target}",
                 after={"thread": thread.reference, "purpose": purpose, "to_member": getattr(to_member, "pk", None),
                        "to_agency": getattr(to_agency, "pk", None), "due_on": due_on, "note": note})
    _set_status(thread=thread, status=Status.REFERRED, actor=actor, action="thread.status_changed",
                summary=f"{thread.reference} referred")
    if to_member is not None:
        # P11: the member is emailed in this transaction; the outbox sends it on commit.
        referral_email_queue(referral=referral, actor=actor)
    return referral


@transaction.atomic
def referral_to_meeting_create(*, thread: Thread, actor, body: Body, meeting_date: date, note: str = "") -> Referral:
    """Take a matter to a meeting of the Council, a committee or a working group (P9)."""
    thread = _locked(thread)
    _require_open(thread, "take it to a meeting")
    if body.council_id != thread.council_id:
        raise ValidationError("That body is not one of this council's.")
    referral = Referral.objects.create(
        council=thread.council, thread=thread, purpose=Referral.Purpose.AGENDA, to_body=body,
        meeting_date=meeting_date, note=note, due_on=meeting_date, created_by=actor,
    )
    audit_record(council=thread.council, actor=actor, action="referral.to_meeting", obj=referral,
                 summary=f"{thread.reference} to {body} on {meeting_date:%d %b %Y}",
                 after={"thread": thread.reference, "body": body.pk, "meeting_date": meeting_date, "note": note})
    _set_status(thread=thread, status=Status.REFERRED, actor=actor, action="thread.status_changed",
                summary=f"{thread.reference} referred to {body}")
    return referral


@transaction.atomic
def thread_mark_no_response_needed(*, thread: Thread, actor, reason: str = "") -> Thread:
    """P5, P9: the Council may not respond to every comment; the decision is on the record."""
    thread = _locked(thread)
    _require_open(thread, "mark it")
    return _set_status(thread=thread, status=Status.NO_RESPONSE_NEEDED, actor=actor, action="thread.no_response_needed",
                       summary=f"{thread.reference}: no response needed. {reason}".strip())


@transaction.atomic
def thread_close(*, thread: Thread, actor, reason: str = "") -> Thread:
    thread = _locked(thread)
    if thread.status == Status.CLOSED:
        raise ValidationError(f"Case {thread.reference} is already closed.")
    return _set_status(thread=thread, status=Status.CLOSED, actor=actor, action="thread.closed",
                       summary=f"{thread.reference} closed. {reason}".strip())


@transaction.atomic
def thread_reopen(*, thread: Thread, actor, reason: str = "") -> Thread:
    thread = _locked(thread)
    if thread.status in OPEN_STATUSES:
        raise ValidationError(f"Case {thread.reference} is already open.")
    return _set_status(thread=thread, status=Status.TRIAGED, actor=actor, action="thread.reopened",
                       summary=f"{thread.reference} reopened. {reason}".strip())


@transaction.atomic
def note_add(*, thread: Thread, actor, text: str) -> Note:
    text = (text or "").strip()
    if not text:
        raise ValidationError("A note needs some text.")
    note = Note.objects.create(thread=thread, author=actor, text=text)
    audit_record(council=thread.council, actor=actor, action="note.added", obj=note,
                 summary=f"Note on {thread.reference}", after={"thread": thread.reference, "text": text})
    return note


# P6: the standard reply to a social media message or comment; every council has it (see
# saved_replies_standard_ensure), and the case page offers it on social threads.
SOCIAL_MEDIA_REPLY_TITLE = "Social media: not official contact"
SOCIAL_MEDIA_REPLY_BODY = (
    "Dear {name},\n\nThank you for your message. A message sent through social media is not official contact "
    "with the Council, so it cannot be considered or answered here. Please email the Clerk at {clerk_email} "
    "and your message will be dealt with as official correspondence.\n\nYours sincerely,\nThe Clerk"
)


@transaction.atomic
def saved_replies_standard_ensure(*, council, actor=None) -> SavedReply:
    """Create the council's P6 social media reply if it has never had one; a renamed or retired one is left alone."""
    saved, created = SavedReply.objects.get_or_create(
        council=council, title=SOCIAL_MEDIA_REPLY_TITLE,
        defaults={"body": SOCIAL_MEDIA_REPLY_BODY, "marks_status": Status.REPLIED},
    )
    if created:
        audit_record(council=council, actor=actor, action="saved_reply.created", obj=saved, summary=saved.title,
                     after={"title": saved.title, "standard": "P6"})
    return saved


def saved_reply_render(*, saved_reply: SavedReply, name: str = "") -> str:
    council = saved_reply.council
    body = (saved_reply.body.replace("{name}", name or "Sir or Madam").replace("{website}", council.website)
            .replace("{clerk_email}", council.clerk_email))
    if saved_reply.link_url and saved_reply.link_url not in body:
        body = f"{body.rstrip()}\n\n{saved_reply.link_url}"
    return body


@transaction.atomic
def reply_create_as_council(
    *, thread: Thread, actor, body_text: str, subject: str = "", channel: str = Channel.EMAIL,
    saved_reply: SavedReply | None = None,
) -> Correspondence:
    """A reply sent as the Council (P12), recorded in the case; email goes to the outbox row by row."""
    thread = _locked(thread)
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
            .order_by("-occurred_at").values_list("message_id", flat=True).first()
        )
        real_id = last_in and not last_in.startswith("sha256:")  # content hashes stand in for missing ids
        headers = {"In-Reply-To": f"<{last_in}>", "References": f"<{last_in}>"} if real_id else None
        outbound = council_email_send(
            council=thread.council, purpose=Purpose.REPLY, to=to, template="reply",
            context={"subject": subject, "body": body_text}, thread=thread, recipients=recipients, headers=headers,
            actor=actor, record_fields={"sender_member": actor, "capacity": Capacity.OFFICIAL,
                                        "confidentiality": Confidentiality.INTERNAL},
        )
        record = outbound.record
    else:
        record = record_create(
            thread=thread, channel=channel, direction=Direction.OUT, actor=actor, subject=subject, body_text=body_text,
            sender_member=actor, sender_display=thread.council.clerk_email, capacity=Capacity.OFFICIAL,
            copied_to_clerk=True, confidentiality=Confidentiality.INTERNAL, recipients=recipients,
        )
    status = saved_reply.marks_status if saved_reply else Status.REPLIED
    _set_status(thread=thread, status=status, actor=actor, action="thread.replied",
                summary=f"{thread.reference} replied as the Council" + (f" ({saved_reply.title})" if saved_reply else ""))
    return record


# Channels the Clerk or a member records by hand: phone, letter, SMS, video call, in person (P16).
LOGGED_CHANNELS = (Channel.PHONE, Channel.LETTER, Channel.SMS, Channel.VIDEO_CALL, Channel.IN_PERSON)


@transaction.atomic
def communication_log(
    *, council, actor, channel: str, direction: str, summary: str, subject: str = "", thread: Thread | None = None,
    contact_name: str = "", contact_email: str = "", contact_phone: str = "", occurred_at: datetime | None = None,
    capacity: str = Capacity.OFFICIAL, copied_to_clerk: bool = False, confidentiality: str = Confidentiality.INTERNAL,
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
        thread = thread_create(council=council, subject=subject or subject_from_text(summary, limit=80), contact=contact, actor=actor)
    elif thread.council_id != council.id:
        raise ValidationError("That case belongs to another council.")
    inbound = direction == Direction.IN
    recipients = [] if inbound or contact is None else [
        RecipientSpec(address=contact.email or contact.phone, name=contact.name, contact=contact)
    ]
    return record_create(
        thread=thread, channel=channel, direction=direction, actor=actor, subject=subject, body_text=summary.strip(),
        sender_contact=contact if inbound else None, sender_member=None if inbound else actor,
        sender_display=str(contact) if inbound and contact else "", occurred_at=occurred_at, capacity=capacity,
        copied_to_clerk=copied_to_clerk, confidentiality=confidentiality, recipients=recipients,
    )


@transaction.atomic
def record_withdraw(*, record: Correspondence, actor, reason: str) -> Correspondence:
    """P14: a record entered in error is marked withdrawn, with the reason; it is never removed."""
    record = Correspondence.objects.select_for_update().get(pk=record.pk)
    if record.withdrawn_at:
        raise ValidationError("This record is already withdrawn.")
    if not (reason or "").strip():
        raise ValidationError("Give the reason for withdrawing the record.")
    record.withdrawn_at = timezone.now()
    record.withdrawn_reason = reason.strip()
    record.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    audit_record(council=record.council, actor=actor, action="record.withdrawn", obj=record,
                 summary=f"Record {record.pk} withdrawn: {reason.strip()}", before={"withdrawn": False},
                 after={"withdrawn": True, "reason": reason.strip()})
    return record


@transaction.atomic
def record_confidentiality_set(*, record: Correspondence, actor, confidentiality: str, named_members=()) -> Correspondence:
    """P17: who may see a record; confidential ones only the Clerk and the members named."""
    if confidentiality not in Confidentiality.values:
        raise ValidationError("Unknown confidentiality level.")
    record = Correspondence.objects.select_for_update().get(pk=record.pk)
    members = list(named_members)
    if any(not _active_member(record.council, m) for m in members):
        raise ValidationError("Only members of this council can be named.")
    before = {"confidentiality": record.confidentiality, "named_members": sorted(record.named_members.values_list("pk", flat=True))}
    record.confidentiality = confidentiality
    record.save(update_fields=["confidentiality"])
    record.named_members.set(members)
    audit_record(council=record.council, actor=actor, action="record.confidentiality_changed", obj=record,
                 summary=f"Record {record.pk} is now {record.get_confidentiality_display().lower()}", before=before,
                 after={"confidentiality": confidentiality, "named_members": sorted(m.pk for m in members)})
    return record


__all__ = [
    "LOGGED_CHANNELS", "OPEN_STATUSES", "communication_log", "note_add", "record_confidentiality_set", "record_withdraw",
    "referral_create", "referral_to_meeting_create", "referral_validate", "reply_create_as_council", "saved_reply_render",
    "saved_replies_standard_ensure", "SOCIAL_MEDIA_REPLY_TITLE",
    "thread_close", "thread_mark_no_response_needed", "thread_reopen", "thread_triage", "Recipient",
]
