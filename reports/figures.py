"""The figures behind the Reports page's charts (reads only), one `Chart` each with its table.

Messages by channel, response times against the commitment, moderation outcomes by criterion,
FOI and subject access requests answered on time, and the outbox.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.utils import timezone

from comms.models import Channel, Correspondence, Direction, OutboundEmail
from council.models import Council

from .charts import Chart, Series
from .selectors import MonthFigures, response_figures

# The channels a council meets the public on, as the policy names them (P1, P16).
CHANNEL_GROUPS = (
    ("Email", (Channel.EMAIL,)),
    ("Web form", (Channel.WEBSITE_FORM,)),
    ("Social media", (Channel.SOCIAL_MESSAGE, Channel.SOCIAL_COMMENT)),
    ("SMS", (Channel.SMS,)),
    ("Calls", (Channel.PHONE, Channel.VIDEO_CALL)),
    ("Letters", (Channel.LETTER,)),
)


def months_back(*, today: dt.date, months: int) -> list[dt.date]:
    first = dt.date(today.year, today.month, 1)
    out = [first]
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        out.append(first)
    return out[::-1]


def _start(month: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(month, dt.time.min))


def _month_key(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def _label(month: dt.date) -> str:
    return f"{month:%b %y}"


def channel_chart(*, council: Council, today: dt.date, months: int = 12) -> Chart:
    """Messages received, by channel, month by month (junk and robot mail left out)."""
    span = months_back(today=today, months=months)
    rows = (
        Correspondence.objects.filter(council=council, direction=Direction.IN, is_automatic=False, withdrawn_at__isnull=True,
                                      thread__is_low_priority=False, occurred_at__gte=_start(span[0]))
        .annotate(month=TruncMonth("occurred_at")).values_list("month", "channel").annotate(n=Count("pk"))
    )
    counts: dict[tuple[dt.date, str], int] = {}
    for month, channel, n in rows:
        counts[(_month_key(month), channel)] = counts.get((_month_key(month), channel), 0) + n
    series = [Series(label, [sum(counts.get((m, c), 0) for c in channels) for m in span]) for label, channels in CHANNEL_GROUPS]
    total = sum(sum(s.values) for s in series)
    busiest = max(series, key=lambda s: sum(s.values))
    return Chart(
        title="Messages received by channel, month by month",
        description=f"{total} messages received in the {months} months to {today:%B %Y}; "
                    f"the busiest channel was {busiest.label.lower()} with {sum(busiest.values)}.",
        categories=[_label(m) for m in span], series=series, y_label="Messages", x_label="Month",
    )


def response_chart(*, council: Council, today: dt.date, months: int = 12, figures: list[MonthFigures] | None = None) -> Chart:
    """Share of cases acknowledged and replied to within the council's commitment, by month of receipt."""
    figures = figures if figures is not None else response_figures(council=council, months=months, today=today)
    ack = [m.acknowledged_share for m in figures]
    rep = [m.replied_share for m in figures]
    ack_in, ack_due = sum(m.acknowledged_within for m in figures), sum(m.acknowledgement_due for m in figures)
    rep_in, rep_due = sum(m.replied_within for m in figures), sum(m.reply_due for m in figures)
    return Chart(
        title="Cases answered within the Council's commitment, by month received",
        description=(f"Over the {len(figures)} months, {ack_in} of {ack_due} cases were acknowledged within the commitment "
                     f"and {rep_in} of {rep_due} were replied to within it. A month with no case due shows no bar."),
        categories=[_label(m.month) for m in figures],
        series=[Series("Acknowledged within commitment", ack), Series("Replied within commitment", rep)],
        y_label="Share of cases", x_label="Month received", unit="%",
    )


