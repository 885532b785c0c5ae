"""The annual communications report for the Annual Parish Meeting: volumes, response times,
moderation, freedom of information and subject access, and the policy's review, with the charts.

Every figure is a count or a date: no resident is named. The Clerk's button queues a Celery task
(`annual_report_request`); the task (`annual_report_build`) claims the row once, records its progress
as it goes and keeps the HTML and the PDF. `manage.py annual_report` makes the same report at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from comms.models import Thread
from council.actors import Actor
from council.audit import audit_record
from council.models import Council, Policy
from moderation.models import PUBLIC_SOURCES, Submission
from reports import figures as charts_for
from reports.annual_pdf import annual_report_pdf
from reports.charts import Chart
from reports.figures import Period, day_month_year
from reports.models import AnnualReport
from reports.services.commitments import commitment_for
from reports.tasks import annual_report_make

Progress = Callable[[int, str], None]
STALE_AFTER = dt.timedelta(minutes=15)  # well past the task's time limit


@dataclass
class Section:
    """One part of the report: a heading, sentences, label-and-figure rows and charts."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class AnnualContent:
    council: Council
    year: int
    period: Period
    made_at: dt.datetime
    sections: list[Section]

    @property
    def title(self) -> str:
        return f"Communications report {self.year}"


def _share(n: int, d: int) -> str:
    return f"{n} of {d} ({round(100 * n / d)}%)" if d else "none due"


def _days(value: float | None) -> str:
    return f"{value:g} working days" if value is not None else "no responses yet"


def _total(chart: Chart, label: str) -> int:
    return int(sum(v or 0 for v in next(s for s in chart.series if s.label == label).values))


CHANNEL_WORDS = {
    "Email": "by email",
    "Web form": "through the website forms",
    "Social media": "on social media",
    "SMS": "by SMS",
    "Calls": "by phone or video call",
    "Letters": "by letter",
}


def _volumes(council: Council, period: Period) -> Section:
    channels = charts_for.channel_chart(council=council, period=period)
    outbox = charts_for.outbox_chart(council=council, period=period)
    received = sum(_total(channels, s.label) for s in channels.series)
    low_priority = Thread.objects.filter(
        council=council,
        private_to__isnull=True,
        is_low_priority=True,
        created_at__gte=period.start,
        created_at__lt=period.until,
    ).count()
    sent = sum(_total(outbox, s.label) for s in outbox.series[:2])
    section = Section("Messages received and sent", charts=[channels, outbox])
    section.paragraphs.append(
        f"From {period.words} the Council received {received} messages from the public on its channels and "
        f"sent {sent} emails. Advertising and other mail needing no action is counted apart."
    )
    section.rows = [
        (f"Received {CHANNEL_WORDS.get(s.label, s.label)}", str(_total(channels, s.label))) for s in channels.series
    ]
    section.rows += [
        ("Advertising and mail needing no action", str(low_priority)),
        ("Emails sent", str(sent)),
        ("Emails that could not be sent", str(_total(outbox, "Failed"))),
    ]
    return section


def _responses(council: Council, period: Period) -> Section:
    commitment = commitment_for(council=council)
    months, total = charts_for.period_response_figures(council=council, period=period)
    section = Section(
        "Response times",
        charts=[
            charts_for.response_chart(council=council, period=period, figures=months),
            charts_for.response_time_chart(council=council, period=period, figures=months, commitment=commitment),
        ],
    )
    section.paragraphs.append(
        f"The Council commits to acknowledge a message within {commitment.acknowledge_within_days} working days and "
        f"to reply within {commitment.reply_within_days}. Only an acknowledgement or a reply to the person who wrote "
        "counts: passing a message to a councillor or another body, or an automatic out-of-office reply, does not."
    )
    section.rows = [
        ("Cases received", str(total.received)),
        ("Acknowledged within the commitment", _share(total.acknowledged_within, total.acknowledgement_due)),
        ("Replied to within the commitment", _share(total.replied_within, total.reply_due)),
        ("Median time to the first response", _days(total.median_working_days_to_first_response)),
        ("Median time to the reply", _days(total.median_working_days_to_reply)),
    ]
    return section


