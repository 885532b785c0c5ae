"""The append-only audit trail (P14), shared by every app.

`audit_record` is called inside the same transaction as the change it describes, so a change and its
event land together or not at all. Each event carries the hash of the one before (per council), so
editing or deleting a row breaks the chain (see `audit_verify`).
"""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from council.actors import Actor, user_of

from .models import AuditEvent, Council


def _canonical(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), default=str)


def audit_event_hash(event: AuditEvent) -> str:
    payload = _canonical(
        {
            "council": event.council_id,
            "seq": event.seq,
            "actor": event.actor_id,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "summary": event.summary,
            "before": event.before,
            "after": event.after,
            "at": event.at.isoformat(),
            "prev": event.prev_hash,
        }
    )
    return hashlib.sha256(payload.encode()).hexdigest()


# The events of one batch (see audit_batch), waiting to join their council's chain together.
_batch: ContextVar[tuple[int, list[AuditEvent]] | None] = ContextVar("audit_batch", default=None)


def audit_record(
    *,
    council: Council,
    actor: Actor,
    action: str,
    obj=None,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one event to the council's chain; must run inside the caller's transaction.

    Inside `audit_batch` the event joins the chain with the batch's others, when the batch ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    event = AuditEvent(
        council=council,
        actor=user_of(actor),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:500],
        before=json.loads(_canonical(before)) if before is not None else None,
        after=json.loads(_canonical(after)) if after is not None else None,
    )
    batch = _batch.get()
    if batch is not None and batch[0] == council.pk:
        batch[1].append(event)
    else:
        _chain_append(council=council, events=[event])
    return event


@contextmanager
def audit_batch(*, council: Council):
    """The council's events recorded inside join its chain in one step as the block ends: the chain's
    lock is taken once, for the last moment of the caller's transaction, instead of at the first event.

    Use it only around code that either completes or fails as a whole (no audited step whose failure
    is caught inside): an event is never written for a change that was rolled back, and none is
    written if the block raises."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_batch must run inside the transaction of the changes it records")
    if _batch.get() is not None:  # inside another batch: its events join that one
        yield
        return
    events: list[AuditEvent] = []
    token = _batch.set((council.pk, events))
    try:
        yield
    finally:
        _batch.reset(token)
    if events:
        _chain_append(council=council, events=events)


def _chain_append(*, council: Council, events: list[AuditEvent]) -> None:
    # Lock the council row so two writers cannot both chain onto the same previous event.
    Council.objects.select_for_update().filter(pk=council.pk).values_list("pk", flat=True).first()
    previous = AuditEvent.objects.filter(council=council).order_by("-seq").only("seq", "hash").first()
    seq, prev_hash = (previous.seq, previous.hash) if previous else (0, "")
    at = timezone.now()
    for event in events:
        seq += 1
        event.seq, event.prev_hash, event.at = seq, prev_hash, at
        event.hash = prev_hash = audit_event_hash(event)
    if len(events) == 1:
        events[0].save(force_insert=True)
    else:
        AuditEvent.objects.bulk_create(events)


@dataclass(frozen=True)
class ChainReport:
    council_slug: str
    events: int
    first_break_seq: int | None
    problem: str

    @property
    def ok(self) -> bool:
        return self.first_break_seq is None


def audit_verify(*, council: Council) -> ChainReport:
    """Walk the council's chain and report the first event whose hash or link does not hold."""
    previous_hash = ""
    expected_seq = 1
    count = 0
    for event in AuditEvent.objects.filter(council=council).order_by("seq").iterator():
        count += 1
        if event.seq != expected_seq:
            return ChainReport(council.slug, count, expected_seq, f"event {expected_seq} is missing")
        if event.prev_hash != previous_hash:
            return ChainReport(council.slug, count, event.seq, "link to the previous event is broken")
        if audit_event_hash(event) != event.hash:
            return ChainReport(council.slug, count, event.seq, "event content does not match its hash")
        previous_hash = event.hash
        expected_seq += 1
    return ChainReport(council.slug, count, None, "")
