"""Reads for reports, digests and commitments, permission filtering built in."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import dateformat, timezone

from comms.models import CorrespondentDecision, Referral, Thread
from comms.selectors import CLOSED_STATUSES, thread_overdue_q, threads_visible
from council.models import Body, Council, Meeting
from council.selectors import CouncilAccess, commitment_for
from council.workdays import add_working_days, is_working_day

from .services.commitments import CaseClock, case_clocks

Status = Thread.Status
OPEN_STATUSES = (Status.NEW, Status.TRIAGED, Status.REFERRED, Status.AWAITING_REPLY)


@dataclass(frozen=True)
class AtRisk:
    thread: Thread
    clock: CaseClock
    what: str  # "acknowledgement" or "reply"
    due_on: dt.date
    overdue: bool


def threads_at_risk(
    *, council: Council, access: CouncilAccess | None = None, today: dt.date | None = None
) -> list[AtRisk]:
    """Open cases that have missed, or by the next working day will miss, an acknowledgement or reply commitment.

    For the Clerk's dashboard and the reports page; a member who is not an officer sees none.
    """
    if access is not None and (access.council.pk != council.pk or not access.is_officer):
        return []
    today = today or timezone.localdate()
    threads = Thread.objects.filter(
        council=council, status__in=OPEN_STATUSES, is_low_priority=False, private_to__isnull=True
    ).select_related("owner", "contact")
    out = []
    for clock in case_clocks(council=council, threads=threads):
        risk = clock.risk(today)
        if risk:
            what, due = risk
            out.append(AtRisk(clock.thread, clock, what, due, due < today))
    out.sort(key=lambda r: (r.due_on, r.clock.received_at))
    return out


def _day(value: dt.date) -> str:
    return dateformat.format(value, "j M Y")


@dataclass
class OverdueCase:
    thread: Thread
    reasons: list[str]  # what is late, in words: "acknowledgement due 3 Mar 2026"
    since: dt.date  # the earliest missed date


def cases_overdue(*, council: Council, access: CouncilAccess, today: dt.date | None = None) -> list[OverdueCase]:
    """The one definition of an overdue case, shown alike on Today and on Reports (P11, P14).

    An open case the person may see is overdue when its own due date has passed, an open referral's
    due date has passed, or it has missed the council's acknowledgement or reply commitment.
    """
    if access.council.pk != council.pk or not access.is_officer:
        return []
    today = today or timezone.localdate()
    cases: dict[int, OverdueCase] = {}

    def late(thread: Thread, reason: str, due: dt.date) -> None:
        case = cases.setdefault(thread.pk, OverdueCase(thread, [], due))
        case.reasons.append(reason)
        case.since = min(case.since, due)

    open_threads = threads_visible(access=access).exclude(status__in=CLOSED_STATUSES).select_related("owner", "contact")
    flagged = {t.pk: t for t in open_threads.filter(thread_overdue_q(today))}
    for thread in flagged.values():
        if thread.due_on and thread.due_on < today:
            late(thread, f"due {_day(thread.due_on)}", thread.due_on)
    referrals = (
        Referral.objects.filter(thread_id__in=list(flagged), completed_at__isnull=True, due_on__lt=today)
        .select_related("to_member", "to_agency", "to_body")
        .order_by("due_on", "pk")
    )
    for referral in referrals:
        late(flagged[referral.thread_id], f"referral to {referral.target} due {_day(referral.due_on)}", referral.due_on)
    # Commitments count only for open cases no member keeps private, which every officer may see.
    for item in threads_at_risk(council=council, access=access, today=today):
        if item.overdue:
            thread = cases[item.thread.pk].thread if item.thread.pk in cases else item.thread
            late(thread, f"{item.what} due {_day(item.due_on)}", item.due_on)
    return sorted(cases.values(), key=lambda c: (c.since, c.thread.reference))


@dataclass(frozen=True)
class MonthFigures:
    month: dt.date
    received: int
    responded: int
    median_working_days_to_first_response: float | None
    median_hours_to_first_response: float | None
    acknowledged_within: int
    acknowledgement_due: int
    replied_within: int
    reply_due: int
    median_working_days_to_reply: float | None = None

    @staticmethod
    def _share(n: int, d: int) -> float | None:
        return round(100 * n / d, 1) if d else None

    @property
    def acknowledged_share(self) -> float | None:
        return self._share(self.acknowledged_within, self.acknowledgement_due)

    @property
    def replied_share(self) -> float | None:
        return self._share(self.replied_within, self.reply_due)


def _working_days_between(start: dt.date, end: dt.date) -> int:
    days, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days += 1
    return days


def _clocks_by_month(*, council: Council, first_month: dt.date, today: dt.date) -> dict[dt.date, list[CaseClock]]:
    start = timezone.make_aware(dt.datetime.combine(first_month, dt.time.min))
    threads = Thread.objects.filter(
        council=council, is_low_priority=False, private_to__isnull=True, created_at__gte=start - dt.timedelta(days=31)
    )
    by_month: dict[dt.date, list[CaseClock]] = {}
    for clock in case_clocks(council=council, threads=threads):
        if clock.received_at < start or clock.received_on > today:
            continue
        by_month.setdefault(clock.received_on.replace(day=1), []).append(clock)
    return by_month


def _figures(month: dt.date, clocks: list[CaseClock], today: dt.date) -> MonthFigures:
    responded = [c for c in clocks if c.first_response_at]
    days = [_working_days_between(c.received_on, timezone.localtime(c.first_response_at).date()) for c in responded]
    reply_days = [
        _working_days_between(c.received_on, timezone.localtime(c.replied_at).date()) for c in clocks if c.replied_at
    ]
    hours = [(c.first_response_at - c.received_at).total_seconds() / 3600 for c in responded]
    ack_in = ack_due = reply_in = reply_due = 0
    for c in clocks:
        if c.acknowledge_by:
            at = c.first_response_at
            if at or c.acknowledge_by < today:
                ack_due += 1
                ack_in += bool(at and timezone.localtime(at).date() <= c.acknowledge_by)
        if c.reply_by and c.thread.status != Status.NO_RESPONSE_NEEDED:
            at = c.replied_at
            if at or c.reply_by < today:
                reply_due += 1
                reply_in += bool(at and timezone.localtime(at).date() <= c.reply_by)
    return MonthFigures(
        month=month,
        received=len(clocks),
        responded=len(responded),
        median_working_days_to_first_response=statistics.median(days) if days else None,
        median_hours_to_first_response=round(statistics.median(hours), 1) if hours else None,
        acknowledged_within=ack_in,
        acknowledgement_due=ack_due,
        replied_within=reply_in,
        reply_due=reply_due,
        median_working_days_to_reply=statistics.median(reply_days) if reply_days else None,
    )


def response_figures_with_total(
    *, council: Council, months: int = 12, today: dt.date | None = None
) -> tuple[list[MonthFigures], MonthFigures]:
    """Per month of receipt, and for all the months together: median time to first response and
    to reply, and the share within each commitment.

    A case still inside its commitment with no response yet is not counted for that commitment;
    a case whose deadline has passed unanswered counts as missed. For the Reports page and the
    annual report.
    """
    today = today or timezone.localdate()
    first_month = dt.date(today.year, today.month, 1)
    for _ in range(months - 1):
        first_month = (first_month - dt.timedelta(days=1)).replace(day=1)
    by_month = _clocks_by_month(council=council, first_month=first_month, today=today)
    out = []
    month = first_month
    while month <= today:
        out.append(_figures(month, by_month.get(month, []), today))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    total = _figures(first_month, [c for m in out for c in by_month.get(m.month, [])], today)
    return out, total


def response_figures(*, council: Council, months: int = 12, today: dt.date | None = None) -> list[MonthFigures]:
    return response_figures_with_total(council=council, months=months, today=today)[0]


def meetings_for(*, council: Council) -> QuerySet[Meeting]:
    return Meeting.objects.filter(council=council).select_related("body").order_by("-date", "body__name")


def meeting_previous(*, meeting: Meeting) -> Meeting | None:
    return Meeting.objects.filter(body=meeting.body, date__lt=meeting.date).order_by("-date").first()


def meeting_agenda(*, meeting: Meeting) -> QuerySet[Referral]:
    """Everything referred to this meeting (P9): the Clerk's list for the agenda."""
    return (
        Referral.objects.filter(council=meeting.council, to_body=meeting.body, meeting_date=meeting.date)
        .select_related("thread", "created_by")
        .order_by("created_at", "pk")
    )


