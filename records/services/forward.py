"""P15: nothing is forwarded outside the Council unchecked.

`forward_check` runs the moderation engine's personal-data detectors over what would be sent and
stores the findings with a redacted preview; `forward_send` sends either the redacted version or,
only with a recorded reason (the person's consent, say), the original. The text sent is always
the text that was checked. The dashboard's referral-to-agency flow calls these two.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comms.models import Channel, Correspondence, Direction, Thread
from comms.services.records import RecipientSpec, record_create, thread_create
from comms.mail.threading import subject_with_reference
from council.audit import audit_record
from council.models import Council, ExternalAgency

from ..models import Forward
from ..selectors import contact_names
from ..redaction import personal_data_find, personal_data_redact
from .common import email_queue


class ForwardBlocked(ValidationError):
    """Raised when personal data would leave without redaction or a recorded reason."""


def _known_names(thread: Thread | None, record: Correspondence | None) -> set[str]:
    names: set[str] = set()
    if thread is not None:
        if thread.contact and thread.contact.name:
            names.add(thread.contact.name)
        for rec in thread.records.select_related("sender_contact").prefetch_related("recipients__contact"):
            if rec.sender_contact and rec.sender_contact.name:
                names.add(rec.sender_contact.name)
            if rec.sender_display and not rec.sender_member_id:
                names.add(rec.sender_display.split("<")[0].strip().strip('"'))
            names |= {r.contact.name for r in rec.recipients.all() if r.contact and r.contact.name}
    if record is not None and record.sender_contact and record.sender_contact.name:
        names.add(record.sender_contact.name)
    return {n for n in names if n and "@" not in n}


@transaction.atomic
def forward_check(
    *,
    council: Council,
    actor,
    destination: str,
    subject: str,
    text: str,
    agency: ExternalAgency | None = None,
    thread: Thread | None = None,
    record: Correspondence | None = None,
) -> Forward:
    """Check a proposed forward for personal data; returns the Forward with findings and a redacted preview."""
    for obj in (agency, thread, record):
        if obj is not None and obj.council_id != council.pk:
            raise ValidationError("That belongs to another council.")
    if destination == Forward.Destination.AGENCY:
        if agency is None:
            raise ValidationError("Choose the agency to forward to.")
        to_address, to_name = agency.email, agency.name
    elif destination == Forward.Destination.PAGE_OWNER:
        if not council.social_page_owner_email:
            raise ValidationError("The council has no address for the social page owner.")
        to_address, to_name = council.social_page_owner_email, council.social_page_owner_name
    else:
        raise ValidationError("Forwards outside the Council go to an external agency or the page owner.")
    thread = thread or (record.thread if record else None)
    names = _known_names(thread, record) | contact_names(council=council)
    body_found = personal_data_find(text or "", names=names)
    subject_found = personal_data_find(subject or "", names=names)
    forward = Forward.objects.create(
        council=council, thread=thread, record=record, destination=destination, agency=agency,
        to_address=to_address, to_name=to_name[:200],
        subject=personal_data_redact(subject or "", subject_found)[:500],
        original_text=text or "",
        redacted_text=personal_data_redact(text or "", body_found),
        findings=[{**f.to_dict(), "field": "subject"} for f in subject_found] + [f.to_dict() for f in body_found],
        checked_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        council=council, actor=actor, action="forward.checked", obj=forward,
        summary=f"Forward to {to_name or to_address} checked: {len(forward.findings)} items of personal data",
        after={"to": to_address, "findings": [f["what"] for f in forward.findings],
               "thread": thread.reference if thread else None},
    )
    return forward


@transaction.atomic
def forward_send(*, forward: Forward, actor, send_redacted: bool = True, reason: str = "") -> Forward:
    """Send a checked forward: redacted, or unredacted only with a recorded reason (P15)."""
    forward = Forward.objects.select_for_update(of=("self",)).select_related("council", "thread", "agency").get(pk=forward.pk)
    if forward.status != Forward.Status.CHECKED:
        raise ValidationError("This forward has already been sent or cancelled.")
    reason = (reason or "").strip()
    if not forward.findings:
        status, text = Forward.Status.SENT_CLEAN, forward.original_text
    elif send_redacted:
        status, text = Forward.Status.SENT_REDACTED, forward.redacted_text
    elif not reason:
        raise ForwardBlocked(
            "This message contains personal data. Send the redacted version, or record why the personal data "
            "may go outside the Council (for example the person's consent)."
        )
    else:
        status, text = Forward.Status.SENT_WITH_REASON, forward.original_text
    council = forward.council
    thread = forward.thread or thread_create(council=council, subject=forward.subject, actor=actor)
    # The case reference in the subject threads the agency's reply back even without In-Reply-To.
    subject = subject_with_reference(forward.subject, thread.reference)
    sent = record_create(
        thread=thread, channel=Channel.EMAIL, direction=Direction.OUT, actor=actor,
        subject=subject, body_text=text, sender_member=actor if getattr(actor, "is_authenticated", False) else None,
        sender_display=council.clerk_email,
        recipients=[RecipientSpec(address=forward.to_address, name=forward.to_name, agency=forward.agency)],
    )
    outbound = email_queue(
        council=council, to=[forward.to_address], subject=subject, body_text=text, purpose="forward", record=sent,
        actor=actor,
    )
    forward.status = status
    forward.reason = reason if status == Forward.Status.SENT_WITH_REASON else ""
    forward.thread = thread
    forward.sent_by = actor if getattr(actor, "is_authenticated", False) else None
    forward.sent_at = timezone.now()
    forward.sent_record = sent
    forward.outbound = outbound
    forward.save(update_fields=["status", "reason", "thread", "sent_by", "sent_at", "sent_record", "outbound"])
    audit_record(
        council=council, actor=actor, action="forward.sent", obj=forward,
        summary=f"Forward to {forward.to_name or forward.to_address}: {forward.get_status_display()}",
        after={"status": status, "reason": forward.reason, "record": sent.pk, "outbound": outbound.pk},
    )
    return forward


@transaction.atomic
def forward_cancel(*, forward: Forward, actor) -> Forward:
    forward = Forward.objects.select_for_update().get(pk=forward.pk)
    if forward.status == Forward.Status.CHECKED:
        forward.status = Forward.Status.CANCELLED
        forward.save(update_fields=["status"])
        audit_record(council=forward.council, actor=actor, action="forward.cancelled", obj=forward, summary=forward.subject)
    return forward
