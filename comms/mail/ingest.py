"""Recording inbound email (P14): every message exactly once, threaded, with its raw bytes.

Used by the IMAP poller and `manage.py ingest_email` alike. Idempotent by Message-ID per council
(a message without one is keyed by a hash of its content), so a crash, a re-run or a UIDVALIDITY
reset never records a message twice. A malformed message is recorded with its raw bytes and
`parse_failed`, never dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from comms.models import (
    Channel,
    Correspondence,
    Direction,
    OutboundEmail,
    Recipient,
    Referral,
    Thread,
    TriageVerdict,
)
from comms.services.acknowledgements import acknowledgement_automatic
from comms.services.attachments import raw_and_attachments_keep
from comms.services.correspondence import RecipientSpec, contact_find_or_create, record_create, thread_create
from comms.services.junk import inbound_email_triage
from comms.services.member_mail import (
    member_for_address,
    member_mail_file,
    member_mail_kind_for,
    member_mail_trust,
)
from council.audit import audit_record
from council.models import Council

from .automatic import automatic_message_reason
from .autoreply import AutoreplyDecision
from .parsing import ParsedEmail, parse_message
from .responder import autoreply_decide, autoreply_send
from .sending import council_mail_domain, council_own_addresses
from .threading import thread_keys

logger = logging.getLogger(__name__)

__all__ = ["IngestResult", "automatic_words", "email_ingest", "stable_message_id", "thread_for_message"]


@dataclass(frozen=True)
class IngestResult:
    record: Correspondence
    created: bool
    autoreply: AutoreplyDecision | None = None
    outbound: OutboundEmail | None = None
    triage: TriageVerdict | None = None

    def as_dict(self) -> dict:
        return {
            "record": self.record.pk,
            "thread": self.record.thread.reference,
            "created": self.created,
            "message_id": self.record.message_id,
            "parse_failed": self.record.parse_failed,
            "automatic": self.record.is_automatic,
            "junk": bool(self.triage and self.triage.is_junk),
            "reply": bool(self.outbound),
            "reason": self.autoreply.reason if self.autoreply else ("duplicate" if not self.created else ""),
        }


def stable_message_id(parsed: ParsedEmail) -> str:
    """The key a message is recorded under: its Message-ID, or `sha256:<content hash>`."""
    key = parsed.stable_id
    if len(key) > 500:
        key = "sha256:" + hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()
    return key


def thread_for_message(*, council: Council, parsed: ParsedEmail) -> Thread | None:
    """In-Reply-To, then References (nearest first), then a `[Ref T-12]` subject reference.

    Never a councillor's private personal view (P13): mail to the Council is the Clerk's to see,
    so it must not vanish into a case only one member can open.
    """
    keys = thread_keys(parsed)
    ids = [i for i in keys.message_ids if len(i) <= 500][:100]
    if ids:
        found = dict(
            Correspondence.objects.filter(
                council=council, message_id__in=ids, thread__private_to__isnull=True
            ).values_list("message_id", "thread_id")
        )
        sent = dict(
            OutboundEmail.objects.filter(
                council=council, message_id__in=ids, record__isnull=False, record__thread__private_to__isnull=True
            ).values_list("message_id", "record__thread_id")
        )
        for message_id in ids:
            thread_id = found.get(message_id) or sent.get(message_id)
            if thread_id:
                return Thread.objects.get(pk=thread_id)
    if keys.reference:
        return Thread.objects.filter(council=council, reference__iexact=keys.reference, private_to__isnull=True).first()
    return None


def _occurred_at(parsed: ParsedEmail, received_at: dt.datetime) -> dt.datetime:
    if parsed.date and received_at - dt.timedelta(days=365 * 50) < parsed.date <= received_at + dt.timedelta(days=1):
        return parsed.date
    return received_at


def _recipients(parsed: ParsedEmail) -> list[RecipientSpec]:
    specs = []
    for kind, addresses in ((Recipient.Kind.TO, parsed.to), (Recipient.Kind.CC, parsed.cc)):
        for name, address in addresses[:200]:
            specs.append(RecipientSpec(address=address, name=name, kind=kind))
    return specs


def _is_stale(parsed: ParsedEmail, at: dt.datetime) -> bool:
    # An imported archive must not answer last year's mail.
    limit = dt.timedelta(hours=float(getattr(settings, "AUTOREPLY_MAX_AGE_HOURS", 72)))
    return parsed.date is not None and parsed.date < at - limit


def email_ingest(
    *,
    council: Council,
    raw: bytes,
    received_via: str,
    received_at: dt.datetime | None = None,
    autoreply: bool = True,
    delivered: bool = True,
) -> IngestResult:
    """Record one raw message for `council`; a message already recorded comes back with created=False.

    `delivered` is False for a saved file (it never passed a mail server, so a missing Return-Path
    says nothing about whether a machine sent it).
    """
    raw = bytes(raw or b"")
    parsed = parse_message(raw)
    key = stable_message_id(parsed)
    at = received_at or timezone.now()
    try:
        with transaction.atomic():
            # Serialise ingest per council, so the duplicate check and the once-per-sender reply hold.
            Council.objects.select_for_update().filter(pk=council.pk).values_list("pk", flat=True).first()
            existing = Correspondence.objects.filter(council=council, message_id=key).select_related("thread").first()
            if existing is not None:
                return IngestResult(record=existing, created=False)
            record = _record_new(council=council, parsed=parsed, raw=raw, key=key, at=at, received_via=received_via)
            # P11: junk is decided here, before the responder, so an advert is never answered (backscatter
            # to forged senders) and never shows in the inbox as New.
            triage = inbound_email_triage(record=record, parsed=parsed)
            if triage is not None:
                record.thread.refresh_from_db(fields=["is_low_priority"])  # where triage filed the case
            decision, outbound = None, None
            if autoreply:
                decision = autoreply_decide(council=council, parsed=parsed, at=at, delivered=delivered)
                if decision.reply and triage is not None and triage.is_junk:
                    decision = AutoreplyDecision(False, "junk")
                if decision.reply and _is_stale(parsed, at):
                    decision = AutoreplyDecision(False, "stale-message")
                if decision.reply:
                    outbound = autoreply_send(council=council, parsed=parsed, record=record, decision=decision, at=at)
            if triage is not None and not triage.is_junk:
                acknowledgement_automatic(thread=record.thread, now=at)
            return IngestResult(record=record, created=True, autoreply=decision, outbound=outbound, triage=triage)
    except IntegrityError:
        # A concurrent ingest of the same message won the race (unique council + message_id).
        existing = Correspondence.objects.filter(council=council, message_id=key).select_related("thread").first()
        if existing is None:
            raise
        return IngestResult(record=existing, created=False)


def _record_new(
    *, council: Council, parsed: ParsedEmail, raw: bytes, key: str, at: dt.datetime, received_via: str
) -> Correspondence:
    member = _member_sender(council, parsed)
    trust = member_mail_trust(council=council, parsed=parsed, member=member) if member else (None, False)
    filed = _member_mail_filed(
        council=council, parsed=parsed, raw=raw, key=key, at=at, received_via=received_via, member=member, trust=trust
    )
    if filed is not None:
        return filed
    contact, member = _sender_of(council, parsed, member, trust)
    automatic_reason = automatic_message_reason(
        parsed,
        own_addresses=council_own_addresses(council),
        own_message_id_domains=[council_mail_domain(council)],
        missing_return_path_is_automatic=False,
    )
    automatic = automatic_reason is not None
    thread = thread_for_message(council=council, parsed=parsed)
    if thread is None:
        # P11, P14: an auto-reply, bounce or list mail is recorded, but decided here and now to go
        # where automatic mail goes (low priority), not to open a New case in the main inbox.
        thread = thread_create(
            council=council, subject=parsed.subject or "(no subject)", contact=contact, is_low_priority=automatic
        )
        if automatic:
            audit_record(
                council=council,
                actor=None,
                action="thread.low_priority",
                obj=thread,
                summary=f"{thread.reference} filed in low priority on arrival: {automatic_words(automatic_reason)}",
                before={"is_low_priority": False},
                after={"is_low_priority": True, "reason": automatic_reason},
            )
    notes = list(parsed.parse_errors)
    record = record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        subject=parsed.subject,
        body_text=parsed.text_body,
        body_html=parsed.html_body or "",
        sender_contact=contact,
        sender_member=member,
        sender_display=formataddr((parsed.from_name, parsed.from_address or ""))
        if parsed.from_address
        else parsed.from_name,
        occurred_at=_occurred_at(parsed, at),
        message_id=key,
        recipients=_recipients(parsed),
        parse_failed=bool(parsed.parse_errors),
        parse_errors="\n".join(notes),
        is_automatic=automatic,
    )
    raw_and_attachments_keep(
        record=record, attachments=parsed.attachments, raw=raw, received_via=received_via, notes=notes
    )
    audit_record(
        council=council,
        actor=None,
        action="email.received",
        obj=record,
        summary=f"{received_via}: {parsed.subject}"[:500],
        after={
            "message_id": key,
            "parse_failed": record.parse_failed,
            "automatic": automatic,
            "attachments": len(parsed.attachments),
        },
    )
    if member is not None and not automatic:
        referrals_answered_by_email(record=record, member=member)
    return record


def _sender_of(council: Council, parsed: ParsedEmail, member, trust: tuple[str | None, bool]):
    """(contact, member) a received message is recorded as from. A member's address is the member's, never
    a correspondent's (so never acknowledged or answered as one); and P12: a From no server vouched for is
    not the member's (what reaches here unvouched from their address is their automatic mail)."""
    contact = (
        contact_find_or_create(council=council, email=parsed.from_address or "", name=parsed.from_name)
        if parsed.from_address and member is None
        else None
    )
    return contact, (member if trust[0] is not None else None)


