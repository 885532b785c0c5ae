"""When the Clerk's mailbox is monitored (P10): the weekly periods and the Clerk's absences."""

from __future__ import annotations

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction

from council.actors import Actor
from council.audit import audit_record
from council.models import ClerkAbsence, Council, MonitoringPeriod


@transaction.atomic
def monitoring_hours_set(*, council: Council, periods: list[tuple[int, time, time]]) -> list[MonitoringPeriod]:
    """Replace the council's weekly monitoring schedule (P10)."""
    council.monitoring_periods.all().delete()
    return MonitoringPeriod.objects.bulk_create(
        MonitoringPeriod(council=council, weekday=weekday, starts_at=start, ends_at=end)
        for weekday, start, end in periods
    )


def clerk_absence_create(*, council: Council, starts_at: datetime, ends_at: datetime, message: str) -> ClerkAbsence:
    if starts_at >= ends_at:
        raise ValueError("An absence must end after it starts.")
    return ClerkAbsence.objects.create(council=council, starts_at=starts_at, ends_at=ends_at, message=message)


# --- The Clerk's settings area: every write audited in its own transaction (P14) -------------------


def _period_text(period: MonitoringPeriod) -> str:
    return f"{period.get_weekday_display()} {period.starts_at:%H:%M}-{period.ends_at:%H:%M}"


@transaction.atomic
def monitoring_period_add(
    *, council: Council, actor: Actor, weekday: int, starts_at: time, ends_at: time
) -> MonitoringPeriod:
    """Add one period of the week in which the Clerk's mailbox is monitored (P10)."""
    if starts_at >= ends_at:
        raise ValidationError("A monitoring period must end after it starts.")
    overlapping = council.monitoring_periods.filter(weekday=weekday, starts_at__lt=ends_at, ends_at__gt=starts_at)
    if overlapping.exists():
        raise ValidationError(f"That overlaps {overlapping.first()}; remove or change that period first.")
    period = MonitoringPeriod.objects.create(council=council, weekday=weekday, starts_at=starts_at, ends_at=ends_at)
    audit_record(
        council=council,
        actor=actor,
        action="monitoring_period.added",
        obj=period,
        summary=f"Mailbox monitored {_period_text(period)}",
        after={"weekday": weekday, "starts_at": starts_at, "ends_at": ends_at},
    )
    return period


@transaction.atomic
def monitoring_period_remove(*, council: Council, actor: Actor, period_id: int) -> None:
    period = MonitoringPeriod.objects.select_for_update().filter(council=council, pk=period_id).first()
    if period is None:
        raise ValidationError("That monitoring period no longer exists.")
    audit_record(
        council=council,
        actor=actor,
        action="monitoring_period.removed",
        obj=period,
        summary=f"No longer monitored {_period_text(period)}",
        before={"weekday": period.weekday, "starts_at": period.starts_at, "ends_at": period.ends_at},
    )
    period.delete()


@transaction.atomic
def clerk_absence_add(
    *, council: Council, actor: Actor, starts_at: datetime, ends_at: datetime, message: str
) -> ClerkAbsence:
    """Record a period when the Clerk is away; mail then gets this absence's own reply (P10)."""
    if starts_at >= ends_at:
        raise ValidationError("An absence must end after it starts.")
    if not (message or "").strip():
        raise ValidationError("Say when the mailbox is next monitored and where urgent matters go.")
    absence = clerk_absence_create(council=council, starts_at=starts_at, ends_at=ends_at, message=message.strip())
    audit_record(
        council=council,
        actor=actor,
        action="clerk_absence.added",
        obj=absence,
        summary=f"Clerk away {starts_at:%d %b %Y %H:%M} to {ends_at:%d %b %Y %H:%M}",
        after={"starts_at": starts_at, "ends_at": ends_at, "message": absence.message},
    )
    return absence


@transaction.atomic
def clerk_absence_remove(*, council: Council, actor: Actor, absence_id: int) -> None:
    absence = ClerkAbsence.objects.select_for_update().filter(council=council, pk=absence_id).first()
    if absence is None:
        raise ValidationError("That absence no longer exists.")
    audit_record(
        council=council,
        actor=actor,
        action="clerk_absence.removed",
        obj=absence,
        summary=f"Absence {absence.starts_at:%d %b %Y} to {absence.ends_at:%d %b %Y} removed",
        before={"starts_at": absence.starts_at, "ends_at": absence.ends_at, "message": absence.message},
    )
    absence.delete()
