"""FOI requests (FOIA 2000 s.1, s.10): logging, the fees-notice pause, outcome, publication."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from comms.models import Contact, Thread
from comms.services.references import reference_next
from council.actors import Actor, user_of
from council.audit import audit_record
from council.models import Council
from council.workdays import foi_due_date
from records.models import FoiRequest
from records.selectors import foi_case_holds


def foi_due_compute(*, received_on: date, fee_notice_sent_on: date | None, fee_received_on: date | None) -> date | None:
    """The register's due date: the same function as `manage.py foi_due_date`; None while a fee is unpaid."""
    if fee_notice_sent_on is None:
        return foi_due_date(received_on)
    if fee_received_on is None:
        return None
    return foi_due_date(received_on, fee_pauses=[(fee_notice_sent_on, fee_received_on)])


@transaction.atomic
def foi_request_create(
    *,
    council: Council,
    actor: Actor,
    requester_name: str,
    summary: str,
    received_on: date,
    thread: Thread | None = None,
    requester: Contact | None = None,
) -> FoiRequest:
    if thread is not None and thread.council_id != council.pk:
        raise ValidationError("That case belongs to another council.")
    if not requester_name.strip() or not summary.strip():
        raise ValidationError("An FOI request needs the requester's name and what they asked for.")
    request = FoiRequest.objects.create(
        council=council,
        reference=reference_next(model=FoiRequest, council=council, prefix="FOI"),
        thread=thread,
        requester=requester or (thread.contact if thread else None),
        requester_name=requester_name.strip()[:200],
        summary=summary.strip(),
        received_on=received_on,
        due_on=foi_due_date(received_on),
        created_by=user_of(actor),
    )
    audit_record(
        council=council,
        actor=actor,
        action="foi.created",
        obj=request,
        summary=f"{request.reference} received",
        after={"received_on": received_on, "due_on": request.due_on, "thread": thread.reference if thread else None},
    )
    return request


@transaction.atomic
def foi_fees_notice_record(
    *, request: FoiRequest, actor: Actor, notice_sent_on: date, fee_received_on: date | None = None
) -> FoiRequest:
    """s.10(2): the clock stops on the day a fees notice is given and restarts when the fee arrives."""
    request = FoiRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValidationError("This request has been answered.")
    if notice_sent_on < request.received_on or (fee_received_on and fee_received_on < notice_sent_on):
        raise ValidationError("The fee must be received after the notice, and the notice sent after the request.")
    before = {"due_on": request.due_on, "status": request.status}
    request.fee_notice_sent_on = notice_sent_on
    request.fee_received_on = fee_received_on
    request.due_on = foi_due_compute(
        received_on=request.received_on, fee_notice_sent_on=notice_sent_on, fee_received_on=fee_received_on
    )
    request.status = FoiRequest.Status.OPEN if fee_received_on else FoiRequest.Status.FEE_PENDING
    request.save(update_fields=["fee_notice_sent_on", "fee_received_on", "due_on", "status"])
    audit_record(
        council=request.council,
        actor=actor,
        action="foi.fees_notice",
        obj=request,
        summary=f"{request.reference}: fees notice {notice_sent_on}"
        + (f", fee received {fee_received_on}" if fee_received_on else ""),
        before=before,
        after={"due_on": request.due_on, "status": request.status},
    )
    return request


@transaction.atomic
def foi_request_close(
    *, request: FoiRequest, actor: Actor, outcome: str, responded_on: date, exemption: str = "", note: str = ""
) -> FoiRequest:
    request = FoiRequest.objects.select_for_update().get(pk=request.pk)
    if outcome not in FoiRequest.Outcome.values:
        raise ValidationError("Choose an outcome.")
    if outcome in (FoiRequest.Outcome.REFUSED, FoiRequest.Outcome.PARTLY) and not exemption.strip():
        raise ValidationError("A refusal (in whole or part) must name the exemption relied on (s.17).")
    if responded_on < request.received_on:
        raise ValidationError("The response cannot be before the request was received.")
    before = {"status": request.status}
    request.status = FoiRequest.Status.CLOSED
    request.outcome = outcome
    request.exemption = exemption.strip()[:200]
    request.outcome_note = note.strip()
    request.responded_on = responded_on
    request.save(update_fields=["status", "outcome", "exemption", "outcome_note", "responded_on"])
    audit_record(
        council=request.council,
        actor=actor,
        action="foi.closed",
        obj=request,
        summary=f"{request.reference}: {request.get_outcome_display()}",
        before=before,
        after={
            "status": request.status,
            "outcome": outcome,
            "exemption": request.exemption,
            "responded_on": responded_on,
            "late": bool(request.due_on and responded_on > request.due_on),
        },
    )
    foi_holds_release(request=request, actor=actor)
    return request


@transaction.atomic
def foi_holds_release(*, request: FoiRequest, actor: Actor) -> dict[str, list[str]]:
    """s.77: an answered request no longer keeps its cases; another open request or a Clerk's hold still does.

    The hold is the request being open (retention reads it live), so closing releases it; this records,
    in the same transaction, which cases were released and which stay kept and why.
    """
    released, kept = [], {}
    for thread, reasons in foi_case_holds(request=request):
        if reasons:
            kept[thread.reference] = reasons
        else:
            released.append(thread.reference)
    if released or kept:
        parts = []
        if released:
            parts.append(f"no longer held: {', '.join(released)}")
        if kept:
            parts.append("still kept: " + "; ".join(f"{ref} ({', '.join(why)})" for ref, why in kept.items()))
        audit_record(
            council=request.council,
            actor=actor,
            action="foi.holds_released",
            obj=request,
            summary=f"{request.reference} answered, " + "; ".join(parts),
            after={"released": released, "kept": kept},
        )
    return {"released": released, "kept": list(kept)}


@transaction.atomic
def foi_request_publish(*, request: FoiRequest, actor: Actor, published: bool = True) -> FoiRequest:
    request = FoiRequest.objects.select_for_update().get(pk=request.pk)
    if published and request.is_open:
        raise ValidationError("Only answered requests go in the public disclosure log.")
    if request.is_published != published:
        request.is_published = published
        request.save(update_fields=["is_published"])
        audit_record(
            council=request.council,
            actor=actor,
            action="foi.published" if published else "foi.unpublished",
            obj=request,
            summary=request.reference,
            after={"is_published": published},
        )
    return request


@transaction.atomic
def foi_threads_hold(*, request: FoiRequest, actor: Actor, threads: list[Thread]) -> FoiRequest:
    """Mark the cases an FOI request may cover, so retention keeps them while it is open (s.77)."""
    threads = [t for t in threads if t.council_id == request.council_id]
    request.related_threads.add(*threads)
    audit_record(
        council=request.council,
        actor=actor,
        action="foi.threads_held",
        obj=request,
        summary=f"{request.reference}: holds {', '.join(t.reference for t in threads)}",
        after={"threads": [t.reference for t in threads]},
    )
    return request