def _member_mail_filed(
    *,
    council: Council,
    parsed: ParsedEmail,
    raw: bytes,
    key: str,
    at: dt.datetime,
    received_via: str,
    member,
    trust: tuple[str | None, bool],
) -> Correspondence | None:
    """A member's own mail Bcc'd or forwarded to the council mailbox, filed as theirs, or any mail from
    a member's address that no server vouched for, held for the Clerk; None for the rest (P12, P13)."""
    if member is None or automatic_message_reason(
        parsed,
        own_addresses=council_own_addresses(council),
        own_message_id_domains=[council_mail_domain(council)],
        missing_return_path_is_automatic=False,
    ):
        return None
    kind = member_mail_kind_for(council, parsed)
    if kind == "to_clerk" and trust[0] is not None:
        return None  # the member writing to the Clerk, as themselves: recorded as any message is
    return member_mail_file(
        council=council,
        parsed=parsed,
        raw=raw,
        key=key,
        at=at,
        received_via=received_via,
        member=member,
        kind=kind,
        trust=trust,
        thread_for=lambda: thread_for_message(council=council, parsed=parsed),
        occurred_at=_occurred_at(parsed, at),
    )


def _member_sender(council: Council, parsed: ParsedEmail):
    """The active member of this council (any role) whose own address (account or confirmed) sent the message."""
    return member_for_address(council=council, address=parsed.from_address)


