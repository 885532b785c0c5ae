"""Filing a member's mail copied or forwarded to the council mailbox (P12, P13, P14, P18): as theirs when
the message is known to be theirs, else held until the Clerk confirms or rejects it."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from email.utils import formataddr

from django.conf import settings

from comms.mail.member_mail import (
    forwarded_message,
    is_personal_view_subject,
    member_mail_kind,
    routing_tag,
    sender_authenticated,
    subject_without_personal_tag,
)
from comms.mail.parsing import ParsedEmail
from comms.mail.sending import council_own_addresses
from comms.mail.threading import normalise_subject
from comms.models import (
    Capacity,
    Channel,
    Correspondence,
    Direction,
    MemberMailHold,
    MemberMailRoute,
    RawMessage,
    Recipient,
    Thread,
)
from comms.services.attachments import raw_and_attachments_keep
from comms.services.correspondence import (
    RecipientSpec,
    contact_find_or_create,
    recipients_add,
    record_create,
    thread_create,
)
from council.actors import Actor
from council.audit import audit_record
from council.models import Council
from council.text import quoted_trail_strip

from .addresses import council_mailbox_address, member_addresses_of_council, member_for_address


def member_mail_trust(*, council: Council, parsed: ParsedEmail, member) -> tuple[str | None, bool]:
    """How we know a message from the member's address is theirs ("routing-address", "dkim", "spf",
    "dmarc", or None: we do not), and whether it came through their personal-view route (P13)."""
    tag = routing_tag(parsed, mailbox_addresses=council_own_addresses(council) | {council_mailbox_address(council)})
    if tag:
        route = MemberMailRoute.objects.filter(council=council, member=member).first()
        if route and secrets.compare_digest(tag, route.tag):
            return "routing-address", False
        if route and secrets.compare_digest(tag, route.personal_tag):
            return "routing-address", True
    how = sender_authenticated(parsed, trusted_authserv_ids=tuple(getattr(settings, "MAIL_AUTHSERV_IDS", ())))
    return how, False


def member_mail_kind_for(council: Council, parsed: ParsedEmail) -> str:
    return member_mail_kind(
        parsed,
        council_addresses=council_own_addresses(council) | {council_mailbox_address(council)},
        member_addresses=member_addresses_of_council(council=council),
    )


def member_mail_file(
    *,
    council: Council,
    parsed: ParsedEmail,
    raw: bytes,
    key: str,
    at: dt.datetime,
    received_via: str,
    member,
    kind: str,
    trust: tuple[str | None, bool],
    thread_for,
    occurred_at: dt.datetime,
) -> Correspondence:
    """Record a member's copied or forwarded mail (the caller holds the council lock and has decided `kind`
    and `trust`, from `member_mail_trust`).

    Trusted: filed as the member's. Not trusted (any kind, a message to the Clerk too): recorded as
    received, not as the member's, with a hold the Clerk resolves on the case page.
    """
    how, personal_route = trust
    if how is None:
        # A message to the Clerk waits in the case it answers (a referral's, say), marked as unconfirmed;
        # mail that would speak for the member waits in a case of its own, out of the resident's.
        thread = (thread_for() if kind == "to_clerk" else None) or thread_create(
            council=council, subject=parsed.subject or "(no subject)"
        )
        return _member_mail_hold(
            council=council,
            parsed=parsed,
            raw=raw,
            key=key,
            received_via=received_via,
            member=member,
            kind=kind,
            thread=thread,
            occurred_at=occurred_at,
        )
    record = file_as_member(
        council=council,
        parsed=parsed,
        member=member,
        kind=kind,
        thread_for=thread_for,
        occurred_at=occurred_at,
        personal=personal_route or is_personal_view_subject(parsed.subject),
        key=key,
        existing=None,
        actor=None,
    )
    if kind == "forward":
        _raw_keep(record, raw, received_via)  # what was attached is the resident's message, kept with theirs
    else:
        raw_and_attachments_keep(
            record=record, attachments=parsed.attachments, raw=raw, received_via=received_via, notes=[]
        )
    audit_record(
        council=council,
        actor=None,
        action="member_mail.filed",
        obj=record,
        summary=f"{received_via}: {_kind_words(kind)} from {member} ({how})"[:500],
        after={"member": member.pk, "kind": kind, "verified_by": how},
    )
    return record


def _member_mail_hold(
    *, council, parsed: ParsedEmail, raw: bytes, key: str, received_via: str, member, kind: str, thread, occurred_at
) -> Correspondence:
    """Recorded as received from whoever sent it, and held for the Clerk to say whether it is the member's."""
    record = record_create(
        thread=thread,
        channel=Channel.EMAIL,
        direction=Direction.IN,
        subject=parsed.subject,
        body_text=parsed.text_body,
        body_html=parsed.html_body or "",
        sender_display=formataddr((parsed.from_name, parsed.from_address or "")),
        occurred_at=occurred_at,
        message_id=key,
        recipients=_recipients_plain(parsed),
        parse_failed=bool(parsed.parse_errors),
        parse_errors="\n".join(parsed.parse_errors),
    )
    raw_and_attachments_keep(
        record=record, attachments=parsed.attachments, raw=raw, received_via=received_via, notes=parsed.parse_errors
    )
    MemberMailHold.objects.create(council=council, record=record, claimed_member=member)
    audit_record(
        council=council,
        actor=None,
        action="member_mail.held",
        obj=record,
        summary=(
            f"{received_via}: says it is from {member}, but the mail server did not confirm it; waiting for the Clerk"
        )[:500],
        after={"claimed_member": member.pk, "kind": kind},
    )
    return record


