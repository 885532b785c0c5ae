"""Writing the correspondence record: contacts, cases (threads) and records, the one way anything
enters the register (P14). Reference numbers come from .references."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import phonenumbers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from comms.models import Capacity, Confidentiality, Contact, Correspondence, Recipient, Thread
from comms.sanitise import html_sanitise
from council.actors import Actor, user_of
from council.audit import audit_record
from council.models import Council

from .references import OFFICIAL_SERIES, PRIVATE_SERIES, council_lock, reference_next


@dataclass(frozen=True)
class RecipientSpec:
    address: str = ""
    name: str = ""
    kind: str = Recipient.Kind.TO
    contact: Contact | None = None
    member: object | None = None
    agency: object | None = None


def phone_key(value: str) -> str:
    """One key for one number however it is written (07700 900123, +44 7700 900123, 07700-900-123)."""
    digits = "".join(c for c in (value or "") if c.isdigit())
    if len(digits) < 7:
        return ""
    try:
        return str(phonenumbers.parse(value, "GB").national_number)
    except Exception:
        for prefix in ("0044", "44"):
            if digits.startswith(prefix) and len(digits) > 10:
                digits = digits[len(prefix) :]
                break
        return digits.lstrip("0")


def contact_find_or_create(*, council: Council, email: str = "", name: str = "", phone: str = "") -> Contact:
    """The council's own contact for this address or number; contacts are never shared between councils.

    One person, one contact: matched by email address (any case), else by phone number however it is
    written; details the contact lacks (a phone, an email, a name) are filled in from what is given.
    """
    email = (email or "").strip().lower()
    phone = (phone or "").strip()
    contact = None
    if email:
        contact = Contact.objects.filter(council=council, email__iexact=email).order_by("pk").first()
    key = phone_key(phone)
    if contact is None and key:
        candidates = Contact.objects.filter(council=council, anonymised_at__isnull=True).exclude(phone="")
        if email:
            candidates = candidates.filter(email="")  # a different email address is a different person
        contact = next((c for c in candidates.order_by("pk") if phone_key(c.phone) == key), None)
    if contact is None:
        contact = Contact.objects.create(council=council, email=email, name=(name or "")[:200], phone=phone[:40])
        return contact
    changed = []
    if name and not contact.name:
        contact.name = name[:200]
        changed.append("name")
    if email and not contact.email:
        contact.email = email
        changed.append("email")
    if phone and not contact.phone:
        contact.phone = phone[:40]
        changed.append("phone")
    if changed:
        contact.save(update_fields=changed)
    return contact


@transaction.atomic
def thread_create(
    *,
    council: Council,
    subject: str,
    contact: Contact | None = None,
    actor: Actor = None,
    private_to=None,
    status: str = Thread.Status.NEW,
    is_low_priority: bool = False,
) -> Thread:
    """A new case. The Council's own outgoing business starts closed or awaiting a reply, not in the triage queue.

    A case private to one member (an uncopied personal view) takes a number from its own series,
    not from the register's T-numbers (P13, P14).
    """
    reference = reference_next(council=council, prefix=PRIVATE_SERIES if private_to is not None else OFFICIAL_SERIES)
    thread = Thread.objects.create(
        council=council,
        reference=reference,
        subject=(subject or "")[:500],
        contact=contact,
        private_to=private_to,
        status=status,
        is_low_priority=is_low_priority,
    )
    audit_record(
        council=council,
        actor=actor,
        action="thread.created",
        obj=thread,
        summary=thread.subject,
        after={"status": thread.status, "reference": thread.reference},
    )
    return thread


@transaction.atomic
def thread_make_official(*, thread: Thread, actor: Actor) -> Thread:
    """P13: a member's private case becomes part of the register once copied to the Clerk: it is no
    longer private and takes the next T-number (its personal-view reference is kept in the history)."""
    council_lock(thread.council)
    thread = Thread.objects.select_for_update(of=("self",)).select_related("council").get(pk=thread.pk)
    if thread.private_to_id is None:
        return thread
    if thread.private_to_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the member whose case it is can copy it to the Clerk.")
    before = thread.reference
    if not before.startswith(f"{OFFICIAL_SERIES}-"):
        thread.reference = reference_next(council=thread.council, prefix=OFFICIAL_SERIES)
    thread.private_to = None
    # Bumping the activity time also tells the inbox its cached counts are stale.
    thread.last_activity_at = timezone.now()
    thread.save(update_fields=["reference", "private_to", "last_activity_at"])
    audit_record(
        council=thread.council,
        actor=actor,
        action="thread.made_official",
        obj=thread,
        summary=(
            f"Personal view {before} copied to the Clerk: now case {thread.reference} in the register"
            if before != thread.reference
            else f"{thread.reference} copied to the Clerk: now in the register"
        ),
        before={"reference": before, "private": True},
        after={"reference": thread.reference, "private": False},
    )
    return thread


def recipients_add(*, record: Correspondence, recipients: list[RecipientSpec]) -> None:
    """Write a record's recipients (part of writing the record: no audit event of its own)."""
    Recipient.objects.bulk_create(
        Recipient(
            record=record,
            kind=r.kind,
            address=(r.address or "")[:320],
            name=(r.name or "")[:200],
            contact=r.contact,
            member=r.member,
            agency=r.agency,
        )
        for r in recipients
    )