# What a Clerk reads for each code of `comms.mail.automatic.AUTOMATIC_REASONS` (never the code).
_AUTOMATIC_WORDS = {
    "auto-submitted": "the sender marked it as sent automatically",
    "x-auto-response-suppress": "the sender asked not to be sent automatic replies",
    "precedence-bulk": "it was sent as bulk mail",
    "precedence-list": "it came from a mailing list",
    "precedence-junk": "the sender marked it as junk mail",
    "precedence-auto-reply": "it is an automatic reply",
    "list-header": "it came from a mailing list",
    "list-server": "it came from mailing list software (a post or a notice from the list)",
    "delivery-report": "it is a delivery report (a bounce or read receipt)",
    "vendor-autoreply-header": "it is an automatic reply",
    "app-notification": "it is a notification from a website or application",
    "bulk-platform": "it was sent through a bulk-mail service (a newsletter or an automated notice)",
    "x-loop": "it has already passed through an automatic responder",
    "own-address": "it came from the Council's own address",
    "own-message-id": "it came from the Council's own mail system",
    "robot-sender": "it came from an address that takes no replies",
    "empty-return-path": "it came from a mail system, not a person",
    "missing-return-path": "it reached the mailbox without the return address that normal delivery adds",
    "spam-flag": "the mail server marked it as spam",
    "autoreply-subject": "it is an automatic reply",
}


def automatic_words(reason: str | None) -> str:
    """Why a message counts as automatic, in words a Clerk reads (P14 history)."""
    return "an automatic message: " + _AUTOMATIC_WORDS.get(reason or "", "it was sent automatically")


def referrals_answered_by_email(*, record: Correspondence, member) -> None:
    """P11: a member's emailed reply in a case referred to them acknowledges the referral, and the
    reply is their response to the Clerk, kept in the case (the same transaction as the record)."""
    referrals = list(
        Referral.objects.select_for_update()
        .filter(thread_id=record.thread_id, to_member=member, completed_at__isnull=True)
        .select_related("thread")
    )
    name = member.get_full_name() or member.username
    for referral in referrals:
        if not referral.acknowledged_at:
            referral.acknowledged_at = max(record.occurred_at, referral.created_at)
            referral.save(update_fields=["acknowledged_at"])
            audit_record(
                council=record.council,
                actor=member,
                action="referral.acknowledged",
                obj=referral,
                summary=f"{referral.thread.reference} acknowledged by {name}, who replied by email",
                before={"acknowledged": False},
                after={"acknowledged": True, "record": record.pk},
            )
        audit_record(
            council=record.council,
            actor=member,
            action="referral.responded",
            obj=referral,
            summary=f"{referral.thread.reference}: {name} responded by email",
            after={"record": record.pk},
        )
