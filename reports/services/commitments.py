"""Response commitments (P11, P14): acknowledge within N working days, reply within M.

Receipt is the first official inbound record of a case; its local date is day 0 and the deadlines
count working days after it (council.workdays, the UK-wide bank-holiday calendar).

Only what the Council sends *to the correspondent* answers them: an acknowledgement is the first
response, a reply (by email, letter, phone or SMS) is both the first response and the reply, and so
is closing the case or deciding no response is needed. A referral email to a councillor, a forward
to an outside agency, the out-of-office reply, a digest or a reminder is work on the case, not an
answer to the person who wrote: the outbox row the door wrote says which kind each email was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from comms.mail.responder import monitoring_next_read_sentence
from comms.models import (
    UNOFFICIAL_CHANNELS, Capacity, Channel, Contact, Correspondence, Direction, OutboundEmail, Recipient, Thread,
)
from comms.services.correspondence import RecipientSpec
from council.audit import audit_record
from council.models import Council, ResponseCommitment
from council.workdays import add_working_days

from ..models import Acknowledgement, CorrespondentDecision

Status = Thread.Status
ANSWERED_STATUSES = frozenset({Status.REPLIED, Status.CLOSED, Status.NO_RESPONSE_NEEDED})

# Emails that answer the correspondent (P14); every other purpose is work on the case, not an answer.
ACKNOWLEDGING_PURPOSES = frozenset({Purpose.ACKNOWLEDGEMENT})
REPLYING_PURPOSES = frozenset({Purpose.REPLY, Purpose.OFFICIAL, Purpose.MODERATION_RESPONSE})


def commitment_for(*, council: Council) -> ResponseCommitment:
    """The council's commitments; defaults (3 and 15 working days, weekly digest) until the Clerk sets them."""
    commitment = ResponseCommitment.objects.filter(council=council).first()
    return commitment or ResponseCommitment(council=council)


@transaction.atomic
def commitment_update(*, council: Council, actor, **values) -> ResponseCommitment:
    allowed = {"acknowledge_within_days", "reply_within_days", "auto_acknowledge", "acknowledgement_template", "digest_frequency"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"unknown commitment settings: {sorted(unknown)}")
    commitment, _ = ResponseCommitment.objects.select_for_update().get_or_create(council=council)
    if values.get("digest_frequency", commitment.digest_frequency) not in ResponseCommitment.DigestFrequency.values:
        raise ValidationError("Unknown digest frequency.")
    ack = values.get("acknowledge_within_days", commitment.acknowledge_within_days)
    reply = values.get("reply_within_days", commitment.reply_within_days)
    if ack and reply and reply < ack:
        raise ValidationError("The reply commitment cannot be shorter than the acknowledgement commitment.")
    before = {k: getattr(commitment, k) for k in values}
    for key, value in values.items():
        setattr(commitment, key, value)
    commitment.updated_at = timezone.now()
    commitment.save()
    audit_record(council=council, actor=actor, action="commitment.updated", obj=commitment,
                 summary=f"Acknowledge within {commitment.acknowledge_within_days}, reply within "
                         f"{commitment.reply_within_days} working days; digest {commitment.digest_frequency}",
                 before=before, after=values)
    return commitment


def official_inbound_q():
    from django.db.models import Q

    return (
        Q(direction=Direction.IN, is_automatic=False, withdrawn_at__isnull=True)
        & ~Q(channel__in=list(UNOFFICIAL_CHANNELS))
        & (Q(capacity=Capacity.OFFICIAL) | Q(copied_to_clerk=True))
    )


@dataclass
class CaseClock:
    """Where one case stands against the council's commitments."""

    thread: Thread
    received_at: dt.datetime
    acknowledge_by: dt.date | None
    reply_by: dt.date | None
    first_response_at: dt.datetime | None
    replied_at: dt.datetime | None
    answered: bool  # replied, closed or no response needed

    @property
    def received_on(self) -> dt.date:
        return timezone.localtime(self.received_at).date()

    @property
    def acknowledged(self) -> bool:
        return self.first_response_at is not None or self.answered

    def risk(self, today: dt.date) -> tuple[str, dt.date] | None:
        """("acknowledgement" or "reply", due date) when that commitment is missed or due by the next working day."""
        soon = add_working_days(today, 1)
        if self.acknowledge_by and not self.acknowledged and self.acknowledge_by <= soon:
            return "acknowledgement", self.acknowledge_by
        if self.reply_by and not self.answered and self.reply_by <= soon:
            return "reply", self.reply_by
        return None


