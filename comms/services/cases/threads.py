"""A case's status and notes, and a record's withdrawal and confidentiality (P5, P11, P14, P17)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comms.models import Confidentiality, Correspondence, Note, Thread
from comms.services.cases.common import OPEN_STATUSES, Status, is_active_member, require_open, status_set, thread_locked
from council.actors import Actor
from council.audit import audit_record


@transaction.atomic
def thread_triage(
    *, thread: Thread, actor: Actor, owner=None, due_on: date | None = None, is_low_priority: bool = False
) -> Thread:
    """The Clerk has read it and decided who has it and by when (P11)."""
    thread = thread_locked(thread)
    require_open(thread, "triage it")
    if owner is not None and not is_active_member(thread.council, owner):
        raise ValidationError("The owner must hold a role in this council.")
    status = Status.TRIAGED if thread.status == Status.NEW else thread.status
    return status_set(
        thread=thread,
        status=status,
        actor=actor,
        action="thread.triaged",
        summary=f"{thread.reference} triaged",
        extra={"owner": owner, "due_on": due_on, "is_low_priority": is_low_priority},
    )


@transaction.atomic
def thread_mark_no_response_needed(*, thread: Thread, actor: Actor, reason: str = "") -> Thread:
    """P5, P9: the Council may not respond to every comment; the decision is on the record."""
    thread = thread_locked(thread)
    require_open(thread, "mark it")
    return status_set(
        thread=thread,
        status=Status.NO_RESPONSE_NEEDED,
        actor=actor,
        action="thread.no_response_needed",
        summary=f"{thread.reference}: no response needed. {reason}".strip(),
    )


@transaction.atomic
def thread_close(*, thread: Thread, actor: Actor, reason: str = "") -> Thread:
    thread = thread_locked(thread)
    if thread.status == Status.CLOSED:
        raise ValidationError(f"Case {thread.reference} is already closed.")
    return status_set(
        thread=thread,
        status=Status.CLOSED,
        actor=actor,
        action="thread.closed",
        summary=f"{thread.reference} closed. {reason}".strip(),
    )


@transaction.atomic
def thread_reopen(*, thread: Thread, actor: Actor, reason: str = "") -> Thread:
    thread = thread_locked(thread)
    if thread.status in OPEN_STATUSES:
        raise ValidationError(f"Case {thread.reference} is already open.")
    return status_set(
        thread=thread,
        status=Status.TRIAGED,
        actor=actor,
        action="thread.reopened",
        summary=f"{thread.reference} reopened. {reason}".strip(),
    )


@transaction.atomic
def note_add(*, thread: Thread, actor: Actor, text: str) -> Note:
    text = (text or "").strip()
    if not text:
        raise ValidationError("A note needs some text.")
    note = Note.objects.create(thread=thread, author=actor, text=text)
    audit_record(
        council=thread.council,
        actor=actor,
        action="note.added",
        obj=note,
        summary=f"Note on {thread.reference}",
        after={"thread": thread.reference, "text": text},
    )
    return note


@transaction.atomic
def record_withdraw(*, record: Correspondence, actor: Actor, reason: str) -> Correspondence:
    """P14: a record entered in error is marked withdrawn, with the reason; it is never removed."""
    record = Correspondence.objects.select_for_update().get(pk=record.pk)
    if record.withdrawn_at:
        raise ValidationError("This record is already withdrawn.")
    if not (reason or "").strip():
        raise ValidationError("Give the reason for withdrawing the record.")
    record.withdrawn_at = timezone.now()
    record.withdrawn_reason = reason.strip()
    record.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    audit_record(
        council=record.council,
        actor=actor,
        action="record.withdrawn",
        obj=record,
        summary=f"Record {record.pk} withdrawn: {reason.strip()}",
        before={"withdrawn": False},
        after={"withdrawn": True, "reason": reason.strip()},
    )
    return record


@transaction.atomic
def record_confidentiality_set(
    *, record: Correspondence, actor: Actor, confidentiality: str, named_members=()
) -> Correspondence:
    """P17: who may see a record; confidential ones only the Clerk and the members named."""
    if confidentiality not in Confidentiality.values:
        raise ValidationError("Unknown confidentiality level.")
    record = Correspondence.objects.select_for_update().get(pk=record.pk)
    members = list(named_members)
    if any(not is_active_member(record.council, m) for m in members):
        raise ValidationError("Only members of this council can be named.")
    before = {
        "confidentiality": record.confidentiality,
        "named_members": sorted(record.named_members.values_list("pk", flat=True)),
    }
    record.confidentiality = confidentiality
    record.save(update_fields=["confidentiality"])
    record.named_members.set(members)
    audit_record(
        council=record.council,
        actor=actor,
        action="record.confidentiality_changed",
        obj=record,
        summary=f"Record {record.pk} is now {record.get_confidentiality_display().lower()}",
        before=before,
        after={"confidentiality": confidentiality, "named_members": sorted(m.pk for m in members)},
    )
    return record