_KIND_WORDS = {"outgoing": "mail copied to the Clerk", "forward": "a forwarded message", "to_clerk": "a message"}


def _kind_words(kind: str) -> str:
    return _KIND_WORDS.get(kind, "mail")


def _raw_keep(record: Correspondence, raw: bytes, received_via: str) -> None:
    RawMessage.objects.create(
        record=record, data=raw, sha256=hashlib.sha256(raw).hexdigest(), received_via=received_via[:40]
    )


def _recipients_plain(parsed: ParsedEmail) -> list[RecipientSpec]:
    return [
        RecipientSpec(address=a, name=n, kind=k)
        for k, items in ((Recipient.Kind.TO, parsed.to), (Recipient.Kind.CC, parsed.cc))
        for n, a in items[:200]
    ]


def file_as_member(
    *, council, parsed, member, kind, thread_for, occurred_at, personal, key, existing, actor: Actor
) -> Correspondence:
    """File the member's message as `kind`; with `existing`, turn that held record into it (the Clerk confirmed)."""
    if kind == "to_clerk":  # only ever a held message: one a server vouched for is recorded by ingest as it is
        thread = _thread_for_confirmed(council, parsed, existing) or existing.thread
        record = _convert(existing, thread=thread, fields={"sender_member": member}, recipients=None, actor=actor)
        _referrals_answered(record=record, member=member)  # P11: acknowledged now, not when it arrived
        return record
    subject = subject_without_personal_tag(parsed.subject) if personal else parsed.subject
    fields = {
        "sender_member": member,
        "sender_contact": None,
        "subject": subject,
        "body_html": "",
        "sender_display": formataddr((member.get_full_name() or member.username, parsed.from_address or member.email)),
        "capacity": Capacity.PERSONAL_VIEW if personal else Capacity.OFFICIAL,
        "copied_to_clerk": True,
        "foi_disclosable": True,
    }
    if kind == "forward":
        thread, recipients, own = _forward_filing(
            council=council, parsed=parsed, member=member, occurred_at=occurred_at, existing=existing, actor=actor
        )
    else:  # outgoing: the member's own correspondence, the Council copied (P12)
        thread = thread_for() if existing is None else _thread_for_confirmed(council, parsed, existing)
        thread, recipients, own = _outgoing_filing(
            council=council, parsed=parsed, subject=subject, thread=thread, existing=existing
        )
    fields.update(own)
    if existing is None:
        record = record_create(
            thread=thread,
            channel=Channel.EMAIL,
            occurred_at=occurred_at,
            message_id=key,
            recipients=recipients,
            actor=actor,
            **fields,
        )
    else:
        record = _convert(existing, thread=thread, fields=fields, recipients=recipients, actor=actor)
    _referrals_answered(record=record, member=member)
    return record


def _forward_filing(
    *, council, parsed, member, occurred_at, existing, actor: Actor
) -> tuple[Thread, list[RecipientSpec], dict]:
    """A forwarded resident's message: the resident's message goes on the record (unless it is there
    already), and the member's covering note is filed as passing it to the Clerk."""
    forwarded = forwarded_message(parsed)
    resident = (
        contact_find_or_create(council=council, email=forwarded.from_address, name=forwarded.from_name)
        if forwarded.from_address
        else None
    )
    on_record = _forward_on_record(council, forwarded)
    thread = on_record.thread if on_record else (existing.thread if existing else None)
    if thread is None:
        thread = thread_create(
            council=council, subject=forwarded.subject or parsed.subject or "(no subject)", contact=resident
        )
    if on_record is None:
        inbound = record_create(
            thread=thread,
            channel=Channel.EMAIL,
            direction=Direction.IN,
            actor=actor,
            subject=forwarded.subject,
            body_text=forwarded.body,
            sender_contact=resident,
            sender_display=formataddr((forwarded.from_name, forwarded.from_address)),
            occurred_at=forwarded.date if forwarded.date and forwarded.date <= occurred_at else occurred_at,
            message_id=forwarded.message_id,
            passed_on_by=member,
            recipients=[RecipientSpec(address=a, name=n) for n, a in forwarded.to[:50]],
        )
        if forwarded.raw:
            _raw_keep(inbound, forwarded.raw, "forwarded by a councillor")
    note = quoted_trail_strip(forwarded.note) or forwarded.note
    recipients = [RecipientSpec(address=council_mailbox_address(council), name="The Clerk")]
    if thread.contact_id is None and resident is not None:
        thread.contact = resident
        thread.save(update_fields=["contact"])
    body = note or "(passed on without a covering note)"
    return thread, recipients, {"direction": Direction.INTERNAL, "body_text": body}


