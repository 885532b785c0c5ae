"""What the case services share: locking a case, checking it is open, changing its status with its audit event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from comms.models import Thread
from council.actors import Actor
from council.audit import audit_record
from council.models import Membership

Status = Thread.Status
OPEN_STATUSES = frozenset(Status.values) - {Status.CLOSED, Status.NO_RESPONSE_NEEDED}


def thread_locked(thread: Thread) -> Thread:
    return Thread.objects.select_for_update().get(pk=thread.pk)


def require_open(thread: Thread, doing: str) -> None:
    if thread.status in (Status.CLOSED, Status.NO_RESPONSE_NEEDED):
        raise ValidationError(
            f"Case {thread.reference} is {thread.get_status_display().lower()}: reopen it before you {doing}."
        )


def status_set(
    *, thread: Thread, status: str, actor: Actor, action: str, summary: str = "", extra: dict | None = None
) -> Thread:
    before = {"status": thread.status, **{k: getattr(thread, k) for k in (extra or {})}}
    thread.status = status
    for field, value in (extra or {}).items():
        setattr(thread, field, value)
    thread.last_activity_at = timezone.now()
    thread.save(update_fields=["status", "last_activity_at", *(extra or {})])
    after = {"status": status, **{k: (v.pk if hasattr(v, "pk") else v) for k, v in (extra or {}).items()}}
    before = {k: (v.pk if hasattr(v, "pk") else v) for k, v in before.items()}
    audit_record(
        council=thread.council,
        actor=actor,
        action=action,
        obj=thread,
        summary=summary or thread.reference,
        before=before,
        after=after,
    )
    return thread


def is_active_member(council, user) -> bool:
    return Membership.objects.filter(council=council, user=user, is_active=True).exists()