def moderation_chart(*, council: Council, since: dt.datetime) -> Chart | None:
    """Public comments by the criterion the checks found and what became of them (P7, P8)."""
    try:
        from moderation.models import CRITERION_LABELS, Submission
    except ImportError:  # pragma: no cover
        return None
    statuses = (
        ("Published", (Submission.Status.PUBLISHED, Submission.Status.ACCEPTED)),
        ("Held for review", (Submission.Status.PENDING,)),
        ("Not published", (Submission.Status.REJECTED,)),
        ("Removed", (Submission.Status.REMOVED,)),
    )
    counts: dict[tuple[str, str], int] = {}
    for criteria, status in Submission.objects.filter(council=council, received_at__gte=since).values_list("criteria", "status"):
        for criterion in (criteria or ["none"]):
            counts[(criterion, status)] = counts.get((criterion, status), 0) + 1
    criteria = sorted({c for c, _s in counts}, key=lambda c: (c == "none", CRITERION_LABELS.get(c, c)))
    labels = [("No concern found" if c == "none" else CRITERION_LABELS.get(c, c)) for c in criteria]
    series = [Series(label, [sum(counts.get((c, s), 0) for s in group) for c in criteria]) for label, group in statuses]
    total = Submission.objects.filter(council=council, received_at__gte=since).count()
    return Chart(
        title="Public comments by what the checks found, and what became of them",
        description=f"{total} comments and messages since {timezone.localtime(since):%d %B %Y}, grouped by the concern the "
                    "checks found (a comment may show under more than one).",
        categories=labels, series=series, y_label="Comments", x_label="Concern found",
    )


def requests_chart(*, council: Council, today: dt.date, months: int = 12) -> Chart | None:
    """Freedom of information and subject access requests answered by their statutory date."""
    try:
        from records.models import FoiRequest, SubjectAccessRequest
    except ImportError:  # pragma: no cover
        return None
    since = months_back(today=today, months=months)[0]
    series_on, series_late, series_open = [], [], []
    for model in (FoiRequest, SubjectAccessRequest):
        rows = model.objects.filter(council=council, received_on__gte=since)
        on = rows.filter(responded_on__isnull=False, due_on__isnull=False).filter(responded_on__lte=F("due_on")).count()
        answered = rows.filter(responded_on__isnull=False).count()
        series_on.append(on)
        series_late.append(answered - on)
        series_open.append(rows.filter(responded_on__isnull=True).count())
    return Chart(
        title="Information requests answered by the statutory date",
        description=(f"Since {since:%B %Y}: freedom of information requests, {series_on[0]} answered by the twentieth "
                     f"working day, {series_late[0]} late, {series_open[0]} open; subject access requests, {series_on[1]} "
                     f"answered within one month, {series_late[1]} late, {series_open[1]} open."),
        categories=["Freedom of information", "Subject access"],
        series=[Series("Answered on time", series_on), Series("Answered late", series_late), Series("Still open", series_open)],
        y_label="Requests", x_label="Kind of request",
    )


def outbox_chart(*, council: Council, today: dt.date, months: int = 6) -> Chart:
    """The outbox month by month: sent first time, sent after a retry, failed."""
    span = months_back(today=today, months=months)
    rows = (
        OutboundEmail.objects.filter(council=council, created_at__gte=_start(span[0]))
        .annotate(month=TruncMonth("created_at")).values_list("month", "status", "attempts")
    )
    sent, retried, failed = ({m: 0 for m in span} for _ in range(3))
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
        description=(f"In the {months} months to {today:%B %Y}: {sum(sent.values())} sent first time, "
                     f"{sum(retried.values())} sent after a retry, {sum(failed.values())} failed."),
        categories=[_label(m) for m in span],
        series=[Series("Sent", list(sent.values())), Series("Sent after a retry", list(retried.values())),
                Series("Failed", list(failed.values()))],
        y_label="Emails", x_label="Month",
    )


def report_charts(*, council: Council, today: dt.date, figures: list[MonthFigures] | None = None) -> list[Chart]:
    since = _start(months_back(today=today, months=12)[0])
    charts = [
        channel_chart(council=council, today=today),
        response_chart(council=council, today=today, figures=figures),
        moderation_chart(council=council, since=since),
        requests_chart(council=council, today=today),
        outbox_chart(council=council, today=today),
    ]
    return [c for c in charts if c is not None]
