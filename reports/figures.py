"""The figures behind the charts of the Reports page and the annual report (reads only).

Each function returns one `Chart` (its figures are also its table) for one council over one
`Period`: messages by channel, response times and shares against the commitment, moderation
outcomes by concern, repeat offenders, freedom of information and subject access requests answered
by their statutory dates, and the outbox. No chart names a resident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from comms.models import Channel, Correspondence, Direction, OutboundEmail
from council.models import Council, ResponseCommitment
from moderation.models import BREACH_STATUSES, CRITERION_LABELS, PUBLIC_SOURCES, ContactBlock, Submission
from records.models import FoiRequest, SubjectAccessRequest

from .charts import Chart, Series
from .selectors import MonthFigures, response_figures_with_total
from .services.commitments import commitment_for

# The channels a council meets the public on, as the policy names them (P1, P16).
CHANNEL_GROUPS = (
    ("Email", (Channel.EMAIL,)),
    ("Web form", (Channel.WEBSITE_FORM,)),
    ("Social media", (Channel.SOCIAL_MESSAGE, Channel.SOCIAL_COMMENT)),
    ("SMS", (Channel.SMS,)),
    ("Calls", (Channel.PHONE, Channel.VIDEO_CALL)),
    ("Letters", (Channel.LETTER,)),
)
MODERATION_OUTCOMES = (
    ("Published", (Submission.Status.PUBLISHED, Submission.Status.ACCEPTED)),
    ("Held for review", (Submission.Status.PENDING,)),
    ("Not published", (Submission.Status.REJECTED,)),
    ("Removed", (Submission.Status.REMOVED,)),
)


@dataclass(frozen=True)
class Period:
    """Whole months from `first_month` to the month of `end`, counted up to and including `end`."""

    first_month: dt.date
    end: dt.date

    @classmethod
    def last_months(cls, *, today: dt.date, months: int = 12) -> Period:
        return cls(months_back(today=today, months=months)[0], today)

    @classmethod
    def calendar_year(cls, *, year: int, today: dt.date) -> Period:
        return cls(dt.date(year, 1, 1), min(dt.date(year, 12, 31), today))

    @property
    def months(self) -> list[dt.date]:
        out, month = [], self.first_month
        while month <= self.end:
            out.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return out

    @property
    def start(self) -> dt.datetime:
        return _start(self.first_month)

    @property
    def until(self) -> dt.datetime:
        return _start(self.end + dt.timedelta(days=1))

    @property
    def words(self) -> str:
        return f"{day_month_year(self.first_month)} to {day_month_year(self.end)}"


def day_month_year(day: dt.date) -> str:
    """ "1 March 2026": the day without a leading zero, on every platform."""
    return f"{day.day} {day:%B %Y}"


def months_back(*, today: dt.date, months: int) -> list[dt.date]:
    first = dt.date(today.year, today.month, 1)
    out = [first]
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        out.append(first)
    return out[::-1]


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _month_key(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def _label(month: dt.date) -> str:
    return f"{month:%b %y}"


def period_response_figures(*, council: Council, period: Period) -> tuple[list[MonthFigures], MonthFigures]:
    """Response figures for each month of the period and for the whole period."""
    return response_figures_with_total(council=council, months=len(period.months), today=period.end)


def channel_chart(*, council: Council, period: Period) -> Chart:
    """Messages received, by channel, month by month (junk and robot mail left out)."""
    rows = (
        Correspondence.objects.filter(
            council=council,
            direction=Direction.IN,
            is_automatic=False,
            withdrawn_at__isnull=True,
            thread__is_low_priority=False,
            occurred_at__gte=period.start,
            occurred_at__lt=period.until,
        )
        .annotate(month=TruncMonth("occurred_at"))
        .values_list("month", "channel")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[dt.date, str], int] = {}
    for month, channel, n in rows:
        counts[(_month_key(month), channel)] = counts.get((_month_key(month), channel), 0) + n
    span = period.months
    series = [
        Series(label, [sum(counts.get((m, c), 0) for c in channels) for m in span])
        for label, channels in CHANNEL_GROUPS
    ]
    total = sum(sum(s.values) for s in series)
    busiest = max(series, key=lambda s: sum(s.values))
    return Chart(
        title="Messages received by channel, month by month",
        description=(
            f"{total} messages received from {period.words}; the busiest channel was "
            f"{busiest.label.lower().replace('sms', 'SMS')} with {sum(busiest.values)}."
            if total
            else f"No messages were received from {period.words}."
        ),
        categories=[_label(m) for m in span],
        series=series,
        y_label="Messages",
        x_label="Month",
        kind="stacked",
    )


def response_chart(*, council: Council, period: Period, figures: list[MonthFigures]) -> Chart:
    """Share of cases acknowledged and replied to within the council's commitment, by month of receipt."""
    ack_in, ack_due = sum(m.acknowledged_within for m in figures), sum(m.acknowledgement_due for m in figures)
    rep_in, rep_due = sum(m.replied_within for m in figures), sum(m.reply_due for m in figures)
    return Chart(
        title="Cases answered within the Council's commitment, by month received",
        description=(
            f"From {period.words}, {ack_in} of {ack_due} cases were acknowledged within the commitment "
            f"and {rep_in} of {rep_due} were replied to within it. A month with no case due shows no bar."
        ),
        categories=[_label(m.month) for m in figures],
        series=[
            Series("Acknowledged within commitment", [m.acknowledged_share for m in figures]),
            Series("Replied within commitment", [m.replied_share for m in figures]),
        ],
        y_label="Share of cases",
        x_label="Month received",
        unit="%",
    )


