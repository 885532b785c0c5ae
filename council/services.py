"""Writes for councils: each keyword-only, atomic, named <noun>_<verb>."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Max

from .models import ClerkAbsence, Council, Membership, MonitoringPeriod, Policy, User


@transaction.atomic
def policy_adopt(
    *,
    council: Council,
    title: str,
    text: str,
    adopted_on: date,
    review_due: date,
    channels: list[str],
    changes: str = "",
) -> Policy:
    """Record a new version of the council's policy and make it the current one (P2)."""
    Council.objects.select_for_update().filter(pk=council.pk).first()
    latest = council.policies.aggregate(v=Max("version"))["v"] or 0
    council.policies.filter(is_current=True).update(is_current=False)
    return Policy.objects.create(
        council=council,
        version=latest + 1,
        title=title,
        text=text,
        adopted_on=adopted_on,
        review_due=review_due,
        channels=channels,
        changes=changes,
        is_current=True,
    )


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


def membership_grant(*, user: User, council: Council, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, council=council, role=role)
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    return membership
