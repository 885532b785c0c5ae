"""Reminders the beat tasks send: FOI and SAR due dates, and the policy review (P2).

Each reminder is recorded once (ReminderSent is unique per stage), so a task run twice, or a
redelivered one, never reminds twice.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from council.audit import audit_record
from council.models import Council, Policy
from council.workdays import add_working_days
from records.models import FoiRequest, ReminderSent, SubjectAccessRequest

from .common import clerk_addresses

REMIND_WORKING_DAYS_BEFORE = 5
POLICY_REMIND_DAYS_BEFORE = 30


def _remind_once(*, council: Council, kind: str, obj, stage: str, template: str, context: dict) -> bool:
    try:
        with transaction.atomic():
            reminder = ReminderSent.objects.create(council=council, kind=kind, object_id=str(obj.pk), stage=stage)
            reminder.outbound = council_email_send(
                council=council,
                purpose=Purpose.REMINDER,
                to=clerk_addresses(council=council),
                template=template,
                context=context,
            )
            reminder.save(update_fields=["outbound"])
            audit_record(
                council=council,
                actor=None,
                action="reminder.sent",
                obj=obj,
                summary=reminder.outbound.subject,
                after={"kind": kind, "stage": stage},
            )
    except IntegrityError:
        return False  # already sent by an earlier or concurrent run
    return True


def _stage(today: date, due_on: date) -> str | None:
    if today >= due_on:
        return f"due:{due_on.isoformat()}"
    if today >= add_working_days(due_on, -REMIND_WORKING_DAYS_BEFORE):
        return f"before:{due_on.isoformat()}"
    return None


def foi_reminders_send(*, today: date | None = None) -> int:
    """Before the due date and on it, remind the Clerk of each open FOI request (s.10)."""
    today = today or timezone.localdate()
    sent = 0
    for request in FoiRequest.objects.filter(status=FoiRequest.Status.OPEN, due_on__isnull=False).select_related(
        "council"
    ):
        stage = _stage(today, request.due_on)
        if stage is None:
            continue
        when = "is due today" if request.due_on == today else ("was due" if request.due_on < today else "is due")
        sent += _remind_once(
            council=request.council,
            kind="foi",
            obj=request,
            stage=stage,
            template="foi_reminder",
            context={"request": request, "when": when},
        )
    return sent


def sar_reminders_send(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for request in SubjectAccessRequest.objects.filter(status=SubjectAccessRequest.Status.OPEN).select_related(
        "council"
    ):
        stage = _stage(today, request.due_on)
        if stage is None:
            continue
        when = "is due today" if request.due_on == today else ("was due" if request.due_on < today else "is due")
        sent += _remind_once(
            council=request.council,
            kind="sar",
            obj=request,
            stage=stage,
            template="sar_reminder",
            context={"request": request, "when": when},
        )
    return sent


def policy_review_reminders_send(*, today: date | None = None) -> int:
    """P2: remind the Clerk as a policy review approaches, and once a month while it is overdue."""
    today = today or timezone.localdate()
    sent = 0
    for policy in Policy.objects.filter(is_current=True).select_related("council"):
        days_left = (policy.review_due - today).days
        if days_left > POLICY_REMIND_DAYS_BEFORE:
            continue
        if days_left > 0:
            stage, when = f"before:{policy.review_due.isoformat()}", f"is due on {policy.review_due:%d %B %Y}"
        else:
            stage, when = f"overdue:{today:%Y-%m}", f"was due on {policy.review_due:%d %B %Y} and is overdue"
        sent += _remind_once(
            council=policy.council,
            kind="policy_review",
            obj=policy,
            stage=stage,
            template="policy_review_reminder",
            context={"policy": policy, "when": when},
        )
    return sent
