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
from django.db.models import Q
from django.utils import timezone

from comms.mail.door import Purpose
from comms.models import (
    UNOFFICIAL_CHANNELS,
    Acknowledgement,
    Capacity,
    Contact,
    Correspondence,
    Direction,
    OutboundEmail,
    Recipient,
    Thread,
)
from council.actors import Actor
from council.audit import audit_record
from council.models import Council, ResponseCommitment
from council.selectors import commitment_for
from council.workdays import add_working_days

Status = Thread.Status
ANSWERED_STATUSES = frozenset({Status.REPLIED, Status.CLOSED, Status.NO_RESPONSE_NEEDED})

# Emails that answer the correspondent (P14); every other purpose is work on the case, not an answer.
ACKNOWLEDGING_PURPOSES = frozenset({Purpose.ACKNOWLEDGEMENT})
REPLYING_PURPOSES = frozenset({Purpose.REPLY, Purpose.OFFICIAL, Purpose.MODERATION_RESPONSE})


@transaction.atomic
def commitment_update(*, council: Council, actor: Actor, **values) -> ResponseCommitment:
    allowed = {
        "acknowledge_within_days",
        "reply_within_days",
        "auto_acknowledge",
        "acknowledgement_template",
        "digest_frequency",
    }
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
    audit_record(
        council=council,
        actor=actor,
        action="commitment.updated",
        obj=commitment,
        summary=f"Acknowledge within {commitment.acknowledge_within_days}, reply within "
        f"{commitment.reply_within_days} working days; digest {commitment.digest_frequency}",
        before=before,
        after=values,
    )
    return commitment


def official_inbound_q():
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
            thread_id__in=thread_ids,
            direction=Direction.OUT,
            is_automatic=False,
            withdrawn_at__isnull=True,
        )
        .exclude(capacity=Capacity.PERSONAL_VIEW)
        .values_list("pk", "thread_id", "thread__contact_id")
    }
    if not outgoing:
        return {}
    purposes: dict[int, set[str]] = {}
    for record_id, purpose in OutboundEmail.objects.filter(record_id__in=list(outgoing)).values_list(
        "record_id", "purpose"
    ):
        purposes.setdefault(record_id, set()).add(purpose)
    recipients: dict[int, list[tuple]] = {}
    for row in Recipient.objects.filter(record_id__in=list(outgoing)).values_list(
        "record_id", "kind", "contact_id", "member_id", "agency_id", "address"
    ):
        recipients.setdefault(row[0], []).append(row[1:])
    contact_ids = {contact_id for _thread, contact_id in outgoing.values() if contact_id}
    emails = {
        pk: (email or "").lower() for pk, email in Contact.objects.filter(pk__in=contact_ids).values_list("pk", "email")
    }

    def to_correspondent(record_id: int, contact_id: int | None) -> bool:
        if contact_id is None:
            return True  # a case with no known correspondent: whoever the reply went to is them
        email = emails.get(contact_id, "")
        return any(
            kind == Recipient.Kind.TO and (rc_contact == contact_id or (email and address.lower() == email))
            for kind, rc_contact, _member, _agency, address in recipients.get(record_id, [])
        )

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
        .values_list(
            "thread_id",
            "pk",
            "direction",
            "occurred_at",
            "is_automatic",
            "channel",
            "capacity",
            "copied_to_clerk",
            "withdrawn_at",
        )
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
        clocks.append(
            CaseClock(
                thread=threads[thread_id],
                received_at=at,
                acknowledge_by=add_working_days(day, commitment.acknowledge_within_days)
                if commitment.acknowledge_within_days
                else None,
                reply_by=add_working_days(day, commitment.reply_within_days) if commitment.reply_within_days else None,
                first_response_at=first_out.get(thread_id),
                replied_at=replied.get(thread_id),
                answered=thread_id in replied or threads[thread_id].status in ANSWERED_STATUSES,
            )
        )
    clocks.sort(key=lambda c: c.received_at)
    return clocks