def _response_kinds(thread_ids) -> dict[int, str]:
    """For each outgoing record in these cases that answers the correspondent: "acknowledgement" or "reply".

    An email counts by its outbox purpose and only when the correspondent is among its recipients
    (a councillor's official message to someone else does not answer them). A record without an
    outbox row was entered by hand (a letter, a call, an SMS): it counts unless it went to a
    member or an outside agency. Automatic messages (the out-of-office) and councillors'
    personal views never count.
    """
    thread_ids = list(thread_ids)
    outgoing = {
        pk: (thread_id, contact_id)
        for pk, thread_id, contact_id in Correspondence.objects.filter(
            thread_id__in=thread_ids, direction=Direction.OUT, is_automatic=False, withdrawn_at__isnull=True,
        ).exclude(capacity=Capacity.PERSONAL_VIEW).values_list("pk", "thread_id", "thread__contact_id")
    }
    if not outgoing:
        return {}
    purposes: dict[int, set[str]] = {}
    for record_id, purpose in OutboundEmail.objects.filter(record_id__in=list(outgoing)).values_list("record_id", "purpose"):
        purposes.setdefault(record_id, set()).add(purpose)
    recipients: dict[int, list[tuple]] = {}
    for row in Recipient.objects.filter(record_id__in=list(outgoing)).values_list(
            "record_id", "kind", "contact_id", "member_id", "agency_id", "address"):
        recipients.setdefault(row[0], []).append(row[1:])
    contact_ids = {contact_id for _thread, contact_id in outgoing.values() if contact_id}
    emails = {pk: (email or "").lower() for pk, email in Contact.objects.filter(pk__in=contact_ids).values_list("pk", "email")}

    def to_correspondent(record_id: int, contact_id: int | None) -> bool:
        if contact_id is None:
            return True  # a case with no known correspondent: whoever the reply went to is them
        email = emails.get(contact_id, "")
        return any(kind == Recipient.Kind.TO and (rc_contact == contact_id or (email and address.lower() == email))
                   for kind, rc_contact, _member, _agency, address in recipients.get(record_id, []))

    kinds: dict[int, str] = {}
    for record_id, (_thread_id, contact_id) in outgoing.items():
        sent_as = purposes.get(record_id)
        if sent_as:
            if sent_as & REPLYING_PURPOSES and to_correspondent(record_id, contact_id):
                kinds[record_id] = "reply"
            elif sent_as & ACKNOWLEDGING_PURPOSES and to_correspondent(record_id, contact_id):
                kinds[record_id] = "acknowledgement"
        elif not any(member or agency for _k, _c, member, agency, _a in recipients.get(record_id, [])):
            kinds[record_id] = "reply"
    return kinds


def case_clocks(*, council: Council, threads) -> list[CaseClock]:
    """Clocks for `threads` of `council`, with a fixed number of queries whatever their number."""
    commitment = commitment_for(council=council)
    threads = {t.pk: t for t in threads}
    if not threads:
        return []
    acks = set(Acknowledgement.objects.filter(thread_id__in=threads).values_list("record_id", flat=True))
    kinds = _response_kinds(threads)
    rows = (
        Correspondence.objects.filter(thread_id__in=threads)
        .values_list("thread_id", "pk", "direction", "occurred_at", "is_automatic", "channel", "capacity",
                     "copied_to_clerk", "withdrawn_at")
        .order_by("occurred_at", "pk")
    )
    received: dict[int, dt.datetime] = {}
    first_out: dict[int, dt.datetime] = {}
    replied: dict[int, dt.datetime] = {}
    for thread_id, pk, direction, at, automatic, channel, capacity, copied, withdrawn in rows:
        if withdrawn:
            continue
        if thread_id not in received:
            official = capacity == Capacity.OFFICIAL or copied
            if direction == Direction.IN and not automatic and channel not in UNOFFICIAL_CHANNELS and official:
                received[thread_id] = at
            continue
        kind = kinds.get(pk)
        if direction != Direction.OUT or kind is None:
            continue
        first_out.setdefault(thread_id, at)
        if kind == "reply" and pk not in acks:
            replied.setdefault(thread_id, at)
    clocks = []
    for thread_id, at in received.items():
        day = timezone.localtime(at).date()
        clocks.append(CaseClock(
            thread=threads[thread_id],
            received_at=at,
            acknowledge_by=add_working_days(day, commitment.acknowledge_within_days) if commitment.acknowledge_within_days else None,
            reply_by=add_working_days(day, commitment.reply_within_days) if commitment.reply_within_days else None,
            first_response_at=first_out.get(thread_id),
            replied_at=replied.get(thread_id),
            answered=thread_id in replied or threads[thread_id].status in ANSWERED_STATUSES,
        ))
    clocks.sort(key=lambda c: c.received_at)
    return clocks


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


