"""P15: nothing is forwarded outside the Council unchecked.

`forward_check` runs the moderation engine's personal-data detectors over what would be sent and
stores the findings with a redacted preview; `forward_send` sends either the redacted version or,
only with a recorded reason (the person's consent, say), the original. The text sent is always
the text that was checked.

A referral to an outside agency (P11) is a forward that carries the Clerk's purpose, note and due
date: the Referral is created by `forward_send`, in the same transaction as the email, so the case
says "referred" only once the email is on its way, and a forward checked but never sent (or
cancelled) leaves no referral behind.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comms.mail.door import Purpose, RenderedEmail, council_email_preview, council_email_send
from comms.models import Correspondence, Referral, Thread
from comms.services.cases import referral_create, referral_validate
from comms.services.correspondence import RecipientSpec, thread_create
from council.actors import Actor, user_of
from council.audit import audit_record
from council.models import Council, ExternalAgency
from records.models import Forward
from records.redaction import personal_data_find, personal_data_redact
from records.selectors import contact_names


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
    actor: Actor,
    destination: str,
    subject: str,
    text: str,
    agency: ExternalAgency | None = None,
    thread: Thread | None = None,
    record: Correspondence | None = None,
    referral_purpose: str = "",
    referral_note: str = "",
    referral_due_on=None,
) -> Forward:
    """Check a proposed forward for personal data; returns the Forward with findings and a redacted preview.

    With `referral_purpose` (for information or for action) it is a referral to the agency (P11):
    the note and due date go in the email, and the note is checked for personal data too.
    """
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
    referral_note = (referral_note or "").strip()
    if referral_purpose:
        if destination != Forward.Destination.AGENCY or thread is None:
            raise ValidationError("A referral goes to an external agency, from a case.")
        referral_validate(thread=thread, purpose=referral_purpose, to_agency=agency)
    names = _known_names(thread, record) | contact_names(council=council)
    body_found = personal_data_find(text or "", names=names)
    subject_found = personal_data_find(subject or "", names=names)
    note_found = personal_data_find(referral_note, names=names)
    forward = Forward.objects.create(
        council=council,
        thread=thread,
        record=record,
        destination=destination,
        agency=agency,
        to_address=to_address,
        to_name=to_name[:200],
        subject=personal_data_redact(subject or "", subject_found)[:500],
        original_text=text or "",
        redacted_text=personal_data_redact(text or "", body_found),
        findings=[{**f.to_dict(), "field": "subject"} for f in subject_found]
        + [f.to_dict() for f in body_found]
        + [{**f.to_dict(), "field": "note"} for f in note_found],
        checked_by=user_of(actor),
        referral_purpose=referral_purpose or "",
        referral_note=referral_note,
        referral_note_redacted=personal_data_redact(referral_note, note_found),
        referral_due_on=referral_due_on,
    )
    audit_record(
        council=council,
        actor=actor,
        action="forward.checked",
        obj=forward,
        summary=f"Forward to {to_name or to_address} checked: {len(forward.findings)} items of personal data",
        after={
            "to": to_address,
            "findings": [f["what"] for f in forward.findings],
            "thread": thread.reference if thread else None,
            "referral_purpose": forward.referral_purpose,
            "referral_due_on": referral_due_on,
        },
    )
    return forward


@transaction.atomic
def forward_send(*, forward: Forward, actor: Actor, send_redacted: bool = True, reason: str = "") -> Forward:
    """Send a checked forward: redacted, or unredacted only with a recorded reason (P15)."""
    forward = (
        Forward.objects.select_for_update(of=("self",)).select_related("council", "thread", "agency").get(pk=forward.pk)
    )
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
    referral = None
    if forward.is_referral:
        # P11: the referral exists from the moment its email is queued, and not before.
        referral = referral_create(
            thread=thread,
            actor=actor,
            purpose=forward.referral_purpose,
            to_agency=forward.agency,
            note=forward.referral_note,
            due_on=forward.referral_due_on,
        )
    redacted = status == Forward.Status.SENT_REDACTED
    template, context = forward_email_content(forward=forward, text=text, redacted=redacted, referral=referral)
    # The case reference in the subject threads the agency's reply back even without In-Reply-To.
    outbound = council_email_send(
        council=council,
        purpose=Purpose.AGENCY_REFERRAL if referral else Purpose.FORWARD,
        to=[forward.to_address],
        template=template,
        context=context,
        thread=thread,
        actor=actor,
        recipients=[RecipientSpec(address=forward.to_address, name=forward.to_name, agency=forward.agency)],
    )
    sent = outbound.record
    forward.status = status
    forward.reason = reason if status == Forward.Status.SENT_WITH_REASON else ""
    forward.thread = thread
    forward.sent_by = user_of(actor)
    forward.sent_at = timezone.now()
    forward.sent_record = sent
    forward.outbound = outbound
    forward.referral = referral
    forward.save(
        update_fields=["status", "reason", "thread", "sent_by", "sent_at", "sent_record", "outbound", "referral"]
    )
    audit_record(
        council=council,
        actor=actor,
        action="forward.sent",
        obj=forward,
        summary=f"Forward to {forward.to_name or forward.to_address}: {forward.get_status_display()}",
        after={
            "status": status,
            "reason": forward.reason,
            "record": sent.pk,
            "outbound": outbound.pk,
            "referral": referral.pk if referral else None,
        },
    )
    return forward


def forward_email_content(*, forward: Forward, text: str, redacted: bool, referral: Referral | None = None):
    """The template and context of the email a forward sends: a covering letter addressed to the
    agency or page owner, the Clerk's note and due date for a referral, then the message itself."""
    context = {
        "to_name": forward.to_name,
        "subject": forward.subject,
        "text": text,
        "redacted": redacted,
        "purpose": referral.get_purpose_display()
        if referral
        else dict(Referral.Purpose.choices).get(forward.referral_purpose, ""),
        "note": forward.referral_note_redacted if redacted else forward.referral_note,
        "due_on": referral.due_on if referral else forward.referral_due_on,
        "reference": forward.thread.reference if forward.thread_id else "",
    }
    return ("agency_referral" if forward.is_referral else "forward"), context


def forward_preview(*, forward: Forward) -> RenderedEmail:
    """The redacted email as the recipient will get it, for the guard page."""
    text = forward.redacted_text if forward.findings else forward.original_text
    template, context = forward_email_content(forward=forward, text=text, redacted=bool(forward.findings))
    return council_email_preview(council=forward.council, template=template, context=context)


@transaction.atomic
def forward_cancel(*, forward: Forward, actor: Actor) -> Forward:
    forward = Forward.objects.select_for_update().get(pk=forward.pk)
    if forward.status == Forward.Status.CHECKED:
        forward.status = Forward.Status.CANCELLED
        forward.save(update_fields=["status"])
        audit_record(
            council=forward.council, actor=actor, action="forward.cancelled", obj=forward, summary=forward.subject
        )
    return forward