def _moderation(council: Council, period: Period) -> Section:
    by_status = dict(
        Submission.objects.filter(
            council=council,
            source__in=list(PUBLIC_SOURCES),
            received_at__gte=period.start,
            received_at__lt=period.until,
        )
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    offenders = charts_for.offenders_chart(council=council, period=period)
    section = Section(
        "Moderation of public comments", charts=[charts_for.moderation_chart(council=council, period=period), offenders]
    )
    section.paragraphs.append(
        "Comments and messages from the public are checked against the Council's Social Media and Electronic "
        "Communication Policy before they are published or reach the Clerk."
    )
    section.rows = [("Comments and messages received", str(sum(by_status.values())))]
    for label, statuses in charts_for.MODERATION_OUTCOMES:
        section.rows.append((label, str(sum(by_status.get(s, 0) for s in statuses))))
    section.rows += [
        (label, str(int(value or 0)))
        for label, value in zip(offenders.categories, offenders.series[0].values, strict=True)
    ]
    return section


def _requests(council: Council, period: Period) -> Section:
    chart = charts_for.requests_chart(council=council, period=period)
    section = Section("Freedom of information and subject access", charts=[chart])
    section.paragraphs.append(
        "A freedom of information request is due by the twentieth working day after it is received; a subject "
        "access request within one month, which may be extended by two months."
    )
    for index, kind in enumerate(("Freedom of information requests", "Subject access requests")):
        on, late, still_open = (int(s.values[index] or 0) for s in chart.series)
        section.rows.append(
            (kind, f"{on + late + still_open} received: {on} answered on time, {late} late, {still_open} open")
        )
    return section


def _policy(council: Council, period: Period, today: dt.date) -> Section:
    section = Section("The communications policy")
    current = Policy.objects.filter(council=council, is_current=True).first()
    adopted = Policy.objects.filter(
        council=council, adopted_on__gte=period.first_month, adopted_on__lte=period.end
    ).count()
    if current is None:
        section.paragraphs.append("The Council has not recorded its communications policy.")
        return section
    if current.is_review_overdue(today):
        state = f"Review overdue since {day_month_year(current.review_due)}"
    elif current.is_review_due_soon(today):
        state = f"Review due soon, by {day_month_year(current.review_due)}"
    else:
        state = f"Next review due by {day_month_year(current.review_due)}"
    section.rows = [
        ("Current version", f"{current.title}, version {current.version}"),
        ("Adopted", f"{day_month_year(current.adopted_on)}"),
        ("Review", state),
        ("Versions adopted in the year", str(adopted)),
    ]
    return section


def annual_content(
    *, council: Council, year: int, today: dt.date | None = None, progress: Progress | None = None
) -> AnnualContent:
    """The report's sections for `year` (to today while the year is still running)."""
    today = today or timezone.localdate()
    period = Period.calendar_year(year=year, today=today)
    step = progress or (lambda _percent, _what: None)
    sections = []
    for percent, what, build in (
        (10, "Counting messages received and sent", lambda: _volumes(council, period)),
        (30, "Working out response times", lambda: _responses(council, period)),
        (50, "Counting moderation outcomes", lambda: _moderation(council, period)),
        (60, "Counting information requests", lambda: _requests(council, period)),
        (65, "Reading the policy's review date", lambda: _policy(council, period, today)),
    ):
        step(percent, what)
        sections.append(build())
    return AnnualContent(council=council, year=year, period=period, made_at=timezone.now(), sections=sections)


def annual_body_html(content: AnnualContent) -> str:
    return render_to_string("reports/annual/_body.html", {"content": content})


def annual_standalone_html(*, council: Council, title: str, body_html: str) -> str:
    """A file that opens on its own, with the report's own small style sheet (for `--out x.html`)."""
    return render_to_string(
        "reports/annual/standalone.html", {"council": council, "title": title, "body_html": body_html}
    )


@transaction.atomic
def annual_report_request(*, council: Council, year: int, actor: Actor) -> AnnualReport:
    """Queue the report for `year`; one already being made for this council is returned instead.

    A report still waiting or running after STALE_AFTER was lost with its worker: it is marked as
    failed, so the Clerk is never stuck behind it.
    """
    pending = (
        AnnualReport.objects.select_for_update()
        .filter(council=council, status__in=[AnnualReport.Status.QUEUED, AnnualReport.Status.RUNNING])
        .first()
    )
    if pending is not None and pending.requested_at > timezone.now() - STALE_AFTER:
        return pending
    if pending is not None:
        AnnualReport.objects.filter(pk=pending.pk).update(
            status=AnnualReport.Status.FAILED,
            finished_at=timezone.now(),
            step="",
            error="The report was not finished in time. Ask for it again.",
        )
    report = AnnualReport.objects.create(council=council, year=year, requested_by=actor, step="Waiting to start")
    audit_record(
        council=council,
        actor=actor,
        action="annual_report.requested",
        obj=report,
        summary=f"Annual communications report {year} requested",
    )
    transaction.on_commit(lambda: annual_report_make.delay(report.pk))
    return report


def annual_report_build(*, report_id: int) -> bool:
    """Make a queued report; False when another run has it already (safe to run twice)."""
    claimed = AnnualReport.objects.filter(pk=report_id, status=AnnualReport.Status.QUEUED).update(
        status=AnnualReport.Status.RUNNING, started_at=timezone.now(), progress=1, step="Starting"
    )
    if not claimed:
        return False
    report = AnnualReport.objects.select_related("council").get(pk=report_id)

    def progress(percent: int, what: str) -> None:
        AnnualReport.objects.filter(pk=report_id).update(progress=percent, step=what)

    try:
        content = annual_content(council=report.council, year=report.year, progress=progress)
        progress(75, "Writing the page")
        body = annual_body_html(content)
        progress(85, "Drawing the PDF")
        pdf = annual_report_pdf(content)
    except Exception as exc:  # any failure is shown to the Clerk, who may try again; the worker logs it
        AnnualReport.objects.filter(pk=report_id).update(
            status=AnnualReport.Status.FAILED,
            finished_at=timezone.now(),
            step="",
            error=f"The report could not be made ({type(exc).__name__}). Try again; if it fails again, "
            "tell the site administrator.",
        )
        raise
    AnnualReport.objects.filter(pk=report_id).update(
        status=AnnualReport.Status.DONE, progress=100, step="Ready", finished_at=timezone.now(), body_html=body, pdf=pdf
    )
    return True
