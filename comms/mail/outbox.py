"""The outbox (P14: nothing lost, nothing sent twice).

Every email is an `OutboundEmail` row written by the one door (comms.mail.door) in the same
transaction as its record, with the send task (`outbound_email_send`, here) queued on commit; this
module claims and delivers. The task claims the row with a conditional update (QUEUED -> SENDING,
counting the attempt), so a redelivered or repeated task does nothing. Transient SMTP errors put the row
back to QUEUED with a backoff; permanent ones, or too many attempts, mark it FAILED for the
dashboard. The periodic relay finds rows whose task was lost (broker down, worker killed):
QUEUED rows past their due time and SENDING rows whose claim has outlived the task's hard time
limit (the lease, OUTBOX_SENDING_LEASE_SECONDS, derived from the limit in config.settings), whose
claimant is therefore dead. A row is sent twice only if its worker dies between the SMTP server's
250 and the row's update: the window SMTP itself leaves (the same Message-ID goes out again).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from comms.models import OutboundEmail, RawMessage
from council.audit import audit_record

from .sending import outbound_deliver, smtp_error_is_transient

logger = logging.getLogger(__name__)

__all__ = ["SendOutcome", "outbound_email_send", "outbox_relay_due", "outbox_send"]


def _setting(name: str, default):
    return getattr(settings, name, default)


def max_attempts() -> int:
    return int(_setting("OUTBOX_MAX_ATTEMPTS", 8))


def sending_lease() -> timedelta:
    # Longer than the send task's hard time limit: by then the task that claimed the row is dead.
    return timedelta(seconds=int(settings.OUTBOX_SENDING_LEASE_SECONDS))


def backoff(attempt: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min ... capped at one hour."""
    base = int(_setting("OUTBOX_RETRY_BASE_SECONDS", 30))
    return timedelta(seconds=min(3600, base * (2 ** max(0, attempt - 1))))


@dataclass(frozen=True)
class SendOutcome:
    status: str  # sent | retry | failed | skipped
    detail: str = ""
    retry_in: float | None = None


def _claim(outbound_id: int) -> OutboundEmail | None:
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(
        pk=outbound_id, status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now
    ).update(status=OutboundEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    return OutboundEmail.objects.select_related("council", "record").get(pk=outbound_id)


def outbox_send(*, outbound_id: int) -> SendOutcome:
    """Claim and send one row. Safe to run any number of times: only the claimant sends."""
    outbound = _claim(outbound_id)
    if outbound is None:
        return SendOutcome("skipped", "not queued or not yet due")
    # The attempt number fences the finish: a row re-queued by the relay after this claim
    # expired cannot be marked by this (late) task.
    mine = Q(pk=outbound.pk, status=OutboundEmail.Status.SENDING, attempts=outbound.attempts)
    try:
        data = outbound_deliver(outbound)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        # Out of time (a very slow server) is worth another attempt, like a timeout.
        transient = isinstance(exc, SoftTimeLimitExceeded) or smtp_error_is_transient(exc)
        with transaction.atomic():
            if transient and outbound.attempts < max_attempts():
                delay = backoff(outbound.attempts)
                OutboundEmail.objects.filter(mine).update(
                    status=OutboundEmail.Status.QUEUED, last_error=error, next_attempt_at=timezone.now() + delay
                )
                audit_record(
                    council=outbound.council,
                    actor=None,
                    action="email.retry",
                    obj=outbound,
                    summary=f"attempt {outbound.attempts} failed, retry in {int(delay.total_seconds())} s: {error}"[
                        :500
                    ],
                )
                return SendOutcome("retry", error, delay.total_seconds())
            OutboundEmail.objects.filter(mine).update(status=OutboundEmail.Status.FAILED, last_error=error)
            audit_record(
                council=outbound.council,
                actor=None,
                action="email.failed",
                obj=outbound,
                summary=f"gave up after {outbound.attempts} attempt(s): {error}"[:500],
                after={"status": OutboundEmail.Status.FAILED},
            )
        return SendOutcome("failed", error)
    with transaction.atomic():
        OutboundEmail.objects.filter(mine).update(
            status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        if outbound.record_id and not RawMessage.objects.filter(record_id=outbound.record_id).exists():
            RawMessage.objects.create(
                record_id=outbound.record_id,
                data=data,
                sha256=hashlib.sha256(data).hexdigest(),
                received_via="smtp-out",
            )
        audit_record(
            council=outbound.council,
            actor=None,
            action="email.sent",
            obj=outbound,
            summary=f"{outbound.purpose} sent to {', '.join(outbound.to + outbound.cc)}"[:500],
            after={"status": OutboundEmail.Status.SENT, "message_id": outbound.message_id},
        )
    return SendOutcome("sent")


@shared_task(soft_time_limit=settings.OUTBOX_SEND_SOFT_TIME_LIMIT, time_limit=settings.OUTBOX_SEND_TIME_LIMIT)
def outbound_email_send(outbound_id: int) -> str:
    """The send task: send one outbox row; a transient failure schedules the next attempt with backoff.

    It lives beside the send, not in comms.tasks, so the door can queue it without importing the
    tasks module (which imports the mailbox reader, which imports the door). A retry due later than
    OUTBOX_RETRY_COUNTDOWN_MAX is left to the relay rather than held by a worker until it is due.
    """
    outcome = outbox_send(outbound_id=outbound_id)
    soon = outcome.retry_in is not None and outcome.retry_in <= settings.OUTBOX_RETRY_COUNTDOWN_MAX
    if outcome.status == "retry" and soon:
        try:
            outbound_email_send.apply_async((outbound_id,), countdown=outcome.retry_in)
        except Exception:  # broker unreachable: the row is due in the database and the relay sends it
            logger.warning("could not queue the retry of outbound email %s", outbound_id, exc_info=True)
    return outcome.status


def outbox_relay_due(*, limit: int = 500) -> list[int]:
    """Rows whose task was lost, made due again; the relay task (comms.tasks.outbox_relay) queues them."""
    now = timezone.now()
    grace = timedelta(seconds=int(_setting("OUTBOX_RELAY_GRACE_SECONDS", 60)))
    stale = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING, claimed_at__lt=now - sending_lease())
    requeued: list[int] = []
    for row in stale.only("pk", "attempts")[:limit]:
        # The claimant died mid-send (the lease is past the task's time limit). Whether the SMTP
        # server had accepted it is unknown; sending again keeps the same Message-ID.
        mine = OutboundEmail.objects.filter(pk=row.pk, status=OutboundEmail.Status.SENDING, attempts=row.attempts)
        if row.attempts >= max_attempts():
            mine.update(status=OutboundEmail.Status.FAILED, last_error="worker lost during the last attempt")
        elif mine.update(status=OutboundEmail.Status.QUEUED, next_attempt_at=now):
            requeued.append(row.pk)
    due = OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now - grace)
    ids = requeued + [
        pk for pk in due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit] if pk not in requeued
    ]
    return ids