def response_time_chart(
    *, council: Council, period: Period, figures: list[MonthFigures], commitment: ResponseCommitment | None = None
) -> Chart:
    """Median working days to the first response and to the reply, against the commitment."""
    commitment = commitment or commitment_for(council=council)
    n = len(figures)
    series = [
        Series("Median to first response", [m.median_working_days_to_first_response for m in figures]),
        Series("Median to reply", [m.median_working_days_to_reply for m in figures]),
        Series(
            f"Commitment: acknowledge in {commitment.acknowledge_within_days}", [commitment.acknowledge_within_days] * n
        ),
        Series(f"Commitment: reply in {commitment.reply_within_days}", [commitment.reply_within_days] * n),
    ]
    late = [
        f"{m.month:%B}"
        for m in figures
        if m.median_working_days_to_reply is not None and m.median_working_days_to_reply > commitment.reply_within_days
    ]
    return Chart(
        title="Working days to respond, against the Council's commitment",
        description=(
            f"The Council commits to acknowledge within {commitment.acknowledge_within_days} and reply within "
            f"{commitment.reply_within_days} working days. "
            + (
                f"The median reply was later than the commitment in {', '.join(late)}."
                if late
                else "In no month was the median reply later than the commitment."
            )
        ),
        categories=[_label(m.month) for m in figures],
        series=series,
        y_label="Working days",
        x_label="Month received",
        kind="line",
    )


def moderation_chart(*, council: Council, period: Period) -> Chart:
    """Public comments by the concern the checks found and what became of them (P7, P8)."""
    rows = Submission.objects.filter(
        council=council, received_at__gte=period.start, received_at__lt=period.until, source__in=list(PUBLIC_SOURCES)
    ).values_list("criteria", "status")
    counts: dict[tuple[str, str], int] = {}
    total = 0
    for criteria, status in rows:
        total += 1
        for criterion in criteria or ["none"]:
            counts[(criterion, status)] = counts.get((criterion, status), 0) + 1
    criteria = sorted({c for c, _s in counts}, key=lambda c: (c == "none", CRITERION_LABELS.get(c, c)))
    labels = [("No concern found" if c == "none" else CRITERION_LABELS.get(c, c)) for c in criteria]
    series = [
        Series(label, [sum(counts.get((c, s), 0) for s in group) for c in criteria])
        for label, group in MODERATION_OUTCOMES
    ]
    return Chart(
        title="Public comments by what the checks found, and what became of them",
        description=f"{total} comments and messages from {period.words}, grouped by the concern the checks found "
        "(a comment may show under more than one).",
        categories=labels,
        series=series,
        y_label="Comments",
        x_label="Concern found",
    )


