"""The councillor's portal: what was referred to them, what they wrote, and the official register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q
from django.http import Http404

from comms.models import Capacity, Confidentiality, Correspondence, MemberMailHold, Referral, Thread
from council.selectors import CouncilAccess

from .visibility import records_visible


@dataclass
class RegisterLine:
    """One case in the councillor's view of the register: one line per case, not per record."""

    thread: Thread
    records: int
    last_at: datetime


@dataclass
class PortalView:
    referrals: list[Referral]
    written: list[Correspondence]
    official: list[RegisterLine]


def portal_for_member(*, access: CouncilAccess, limit: int = 25) -> PortalView:
    user = access.user
    referrals = (
        Referral.objects.filter(council=access.council, to_member_id=user.pk)
        .select_related("thread", "created_by")
        .order_by("completed_at", "due_on", "-created_at")[:limit]
    )
    written = (
        Correspondence.objects.filter(council=access.council)
        # P12, P13: what they wrote (the portal, or their own mail copied to the Clerk) and passed on.
        .filter(Q(created_by_id=user.pk) | Q(sender_member_id=user.pk) | Q(passed_on_by_id=user.pk))
        .select_related("thread", "sender_contact", "sender_member")
        .prefetch_related("recipients")
        .order_by("-occurred_at", "-pk")[:limit]
    )
    per_case = (
        records_visible(access=access)
        .filter(Q(capacity=Capacity.OFFICIAL) | Q(copied_to_clerk=True))
        .exclude(confidentiality=Confidentiality.CONFIDENTIAL)
        .exclude(member_hold__outcome=MemberMailHold.Outcome.WAITING)  # not official until the Clerk confirms
        .order_by()
        .values("thread_id")
        .annotate(n=Count("pk"), last_at=Max("occurred_at"))
        .order_by("-last_at", "-thread_id")[:limit]
    )
    per_case = list(per_case)
    threads = Thread.objects.in_bulk([row["thread_id"] for row in per_case])
    official = [RegisterLine(threads[row["thread_id"]], row["n"], row["last_at"]) for row in per_case]
    return PortalView(list(referrals), list(written), official)


def referral_for_member(*, access: CouncilAccess, pk: int) -> Referral:
    referral = (
        Referral.objects.filter(council=access.council, to_member_id=access.user.pk, pk=pk)
        .select_related("thread", "council")
        .first()
    )
    if referral is None:
        raise Http404("No such referral.")
    return referral
