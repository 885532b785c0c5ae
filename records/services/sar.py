"""Subject access requests (UK GDPR Art. 12(3), 15): the clock, the extension, the disclosure bundle."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from comms.models import Contact, Correspondence
from comms.services.references import reference_next
from council.actors import Actor, user_of
from council.audit import audit_record
from council.models import Council
from council.selectors import CouncilAccess, council_access_for
from council.workdays import sar_due_date
from records.models import SubjectAccessRequest
from records.redaction import OwnData, personal_data_find, personal_data_redact
from records.selectors import contact_names, records_about_contact


@transaction.atomic
def sar_create(
    *, council: Council, actor: Actor, contact: Contact, received_on: date, requester_name: str = "", note: str = ""
) -> SubjectAccessRequest:
    if contact.council_id != council.pk:
        raise ValidationError("That contact belongs to another council.")
    request = SubjectAccessRequest.objects.create(
        council=council,
        reference=reference_next(model=SubjectAccessRequest, council=council, prefix="SAR"),
        contact=contact,
        requester_name=(requester_name or str(contact))[:200],
        received_on=received_on,
        due_on=sar_due_date(received_on),
        note=note,
        created_by=user_of(actor),
    )
    audit_record(
        council=council,
        actor=actor,
        action="sar.created",
        obj=request,
        summary=f"{request.reference} received",
        after={"received_on": received_on, "due_on": request.due_on, "contact": contact.pk},
    )
    return request


@transaction.atomic
def sar_extend(*, request: SubjectAccessRequest, actor: Actor, reason: str) -> SubjectAccessRequest:
    """Art. 12(3): extend by two further months where the request is complex or numerous; say why."""
    request = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
    if not reason.strip():
        raise ValidationError("Record why the request needs longer (Art. 12(3): complex or numerous requests).")
    if not request.is_open or request.extended:
        raise ValidationError("Only an open request can be extended, and only once.")
    before = {"due_on": request.due_on}
    request.extended = True
    request.extension_reason = reason.strip()
    request.due_on = sar_due_date(request.received_on, extended=True)
    request.save(update_fields=["extended", "extension_reason", "due_on"])
    audit_record(
        council=request.council,
        actor=actor,
        action="sar.extended",
        obj=request,
        summary=f"{request.reference} extended: {request.extension_reason}",
        before=before,
        after={"due_on": request.due_on},
    )
    return request


@transaction.atomic
def sar_close(
    *, request: SubjectAccessRequest, actor: Actor, responded_on: date, note: str = ""
) -> SubjectAccessRequest:
    request = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValidationError("This request has already been answered.")
    if responded_on < request.received_on:
        raise ValidationError("The response cannot be before the request was received.")
    request.status = SubjectAccessRequest.Status.CLOSED
    request.responded_on = responded_on
    if note.strip():
        request.note = (request.note + "\n" + note.strip()).strip()
    request.save(update_fields=["status", "responded_on", "note"])
    audit_record(
        council=request.council,
        actor=actor,
        action="sar.closed",
        obj=request,
        summary=f"{request.reference} answered",
        after={"responded_on": responded_on, "late": responded_on > request.due_on},
    )
    return request


def _others_names(record: Correspondence, subject: Contact) -> set[str]:
    names = set()
    for contact in (record.sender_contact, record.thread.contact):
        if contact and contact.pk != subject.pk and contact.name:
            names.add(contact.name)
    for recipient in record.recipients.all():
        if recipient.contact_id != subject.pk and recipient.name and not recipient.member_id:
            names.add(recipient.name)
    if record.sender_contact_id != subject.pk and not record.sender_member_id and record.sender_display:
        names.add(record.sender_display.split("<")[0].strip().strip('"'))
    return {n for n in names if n and n.lower() != (subject.name or "").lower()}


def _party(record: Correspondence, subject: Contact) -> str:
    if record.sender_contact_id == subject.pk:
        return str(subject)
    if record.sender_member_id:
        return f"{record.sender_member} (for the Council)"
    if record.direction == "out":
        return f"{record.council} (the Council)"
    return "[another person]"


def _redacted(text: str, *, names: set[str], own: OwnData) -> tuple[str, int]:
    found = personal_data_find(text, names=names, own=own)
    return personal_data_redact(text, found), len(found)


def sar_bundle_build(*, request: SubjectAccessRequest, actor: Actor, access: CouncilAccess | None = None) -> bytes:
    """A ZIP: summary.html and each record as text, with other people's personal data redacted.

    Only records the officer building it may open go in (P13, P17); `access` defaults to the actor's."""
    access = access or council_access_for(user=actor, council=request.council)
    subject = request.contact
    # P17 / Art. 15: her own name, email, phone and address stay in her own letters, however written;
    # only other people's personal data is redacted.
    own_data = OwnData(name=subject.name, email=subject.email, phone=subject.phone, address=subject.address)
    own_name = (subject.name or "").strip().lower()
    known = {n for n in contact_names(council=request.council, exclude=subject) if n.strip().lower() != own_name}
    entries, redactions = [], 0
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for index, record in enumerate(records_about_contact(contact=subject, access=access), start=1):
            names = _others_names(record, subject) | known
            subject_line, n1 = _redacted(record.subject, names=names, own=own_data)
            body, n2 = _redacted(record.body_text or "", names=names, own=own_data)
            redactions += n1 + n2
            name = f"records/{index:04d}-{record.thread.reference}.txt"
            lines = [
                f"Case: {record.thread.reference}",
                f"Date: {timezone.localtime(record.occurred_at):%d %B %Y %H:%M}",
                f"Channel: {record.get_channel_display()} ({record.get_direction_display().lower()})",
                f"From: {_party(record, subject)}",
                f"Subject: {subject_line}",
                "",
                body,
            ]
            bundle.writestr(name, "\n".join(lines))
            own = [
                a
                for a in record.attachments.all()
                if record.sender_contact_id == subject.pk and a.file and not a.is_blocked
            ]
            withheld = [a for a in record.attachments.all() if a not in own]
            for attachment in own:
                try:
                    with attachment.file.open("rb") as handle:
                        bundle.writestr(
                            f"attachments/{index:04d}-{attachment.pk}-{attachment.original_name}", handle.read()
                        )
                except OSError:
                    withheld.append(attachment)
            entries.append(
                {
                    "file": name,
                    "reference": record.thread.reference,
                    "occurred_at": record.occurred_at,
                    "channel": record.get_channel_display(),
                    "direction": record.get_direction_display(),
                    "subject": subject_line,
                    "attachments": len(own),
                    "withheld": len(withheld),
                }
            )
        summary = render_to_string(
            "records/sar_summary.html",
            {
                "request": request,
                "council": request.council,
                "subject": subject,
                "entries": entries,
                "redactions": redactions,
                "generated_at": timezone.now(),
            },
        )
        bundle.writestr("summary.html", summary)
    with transaction.atomic():
        audit_record(
            council=request.council,
            actor=actor,
            action="sar.bundle_built",
            obj=request,
            summary=f"{request.reference}: disclosure bundle of {len(entries)} records, {redactions} redactions",
            after={"records": len(entries), "redactions": redactions},
        )
    return buffer.getvalue()


__all__ = ["sar_bundle_build", "sar_close", "sar_create", "sar_extend"]