def offenders_chart(*, council: Council, period: Period) -> Chart:
    """Repeat offenders: people with more than one comment not published or removed, and the blocks made (P8)."""
    per_person = (
        Submission.objects.filter(
            council=council,
            received_at__gte=period.start,
            received_at__lt=period.until,
            status__in=list(BREACH_STATUSES),
            is_blocked_contact=False,
            contact__isnull=False,
        )
        .values("contact")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .count()
    )
    blocks = dict(
        ContactBlock.objects.filter(council=council, created_at__gte=period.start, created_at__lt=period.until)
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    values = [
        per_person,
        blocks.get(ContactBlock.Kind.WEBSITE_FORM, 0),
        blocks.get(ContactBlock.Kind.SOCIAL_PAGE_REQUEST, 0),
    ]
    return Chart(
        title="Repeat offenders and blocks",
        description=(
            f"From {period.words}: {values[0]} people had more than one comment not published or removed; "
            f"{values[1]} were blocked on the website form and {values[2]} block requests went to the "
            "social media page owner."
        ),
        categories=["More than one breach", "Blocked on the website form", "Block asked of the page owner"],
        series=[Series("People", values)],
        y_label="People",
        x_label="",
    )


def requests_chart(*, council: Council, period: Period) -> Chart:
    """Freedom of information and subject access requests answered by their statutory date."""
    series_on, series_late, series_open = [], [], []
    for model in (FoiRequest, SubjectAccessRequest):
        rows = model.objects.filter(council=council, received_on__gte=period.first_month, received_on__lte=period.end)
        counted = rows.aggregate(
            answered=Count("pk", filter=Q(responded_on__isnull=False)),
            on_time=Count(
                "pk", filter=Q(responded_on__isnull=False, due_on__isnull=False, responded_on__lte=F("due_on"))
            ),
            open=Count("pk", filter=Q(responded_on__isnull=True)),
        )
        series_on.append(counted["on_time"])
        series_late.append(counted["answered"] - counted["on_time"])
        series_open.append(counted["open"])
    return Chart(
        title="Information requests answered by the statutory date",
        description=(
            f"From {period.words}: freedom of information requests (due by the twentieth working day after "
            f"receipt), {series_on[0]} answered on time, {series_late[0]} late, {series_open[0]} open; "
            f"subject access requests (due within one month), {series_on[1]} on time, {series_late[1]} late, "
            f"{series_open[1]} open."
        ),
        categories=["Freedom of information (20 working days)", "Subject access (one month)"],
        series=[
            Series("Answered on time", series_on),
            Series("Answered late", series_late),
            Series("Still open", series_open),
        ],
        y_label="Requests",
        x_label="Kind of request",
    )


def outbox_chart(*, council: Council, period: Period) -> Chart:
    """The outbox month by month: sent first time, sent after a retry, failed."""
    span = period.months
    rows = (
        OutboundEmail.objects.filter(council=council, created_at__gte=period.start, created_at__lt=period.until)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month", "status", "attempts")
    )
    sent, retried, failed = (dict.fromkeys(span, 0) for _ in range(3))
    for month, status, attempts in rows:
        key = _month_key(month)
        if key not in sent:
            continue
        if status == OutboundEmail.Status.FAILED:
            failed[key] += 1
        elif status == OutboundEmail.Status.SENT and attempts > 1:
            retried[key] += 1
        elif status == OutboundEmail.Status.SENT:
            sent[key] += 1
    return Chart(
        title="Emails sent by the Council, month by month",
        description=(
            f"From {period.words}: {sum(sent.values())} sent first time, "
            f"{sum(retried.values())} sent after a retry, {sum(failed.values())} failed."
        ),
        categories=[_label(m) for m in span],
        series=[
            Series("Sent", list(sent.values())),
            Series("Sent after a retry", list(retried.values())),
            Series("Failed", list(failed.values())),
        ],
        y_label="Emails",
        x_label="Month",
        kind="stacked",
    )


def report_charts(
    *,
    council: Council,
    period: Period,
    figures: list[MonthFigures] | None = None,
    commitment: ResponseCommitment | None = None,
) -> list[Chart]:
    figures = figures if figures is not None else period_response_figures(council=council, period=period)[0]
    return [
        channel_chart(council=council, period=period),
        response_chart(council=council, period=period, figures=figures),
        response_time_chart(council=council, period=period, figures=figures, commitment=commitment),
        moderation_chart(council=council, period=period),
        offenders_chart(council=council, period=period),
        requests_chart(council=council, period=period),
        outbox_chart(council=council, period=period),
    ]
