"""The councillors' digest (P11): what is new in the council's official, non-confidential record.

Exactly one per member per period: the `DigestDelivery` row for (member, council, period) is
inserted in the same transaction as the outbox row, so a second or late run finds it and stops.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from comms.mail.door import Purpose, council_email_send
from comms.models import Capacity, Confidentiality, Referral
from comms.selectors import records_visible
from council.audit import audit_record
from council.models import MEMBER_ROLES, Council, Membership, ResponseCommitment, User
from council.selectors import CouncilAccess, commitment_for, roles_for_user
from reports.models import DigestDelivery, DigestPreference

Frequency = ResponseCommitment.DigestFrequency
_FORTNIGHT_ANCHOR = dt.date(2024, 1, 1)  # a Monday


def digest_period_start(*, frequency: str, today: dt.date) -> dt.date:
    """The first day of the period `today` falls in: Monday of the week or fortnight, or the 1st of the month."""
    monday = today - dt.timedelta(days=today.weekday())
    if frequency == Frequency.WEEKLY:
        return monday
    if frequency == Frequency.FORTNIGHTLY:
        weeks = (monday - _FORTNIGHT_ANCHOR).days // 7
        return monday - dt.timedelta(weeks=weeks % 2)
    if frequency == Frequency.MONTHLY:
        return today.replace(day=1)
    raise ValueError(f"no digest period for {frequency!r}")


def _period_length(frequency: str) -> dt.timedelta:
    return {Frequency.WEEKLY: dt.timedelta(days=7), Frequency.FORTNIGHTLY: dt.timedelta(days=14)}.get(
        frequency, dt.timedelta(days=31)
    )


@dataclass(frozen=True)
class DigestItem:
    reference: str
    subject: str
    channel: str
    direction: str
    status: str
    who_has_it: str
    occurred_at: dt.datetime


@dataclass(frozen=True)
class DigestContent:
    items: list[DigestItem]
    overdue_referrals: list[Referral]


def digest_content(*, council: Council, user, since: dt.datetime, until: dt.datetime, today: dt.date) -> DigestContent:
    """What this member may see that is new: official, not confidential, not withdrawn, not junk (P13, P17)."""
    access = CouncilAccess(council=council, user=user, roles=roles_for_user(user=user, council=council))
    records = (
        records_visible(access=access)
        .filter(
            occurred_at__gte=since,
            occurred_at__lt=until,
            withdrawn_at__isnull=True,
            is_automatic=False,
            thread__is_low_priority=False,
            thread__private_to__isnull=True,
        )
        .filter(Q(capacity=Capacity.OFFICIAL) | Q(copied_to_clerk=True))
        .exclude(confidentiality=Confidentiality.CONFIDENTIAL)
        .select_related("thread", "thread__owner")
        .order_by("occurred_at", "pk")[:200]
    )
    items = [
        DigestItem(
            reference=r.thread.reference,
            subject=r.subject or r.thread.subject or "(no subject)",
            channel=r.get_channel_display(),
            direction=r.get_direction_display(),
            status=r.thread.get_status_display(),
            who_has_it=str(r.thread.owner) if r.thread.owner else "the Clerk",
            occurred_at=r.occurred_at,
        )
        for r in records
    ]
    overdue = list(
        Referral.objects.filter(council=council, to_member=user, completed_at__isnull=True, due_on__lt=today)
        .select_related("thread")
        .order_by("due_on")
    )
    return DigestContent(items, overdue)


def _recipients(council: Council):
    opted_out = DigestPreference.objects.filter(council=council, opted_out=True).values("user_id")
    members = Membership.objects.filter(council=council, is_active=True, role__in=list(MEMBER_ROLES)).exclude(
        user_id__in=opted_out
    )
    return User.objects.filter(pk__in=members.values("user_id"), is_active=True).exclude(email="").order_by("pk")


def digest_send_to_member(
    *, council: Council, user, period_start: dt.date, now: dt.datetime, frequency: str
) -> DigestDelivery | None:
    """Claim and queue one member's digest for one period; None when it was already claimed."""
    previous = (
        DigestDelivery.objects.filter(user=user, council=council, period_start__lt=period_start)
        .order_by("-period_start")
        .first()
    )
    since = previous.covers_to if previous else now - _period_length(frequency)
    try:
        with transaction.atomic():
            delivery = DigestDelivery.objects.create(
                user=user, council=council, period_start=period_start, covers_from=since, covers_to=now
            )
            content = digest_content(council=council, user=user, since=since, until=now, today=timezone.localdate(now))
            context = {
                "council": council,
                "user": user,
                "content": content,
                "since": since,
                "until": now,
                "frequency": dict(Frequency.choices).get(frequency, frequency).lower(),
                "preferences_url": settings.SITE_URL.rstrip("/")
                + reverse("reports:digest_preference", kwargs={"council_slug": council.slug}),
            }
            outbound = council_email_send(
                council=council,
                purpose=Purpose.DIGEST,
                to=[user.email],
                template="digest",
                context=context,
                headers={"Auto-Submitted": "auto-generated", "Precedence": "bulk"},
            )
            delivery.outbound = outbound
            delivery.items = len(content.items)
            delivery.save(update_fields=["outbound", "items"])
            audit_record(
                council=council,
                actor=None,
                action="digest.queued",
                obj=delivery,
                summary=f"Digest for {user} ({len(content.items)} items, {len(content.overdue_referrals)} overdue referrals)",  # noqa: E501
                after={"period_start": period_start, "outbound": outbound.pk},
            )
            return delivery
    except IntegrityError:
        return None


def digests_send_due(*, now: dt.datetime | None = None, council: Council | None = None) -> int:
    """Beat: queue this period's digest for every member who has not had it; returns how many were queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    councils = [council] if council is not None else list(Council.objects.all())
    queued = 0
    for each in councils:
        frequency = commitment_for(council=each).digest_frequency
        if frequency == Frequency.OFF:
            continue
        period_start = digest_period_start(frequency=frequency, today=today)
        done = set(
            DigestDelivery.objects.filter(council=each, period_start=period_start).values_list("user_id", flat=True)
        )
        for user in _recipients(each):
            if user.pk in done:
                continue
            if digest_send_to_member(council=each, user=user, period_start=period_start, now=now, frequency=frequency):
                queued += 1
    return queued


@transaction.atomic
def digest_preference_set(*, council: Council, user, opted_out: bool) -> DigestPreference:
    preference, _ = DigestPreference.objects.select_for_update().get_or_create(user=user, council=council)
    before = preference.opted_out
    preference.opted_out = opted_out
    preference.updated_at = timezone.now()
    preference.save()
    audit_record(
        council=council,
        actor=user,
        action="digest.preference",
        obj=preference,
        summary=f"{user} {'opted out of' if opted_out else 'receives'} the digest",
        before={"opted_out": before},
        after={"opted_out": opted_out},
    )
    return preference


def digest_is_opted_out(*, council: Council, user) -> bool:
    return DigestPreference.objects.filter(council=council, user=user, opted_out=True).exists()