def acknowledgement_text(*, thread: Thread, commitment: ResponseCommitment, clock: CaseClock | None = None,
                         at: dt.datetime | None = None) -> str:
    """The council's acknowledgement filled in for this case; out of hours or during an absence it also
    says when the Clerk will next read the message (P10: every channel the Council monitors)."""
    name = (thread.contact.name if thread.contact and thread.contact.name else "") or "Sir or Madam"
    reply_by = clock.reply_by if clock else (
        add_working_days(timezone.localdate(), commitment.reply_within_days) if commitment.reply_within_days else None
    )
    text = commitment.acknowledgement_template
    for key, value in {
        "{name}": name, "{council}": thread.council.name, "{reference}": thread.reference,
        "{reply_by}": f"{reply_by:%A %d %B %Y}".replace(" 0", " ") if reply_by else "as soon as we can",
    }.items():
        text = text.replace(key, value)
    return _with_next_read(text, monitoring_next_read_sentence(council=thread.council, at=at or timezone.now()))


def contact_is_restricted(*, contact) -> bool:
    """P14: a vexatious or unreasonably persistent correspondent gets no automatic acknowledgement."""
    return contact is not None and CorrespondentDecision.objects.filter(contact=contact, ended_at__isnull=True).exists()


@transaction.atomic
def acknowledgement_send(*, thread: Thread, actor=None, automatic: bool = False, body_text: str = "") -> Acknowledgement | None:
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
    clock = next(iter(case_clocks(council=council, threads=[thread])), None)
    text = (body_text or "").strip() or acknowledgement_text(thread=thread, commitment=commitment, clock=clock)
    subject = f"Acknowledgement: {thread.subject or 'your message'}"[:480] + f" [Ref {thread.reference}]"
    record = council_email_send(
        council=council, purpose=Purpose.ACKNOWLEDGEMENT, to=[contact.email], template="acknowledgement",
        context={"subject": subject, "body": text}, thread=thread, actor=actor,
        record_fields={"capacity": Capacity.OFFICIAL, "is_automatic": automatic},
        recipients=[RecipientSpec(address=contact.email, name=contact.name, contact=contact)],
    ).record
    ack = Acknowledgement.objects.create(council=council, thread=thread, record=record, automatic=automatic,
                                         actor=actor if getattr(actor, "is_authenticated", False) else None)
    if thread.status == Status.NEW:
        thread.status = Status.TRIAGED
        thread.save(update_fields=["status"])
    audit_record(council=council, actor=actor, action="thread.acknowledged", obj=thread,
                 summary=f"{thread.reference} acknowledged{' automatically' if automatic else ''}",
                 after={"record": record.pk, "automatic": automatic, "status": thread.status})
    return ack


def auto_acknowledge_new(*, council: Council | None = None, since: dt.datetime, stale_after: dt.timedelta = dt.timedelta(hours=72)) -> int:
    """Acknowledge new cases of councils that acknowledge automatically; returns how many were sent.

    Skips low-priority mail (triaged first), robot mail, restricted correspondents (P14: still
    recorded, never answered automatically) and anything older than `stale_after`, so importing an
    archive never answers last year's mail.
    """
    from django.db.models import Exists, OuterRef

    commitments = ResponseCommitment.objects.filter(auto_acknowledge=True)
    if council is not None:
        commitments = commitments.filter(council=council)
    council_ids = list(commitments.values_list("council_id", flat=True))
    if not council_ids:
        return 0
    cutoff = max(since, timezone.now() - stale_after)
    untriaged_email = Correspondence.objects.filter(
        thread_id=OuterRef("pk"), direction=Direction.IN, channel=Channel.EMAIL, triage_verdict__isnull=True
    )
    threads = (
        Thread.objects.filter(council_id__in=council_ids, created_at__gte=cutoff, is_low_priority=False,
                              private_to__isnull=True, acknowledgement__isnull=True, status__in=[Status.NEW, Status.TRIAGED],
                              contact__isnull=False)
        .exclude(contact__email="")
        .exclude(Exists(untriaged_email))
        .select_related("council", "contact")
    )
    sent = 0
    for thread in threads[:500]:
        clock = next(iter(case_clocks(council=thread.council, threads=[thread])), None)
        if clock is None or clock.first_response_at or clock.answered or clock.received_at < cutoff:
            continue
        if acknowledgement_send(thread=thread, automatic=True) is not None:
            sent += 1
    return sent
