"""Acknowledging a case (P12, P14): once, by email as the Council, recorded in the case.

The Clerk acknowledges with one click from the council's template; a council that acknowledges
automatically does so as soon as a new case arrives (an email as ingest records it, a message
through the website's contact form), never a correspondent under a vexatious or persistent
decision, never mail filed as junk or automatic, never old mail read from an archive.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from comms.mail.responder import monitoring_next_read_sentence
from comms.models import Acknowledgement, Capacity, Correspondence, CorrespondentDecision, Direction, Thread
from council.actors import Actor, user_of
from council.audit import audit_record
from council.models import ResponseCommitment
from council.selectors import commitment_for
from council.workdays import add_working_days

from .correspondence import RecipientSpec

__all__ = ["acknowledgement_automatic", "acknowledgement_send", "acknowledgement_text", "contact_is_restricted"]

Status = Thread.Status
# Mail older than this is not acknowledged automatically: importing an archive never answers last year's mail.
STALE_AFTER = dt.timedelta(hours=72)


def contact_is_restricted(*, contact) -> bool:
    """P14: a vexatious or unreasonably persistent correspondent gets no automatic acknowledgement."""
    return contact is not None and CorrespondentDecision.objects.filter(contact=contact, ended_at__isnull=True).exists()


def _first_received(records) -> Correspondence | None:
    """The record the commitments count from: the first official message in (P14), as the reports read it."""
    return next(
        (
            r
            for r in records
            if r.direction == Direction.IN
            and not r.is_automatic
            and not r.withdrawn_at
            and not r.is_social
            and r.is_official
        ),
        None,
    )


def _received_at(thread: Thread) -> dt.datetime | None:
    received = _first_received(Correspondence.objects.filter(thread=thread).order_by("occurred_at", "pk"))
    return received.occurred_at if received else None


def _with_next_read(text: str, sentence: str) -> str:
    """The council's own words with the next-read sentence: at {next_read} when the template has it,
    otherwise as a paragraph before the sign-off (the template's last paragraph)."""
    if "{next_read}" in text:
        return text.replace("{next_read}", sentence)
    if not sentence:
        return text
    body, _, sign_off = text.rstrip().rpartition("\n\n")
    if not body:
        return f"{text.rstrip()}\n\n{sentence}"
    return f"{body}\n\n{sentence}\n\n{sign_off}"


def acknowledgement_text(*, thread: Thread, commitment: ResponseCommitment, at: dt.datetime | None = None) -> str:
    """The council's acknowledgement filled in for this case; out of hours or during an absence it also
    says when the Clerk will next read the message (P10: every channel the Council monitors).

    The reply date counts the council's working days from the day the case was received.
    """
    name = (thread.contact.name if thread.contact and thread.contact.name else "") or "Sir or Madam"
    reply_by = None
    if commitment.reply_within_days:
        received = _received_at(thread)
        day = timezone.localtime(received).date() if received else timezone.localdate()
        reply_by = add_working_days(day, commitment.reply_within_days)
    text = commitment.acknowledgement_template
    for key, value in {
        "{name}": name,
        "{council}": thread.council.name,
        "{reference}": thread.reference,
        "{reply_by}": f"{reply_by:%A %d %B %Y}".replace(" 0", " ") if reply_by else "as soon as we can",
    }.items():
        text = text.replace(key, value)
    return _with_next_read(text, monitoring_next_read_sentence(council=thread.council, at=at or timezone.now()))


@transaction.atomic
def acknowledgement_send(
    *, thread: Thread, actor: Actor = None, automatic: bool = False, body_text: str = ""
) -> Acknowledgement | None:
    """Acknowledge a case once, by email as the Council, recorded in the case (P12, P14).

    The Clerk's one click (`automatic=False`) raises a clear error when it cannot be done; the
    automatic path returns None instead: already acknowledged, no email address, or a restricted
    correspondent.
    """
    thread = Thread.objects.select_for_update(of=("self",)).select_related("contact", "council").get(pk=thread.pk)
    council = thread.council

    def refuse(message: str):
        if automatic:
            return None
        raise ValidationError(message)

    if Acknowledgement.objects.filter(thread=thread).exists():
        return refuse(f"Case {thread.reference} has already been acknowledged.")
    contact = thread.contact
    if contact is None or not contact.email:
        return refuse("This case has no email address to acknowledge.")
    if automatic and contact_is_restricted(contact=contact):
        return None
    commitment = commitment_for(council=council)
    text = (body_text or "").strip() or acknowledgement_text(thread=thread, commitment=commitment)
    subject = f"Acknowledgement: {thread.subject or 'your message'}"[:480] + f" [Ref {thread.reference}]"
    record = council_email_send(
        council=council,
        purpose=Purpose.ACKNOWLEDGEMENT,
        to=[contact.email],
        template="acknowledgement",
        context={"subject": subject, "body": text},
        thread=thread,
        actor=actor,
        record_fields={"capacity": Capacity.OFFICIAL, "is_automatic": automatic},
        recipients=[RecipientSpec(address=contact.email, name=contact.name, contact=contact)],
    ).record
    ack = Acknowledgement.objects.create(
        council=council,
        thread=thread,
        record=record,
        automatic=automatic,
        actor=user_of(actor),
    )
    if thread.status == Status.NEW:
        thread.status = Status.TRIAGED
        thread.save(update_fields=["status"])
    audit_record(
        council=council,
        actor=actor,
        action="thread.acknowledged",
        obj=thread,
        summary=f"{thread.reference} acknowledged{' automatically' if automatic else ''}",
        after={"record": record.pk, "automatic": automatic, "status": thread.status},
    )
    return ack


def acknowledgement_automatic(*, thread: Thread, now: dt.datetime | None = None) -> Acknowledgement | None:
    """Acknowledge a new case now, if its council acknowledges automatically; None when it does not
    or the case is not one to acknowledge. Safe to call twice (a case is acknowledged once).

    Not acknowledged: a case in low priority (junk or automatic mail), a councillor's private case,
    a case someone at the Council has already written in or moved on, a case or message older than
    STALE_AFTER, a case with no official message in it, a restricted correspondent.
    """
    now = now or timezone.now()
    thread = Thread.objects.select_related("contact", "council").get(pk=thread.pk)
    if not commitment_for(council=thread.council).auto_acknowledge:
        return None
    if (
        thread.private_to_id
        or thread.is_low_priority
        or thread.status not in (Status.NEW, Status.TRIAGED)
        or thread.created_at < now - STALE_AFTER
    ):
        return None
    records = list(
        Correspondence.objects.filter(thread=thread, withdrawn_at__isnull=True).order_by("occurred_at", "pk")
    )
    if any(r.direction == Direction.OUT and not r.is_automatic for r in records):
        return None
    received = _first_received(records)
    if received is None or received.occurred_at < now - STALE_AFTER:
        return None
    return acknowledgement_send(thread=thread, automatic=True)
