"""Retention (P14, DESIGN "Facts"): rules per record class, holds, and the job that disposes of what
has expired. Holds win: destroying a record to prevent disclosure is an offence (FOIA s.77).

Anonymising keeps the skeleton of each record (that a communication happened, when, on which
channel) so the register stays complete, and removes who and what. Erasing deletes the case.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from comms.models import Attachment, Contact, Correspondence, OutboundEmail, RawMessage, Recipient, Thread
from council.actors import Actor, user_of
from council.audit import audit_record
from council.models import Council
from council.services import public_pages_version_move
from council.workdays import add_calendar_months
from records.models import Disposal, Hold, RecordClass, RetentionRule, RetentionRun
from records.selectors import held_thread_ids

ANONYMISED = "(anonymised)"


@transaction.atomic
def retention_rule_set(
    *, council: Council, actor: Actor, record_class: str, retain_months: int | None, action: str
) -> RetentionRule:
    if record_class not in RecordClass.values or action not in RetentionRule.Action.values:
        raise ValidationError("Unknown record class or action.")
    if retain_months is not None and retain_months < 1:
        raise ValidationError("Keep records for at least a month, or leave empty to keep them permanently.")
    rule, _ = RetentionRule.objects.select_for_update().get_or_create(council=council, record_class=record_class)
    before = {"retain_months": rule.retain_months, "action": rule.action}
    rule.retain_months = retain_months
    rule.action = action
    rule.save()
    audit_record(
        council=council,
        actor=actor,
        action="retention.rule_set",
        obj=rule,
        summary=str(rule),
        before=before,
        after={"retain_months": retain_months, "action": action},
    )
    public_pages_version_move(council=council)  # the privacy notice says how long things are kept
    return rule


@transaction.atomic
def hold_set(*, thread: Thread, actor: Actor, reason: str) -> Hold:
    if not reason.strip():
        raise ValidationError("Say why the record is held.")
    hold = Hold.objects.create(
        council=thread.council,
        thread=thread,
        reason=reason.strip(),
        set_by=user_of(actor),
    )
    audit_record(
        council=thread.council,
        actor=actor,
        action="retention.hold_set",
        obj=hold,
        summary=f"{thread.reference} held: {hold.reason}"[:500],
        after={"thread": thread.reference},
    )
    return hold


@transaction.atomic
def hold_release(*, hold: Hold, actor: Actor) -> Hold:
    hold = Hold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is None:
        hold.released_at = timezone.now()
        hold.released_by = user_of(actor)
        hold.save(update_fields=["released_at", "released_by"])
        audit_record(
            council=hold.council,
            actor=actor,
            action="retention.hold_released",
            obj=hold,
            summary=f"{hold.thread.reference} released",
            after={"thread": hold.thread.reference},
        )
    return hold


def _cutoff(today: date, months: int) -> datetime:
    return timezone.make_aware(datetime.combine(add_calendar_months(today, -months), time.min))


def _attachments_remove(attachments) -> int:
    count = 0
    for attachment in list(attachments):
        if attachment.file:
            attachment.file.delete(save=False)
        attachment.delete()
        count += 1
    return count


def _contacts_anonymise_if_unused(contacts: set[int]) -> None:
    for contact in Contact.objects.filter(pk__in=contacts, anonymised_at__isnull=True):
        in_use = (
            Thread.objects.filter(contact=contact).exists()
            or Correspondence.objects.filter(sender_contact=contact).exists()
            or Recipient.objects.filter(contact=contact).exists()
            or contact.subject_access_requests.exists()
        )
        if not in_use:
            Contact.objects.filter(pk=contact.pk).update(
                name="", email="", phone="", address="", social_handle="", notes="", anonymised_at=timezone.now()
            )


def _thread_anonymise(thread: Thread) -> set[int]:
    records = Correspondence.objects.filter(thread=thread)
    contacts = set(records.exclude(sender_contact=None).values_list("sender_contact_id", flat=True))
    contacts |= set(
        Recipient.objects.filter(record__thread=thread).exclude(contact=None).values_list("contact_id", flat=True)
    )
    if thread.contact_id:
        contacts.add(thread.contact_id)
    _attachments_remove(Attachment.objects.filter(record__thread=thread))
    RawMessage.objects.filter(record__thread=thread).delete()
    Recipient.objects.filter(record__thread=thread).update(name="", address="", contact=None)
    OutboundEmail.objects.filter(record__thread=thread).exclude(status=OutboundEmail.Status.QUEUED).update(
        to=[], cc=[], bcc=[], subject=ANONYMISED, body_text=ANONYMISED, body_html="", headers={}
    )
    records.update(
        subject=ANONYMISED,
        body_text=ANONYMISED,
        body_html="",
        sender_display="",
        sender_contact=None,
        parse_errors="",
    )
    thread.notes.update(text=ANONYMISED)
    thread.referrals.update(note="", outcome="")
    Thread.objects.filter(pk=thread.pk).update(subject=ANONYMISED, contact=None)
    return contacts


def _thread_erase(thread: Thread) -> set[int]:
    contacts = _thread_anonymise(thread)  # also removes files, which a cascade would leave on disk
    OutboundEmail.objects.filter(record__thread=thread).exclude(status=OutboundEmail.Status.QUEUED).delete()
    Correspondence.objects.filter(thread=thread).delete()
    thread.delete()
    return contacts


def _thread_dispose(*, run: RetentionRun, thread: Thread, record_class: str, action: str) -> str:
    """Dispose of one thread in its own transaction; returns the action actually taken."""
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        label, thread_pk = thread.reference, thread.pk
        taken = action
        if action == RetentionRule.Action.ERASE:
            try:
                with transaction.atomic():
                    contacts = _thread_erase(thread)
            except ProtectedError:
                taken = RetentionRule.Action.ANONYMISE  # something else must keep the case; keep its skeleton
                contacts = _thread_anonymise(thread)
        else:
            contacts = _thread_anonymise(thread)
        _contacts_anonymise_if_unused(contacts)
        Disposal.objects.create(
            council=run.council,
            run=run,
            record_class=record_class,
            object_type="comms.thread",
            object_id=str(thread_pk),
            label=label,
            action=taken,
        )
        audit_record(
            council=run.council,
            actor=run.actor,
            action=f"retention.{taken}",
            obj=None,
            summary=f"{label} {taken}d under the {RecordClass(record_class).label.lower()} retention rule",
            after={"thread": label, "thread_id": thread_pk, "record_class": record_class, "run": run.pk},
        )
    return taken


def retention_run(*, council: Council, actor: Actor = None, today: date | None = None) -> RetentionRun:
    """Dispose of every expired thread and attachment not on hold; record what was done and kept."""
    today = today or timezone.localdate()
    rules = {r.record_class: r for r in council.retention_rules.exclude(retain_months=None)}
    with transaction.atomic():
        run = RetentionRun.objects.create(council=council, actor=user_of(actor))
    if not rules:
        RetentionRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
        run.refresh_from_db()
        return run
    held = held_thread_ids(council=council)
    disposed = set(
        Disposal.objects.filter(council=council, object_type="comms.thread").values_list("object_id", flat=True)
    )
    anonymised, erased, kept = [], [], []
    taken_to_meeting = Q(referrals__to_body__isnull=False) | Q(referrals__purpose="agenda")
    for record_class, base in (
        (RecordClass.CORRESPONDENCE, Thread.objects.filter(council=council).exclude(taken_to_meeting)),
        (RecordClass.MINUTES, Thread.objects.filter(council=council).filter(taken_to_meeting)),
    ):
        rule = rules.get(record_class)
        if rule is None:
            continue
        for thread in base.filter(last_activity_at__lt=_cutoff(today, rule.retain_months)).distinct().order_by("pk"):
            if str(thread.pk) in disposed:
                continue
            if thread.pk in held:
                kept.append({"thread": thread.reference, "why": held[thread.pk]})
                continue
            taken = _thread_dispose(run=run, thread=thread, record_class=record_class, action=rule.action)
            (erased if taken == RetentionRule.Action.ERASE else anonymised).append(thread.reference)
            disposed.add(str(thread.pk))
    rule = rules.get(RecordClass.ATTACHMENTS)
    if rule is not None:
        expired = (
            Attachment.objects.filter(
                record__council=council, record__occurred_at__lt=_cutoff(today, rule.retain_months)
            )
            .exclude(record__thread_id__in=list(held))
            .select_related("record__thread")
        )
        for attachment in expired:
            with transaction.atomic():
                label = f"{attachment.record.thread.reference} attachment {attachment.pk}"
                Disposal.objects.create(
                    council=council,
                    run=run,
                    record_class=RecordClass.ATTACHMENTS,
                    object_type="comms.attachment",
                    object_id=str(attachment.pk),
                    label=label,
                    action=RetentionRule.Action.ERASE,
                )
                audit_record(
                    council=council,
                    actor=run.actor,
                    action="retention.erase",
                    obj=None,
                    summary=f"{label} erased under the attachments retention rule",
                    after={"attachment": attachment.pk, "record": attachment.record_id, "run": run.pk},
                )
                _attachments_remove([attachment])
                erased.append(label)
    # Moderation submissions: retention applies once the moderation app keeps submissions of its own.
    with transaction.atomic():
        RetentionRun.objects.filter(pk=run.pk).update(
            finished_at=timezone.now(), anonymised=anonymised, erased=erased, held=kept
        )
        audit_record(
            council=council,
            actor=run.actor,
            action="retention.run",
            obj=run,
            summary=f"Retention: {len(anonymised)} anonymised, {len(erased)} erased, {len(kept)} kept on hold",
            after={"anonymised": anonymised, "erased": erased, "held": kept},
        )
    run.refresh_from_db()
    return run