def bodies_for(*, council: Council) -> QuerySet[Body]:
    return Body.objects.filter(council=council).order_by("kind", "name")


def correspondent_decisions(*, council: Council, active_only: bool = False) -> QuerySet[CorrespondentDecision]:
    decisions = CorrespondentDecision.objects.filter(council=council).select_related(
        "contact", "decided_by", "ended_by"
    )
    return decisions.filter(ended_at__isnull=True) if active_only else decisions


def decisions_due_for_review(*, council: Council, today: dt.date | None = None) -> QuerySet[CorrespondentDecision]:
    return correspondent_decisions(council=council, active_only=True).filter(
        review_on__lte=today or timezone.localdate()
    )


def low_priority_threads(*, council: Council) -> QuerySet[Thread]:
    return (
        Thread.objects.filter(council=council, is_low_priority=True, private_to__isnull=True)
        .select_related("contact")
        .order_by("-last_activity_at")
    )


def main_inbox_recent(*, council: Council, limit: int = 30) -> QuerySet[Thread]:
    return (
        Thread.objects.filter(council=council, is_low_priority=False, private_to__isnull=True, status__in=OPEN_STATUSES)
        .select_related("contact")
        .order_by("-last_activity_at")[:limit]
    )


def next_working_day_after(day: dt.date) -> dt.date:
    return add_working_days(day, 1)


__all__ = [
    "AtRisk",
    "MonthFigures",
    "OverdueCase",
    "bodies_for",
    "cases_overdue",
    "commitment_for",
    "correspondent_decisions",
    "decisions_due_for_review",
    "low_priority_threads",
    "main_inbox_recent",
    "meeting_agenda",
    "meeting_previous",
    "meetings_for",
    "response_figures",
    "response_figures_with_total",
    "threads_at_risk",
]