def _outgoing_filing(*, council, parsed, subject, thread, existing) -> tuple[Thread, list[RecipientSpec], dict]:
    """The member's own message, the Council copied: its recipients (residents become contacts, the
    council's own addresses are left out) and the case it belongs to."""
    council_addresses = council_own_addresses(council) | {council_mailbox_address(council)}
    recipients = []
    for recipient_kind, items in ((Recipient.Kind.TO, parsed.to), (Recipient.Kind.CC, parsed.cc)):
        for name, address in items[:200]:
            lowered = address.lower()
            local, _, domain = lowered.partition("@")
            if lowered in council_addresses or f"{local.split('+', 1)[0]}@{domain}" in council_addresses:
                continue
            other = member_for_address(council=council, address=address)
            contact = None if other else contact_find_or_create(council=council, email=address, name=name)
            recipients.append(
                RecipientSpec(
                    address=address,
                    name=name or (contact.name if contact else ""),
                    kind=recipient_kind,
                    contact=contact,
                    member=other,
                )
            )
    recipients.append(
        RecipientSpec(address=council_mailbox_address(council), name="The Clerk", kind=Recipient.Kind.BCC)
    )
    first = next((r.contact for r in recipients if r.contact), None)
    if thread is None:
        thread = (
            existing.thread
            if existing
            else thread_create(council=council, subject=subject or "(no subject)", contact=first)
        )
    if thread.contact_id is None and first is not None:
        thread.contact = first
        thread.save(update_fields=["contact"])
    # P18: the quoted trail stays out of the record's text; the raw message keeps it.
    body = quoted_trail_strip(parsed.text_body) or parsed.text_body
    return thread, recipients, {"direction": Direction.OUT, "body_text": body}


def _forward_on_record(council: Council, forwarded) -> Correspondence | None:
    """The resident's message, if it is already in the register (the member forwarded mail we have)."""
    if forwarded.message_id:
        found = Correspondence.objects.filter(council=council, message_id=forwarded.message_id).first()
        if found:
            return found
    if not forwarded.from_address:
        return None
    subject = normalise_subject(forwarded.subject).lower()
    body = " ".join((forwarded.body or "").split())[:200]
    candidates = (
        Correspondence.objects.filter(
            council=council,
            direction=Direction.IN,
            sender_contact__email__iexact=forwarded.from_address,
        )
        .select_related("thread")
        .order_by("-occurred_at")[:50]
    )
    for candidate in candidates:
        if (
            normalise_subject(candidate.subject).lower() == subject
            and body
            and " ".join((candidate.body_text or "").split())[:200] == body
        ):
            return candidate
    return None


def _thread_for_confirmed(council, parsed, existing):
    from comms.mail.ingest import thread_for_message  # circular: comms.mail.ingest imports this package

    found = thread_for_message(council=council, parsed=parsed)
    return found if found and found.pk != existing.thread_id else None


def _convert(record: Correspondence, *, thread, fields, recipients: list | None, actor: Actor) -> Correspondence:
    """The Clerk confirmed a held message: it becomes the member's, in the case it belongs to."""
    before = {"thread": record.thread.reference, "direction": record.direction, "sender_member": None}
    old_thread = record.thread
    for name, value in fields.items():
        setattr(record, name, value)
    record.thread = thread
    record.save()
    if recipients is not None:
        record.recipients.all().delete()
        recipients_add(record=record, recipients=recipients)
    if old_thread.pk != thread.pk and not old_thread.records.exists():
        old_thread.status = Thread.Status.CLOSED
        old_thread.save(update_fields=["status"])
        audit_record(
            council=record.council,
            actor=actor,
            action="thread.closed",
            obj=old_thread,
            summary=f"{old_thread.reference} closed: its only message was confirmed as a councillor's "
            f"and moved to {thread.reference}",
            after={"moved_to": thread.reference},
        )
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=max(thread.last_activity_at, record.occurred_at))
    audit_record(
        council=record.council,
        actor=actor,
        action="record.refiled",
        obj=record,
        summary=f"Confirmed as from {record.sender_member}: filed in {thread.reference}",
        before=before,
        after={"thread": thread.reference, "direction": record.direction, "sender_member": record.sender_member_id},
    )
    return record


def _referrals_answered(*, record: Correspondence, member) -> None:
    from comms.mail.ingest import referrals_answered_by_email  # circular: comms.mail.ingest imports this package

    referrals_answered_by_email(record=record, member=member)