@transaction.atomic
def record_create(
    *,
    thread: Thread,
    channel: str,
    direction: str,
    actor: Actor = None,
    subject: str = "",
    body_text: str = "",
    body_html: str = "",
    sender_contact: Contact | None = None,
    sender_member=None,
    sender_display: str = "",
    occurred_at: datetime | None = None,
    capacity: str = Capacity.OFFICIAL,
    copied_to_clerk: bool = False,
    confidentiality: str = Confidentiality.INTERNAL,
    foi_disclosable: bool | None = None,
    message_id: str | None = None,
    recipients: list[RecipientSpec] = (),
    parse_failed: bool = False,
    parse_errors: str = "",
    is_automatic: bool = False,
    passed_on_by=None,
) -> Correspondence:
    """Add one communication to a thread, with its audit event, in one transaction."""
    is_official = capacity == Capacity.OFFICIAL or copied_to_clerk
    record = Correspondence.objects.create(
        council=thread.council,
        thread=thread,
        channel=channel,
        direction=direction,
        subject=(subject or "")[:500],
        body_text=body_text or "",
        body_html=html_sanitise(body_html),
        sender_contact=sender_contact,
        sender_member=sender_member,
        sender_display=(sender_display or "")[:300],
        occurred_at=occurred_at or timezone.now(),
        capacity=capacity,
        copied_to_clerk=copied_to_clerk,
        confidentiality=confidentiality,
        # P13: what is official (or copied to the Clerk) may be disclosed under FOI.
        foi_disclosable=is_official if foi_disclosable is None else foi_disclosable,
        message_id=message_id or None,
        parse_failed=parse_failed,
        parse_errors=parse_errors,
        is_automatic=is_automatic,
        passed_on_by=passed_on_by,
        created_by=user_of(actor),
    )
    recipients_add(record=record, recipients=recipients)
    thread.last_activity_at = (
        max(thread.last_activity_at, record.occurred_at) if thread.last_activity_at else record.occurred_at
    )
    thread.save(update_fields=["last_activity_at"])
    audit_record(
        council=thread.council,
        actor=actor,
        action="record.created",
        obj=record,
        summary=f"{record.get_channel_display()} {record.get_direction_display().lower()}: {record.subject}",
        after={
            "thread": thread.reference,
            "channel": channel,
            "direction": direction,
            "capacity": capacity,
            "copied_to_clerk": copied_to_clerk,
            "confidentiality": confidentiality,
        },
    )
    return record


__all__ = [
    "RecipientSpec",
    "contact_find_or_create",
    "phone_key",
    "recipients_add",
    "record_create",
    "thread_create",
    "thread_make_official",
]
