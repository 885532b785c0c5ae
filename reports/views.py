"""The Clerk's reports page, meetings and their reports, junk triage, correspondent decisions,
commitments and members' digest preference. Thin: parse, check permission, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from comms.models import CorrespondentDecision, Thread
from comms.services.acknowledgements import acknowledgement_send, acknowledgement_text
from comms.services.junk import thread_priority_set
from council.models import Meeting, ResponseCommitment, Role
from council.permissions import council_role_required
from council.selectors import commitment_for

from . import figures as chart_figures
from . import forms, selectors
from .figures import Period
from .models import AnnualReport, MeetingReport
from .services import annual, commitments, correspondents, digest, meeting_layout, meetings

OFFICERS = (Role.CLERK, Role.RFO)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@council_role_required(*OFFICERS)
def home(request, council):
    today = timezone.localdate()
    commitment = commitments.commitment_for(council=council)
    figures = selectors.response_figures(council=council, months=12, today=today)
    return render(
        request,
        "reports/home.html",
        {
            "council": council,
            "today": today,
            "at_risk": selectors.threads_at_risk(council=council, access=request.access, today=today),
            "overdue": selectors.cases_overdue(council=council, access=request.access, today=today),
            "figures": figures,
            "charts": chart_figures.report_charts(
                council=council, period=Period.last_months(today=today), figures=figures, commitment=commitment
            ),
            "commitment": commitment,
            "upcoming": selectors.meetings_for(council=council).filter(date__gte=today).order_by("date")[:5],
            "reviews_due": selectors.decisions_due_for_review(council=council, today=today),
            "low_priority_count": selectors.low_priority_threads(council=council).count(),
            "annual_form": forms.AnnualReportForm(today=today),
            "annual_report": AnnualReport.objects.filter(council=council).defer("body_html", "pdf").first(),
        },
    )


@require_POST
@council_role_required(*OFFICERS)
def annual_request(request, council):
    form = forms.AnnualReportForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        messages.error(request, "Choose one of the years offered.")
    else:
        report = annual.annual_report_request(council=council, year=form.cleaned_data["year"], actor=request.user)
        if report.year != form.cleaned_data["year"]:
            messages.info(
                request,
                f"The {report.year} report is still being made; ask for {form.cleaned_data['year']} when it is ready.",
            )
        else:
            messages.success(request, f"The {report.year} report is being made. Its progress shows below.")
    return redirect(f"{reverse('reports:home', kwargs={'council_slug': council.slug})}#annual-heading")


def _annual(council, pk, **filters) -> AnnualReport:
    return get_object_or_404(AnnualReport.objects.select_related("council"), council=council, pk=pk, **filters)


@council_role_required(*OFFICERS)
def annual_status(request, council, pk):
    report = get_object_or_404(AnnualReport.objects.defer("body_html", "pdf"), council=council, pk=pk)
    if not request.htmx:
        return redirect(f"{reverse('reports:home', kwargs={'council_slug': council.slug})}#annual-heading")
    return render(request, "reports/annual/_status.html", {"council": council, "report": report})


@council_role_required(*OFFICERS)
def annual_view(request, council, pk):
    return render(
        request,
        "reports/annual/view.html",
        {"council": council, "report": _annual(council, pk, status=AnnualReport.Status.DONE)},
    )


def _annual_file_name(report: AnnualReport, suffix: str) -> str:
    return slugify(f"{report.council.slug} communications report {report.year}") + suffix


@council_role_required(*OFFICERS)
def annual_pdf(request, council, pk):
    report = _annual(council, pk, status=AnnualReport.Status.DONE)
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_annual_file_name(report, ".pdf")}"'
    return response


@council_role_required(*OFFICERS)
def annual_html(request, council, pk):
    report = _annual(council, pk, status=AnnualReport.Status.DONE)
    page = annual.annual_standalone_html(
        council=council, title=f"Communications report {report.year}", body_html=report.body_html
    )
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_annual_file_name(report, ".html")}"'
    return response


@council_role_required(*OFFICERS)
def meeting_list(request, council):
    form = forms.MeetingForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.meeting_create(council=council, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, f"{meeting} added.")
            return redirect("reports:meeting", council_slug=council.slug, pk=meeting.pk)
    return render(
        request,
        "reports/meetings.html",
        {
            "council": council,
            "form": form,
            "meetings": selectors.meetings_for(council=council),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def _meeting(council, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body", "council"), council=council, pk=pk)


@council_role_required(*OFFICERS)
def meeting_detail(request, council, pk):
    meeting = _meeting(council, pk)
    return render(
        request,
        "reports/meeting.html",
        {
            "council": council,
            "meeting": meeting,
            "agenda": selectors.meeting_agenda(meeting=meeting),
            "previous": selectors.meeting_previous(meeting=meeting),
            "report": MeetingReport.objects.filter(meeting=meeting).first(),
        },
    )


@require_POST
@council_role_required(Role.CLERK)
def report_generate(request, council, pk):
    meeting = _meeting(council, pk)
    meetings.meeting_report_generate(meeting=meeting, actor=request.user)
    messages.success(request, "The report has been generated from the record. Check it and edit it before publishing.")
    return redirect("reports:report_edit", council_slug=council.slug, pk=meeting.pk)


def _report(council, pk) -> MeetingReport:
    report = (
        MeetingReport.objects.select_related("meeting", "meeting__body", "council")
        .filter(council=council, meeting_id=pk)
        .first()
    )
    if report is None:
        raise Http404("No report for this meeting yet.")
    return report


@council_role_required(Role.CLERK)
def report_edit(request, council, pk):
    report = _report(council, pk)
    form = forms.ReportEditForm(
        request.POST or None, initial={"title": report.title, "introduction": report.introduction, "body": report.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_report_update(report=report, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, "Report saved.")
            return redirect("reports:report_print", council_slug=council.slug, pk=pk)
    return render(
        request,
        "reports/report_edit.html",
        {"council": council, "report": report, "form": form},
        status=400 if form.errors else 200,
    )


@council_role_required(*OFFICERS)
def report_print(request, council, pk):
    report = _report(council, pk)
    return render(
        request,
        "reports/report_print.html",
        {
            "council": council,
            "report": report,
            "blocks": meeting_layout.report_blocks(report.body),
        },
    )


@council_role_required(*OFFICERS)
def report_pdf(request, council, pk):
    report = _report(council, pk)
    response = HttpResponse(meeting_layout.meeting_report_pdf(report=report), content_type="application/pdf")
    name = slugify(f"{council.slug} {report.meeting.body} {report.meeting.date:%Y-%m-%d} correspondence report")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@council_role_required(*OFFICERS)
def acknowledge(request, council, pk):
    thread = get_object_or_404(
        Thread.objects.select_related("contact"), council=council, pk=pk, private_to__isnull=True
    )
    commitment = commitment_for(council=council)
    initial = {"body_text": acknowledgement_text(thread=thread, commitment=commitment)}
    form = forms.AcknowledgeForm(request.POST if request.method == "POST" else None, initial=initial)
    back_to_case = (request.POST if request.method == "POST" else request.GET).get("from") == "case"
    if request.method == "POST" and form.is_valid():
        try:
            acknowledgement_send(thread=thread, actor=request.user, body_text=form.cleaned_data["body_text"])
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(
                request, f"{thread.reference} acknowledged: the email to {thread.contact.email} is on its way."
            )
        if back_to_case:
            return redirect("comms:thread", council_slug=council.slug, pk=thread.pk)
        return redirect("reports:home", council_slug=council.slug)
    return render(
        request,
        "reports/acknowledge.html",
        {"council": council, "thread": thread, "form": form, "back_to_case": back_to_case},
    )


@council_role_required(*OFFICERS)
def triage_view(request, council):
    return render(
        request,
        "reports/triage.html",
        {
            "council": council,
            "low_priority": selectors.low_priority_threads(council=council)[:200],
            "main": selectors.main_inbox_recent(council=council),
        },
    )


@require_POST
@council_role_required(*OFFICERS)
def triage_move(request, council, pk):
    thread = get_object_or_404(Thread, council=council, pk=pk, private_to__isnull=True)
    to_low = request.POST.get("to") == "low"
    thread_priority_set(thread=thread, actor=request.user, low_priority=to_low)
    messages.success(
        request,
        f"{thread.reference} moved to {'low priority' if to_low else 'the main inbox'}. "
        "The council's classifier has learnt from it.",
    )
    return redirect("reports:triage", council_slug=council.slug)


@council_role_required(*OFFICERS)
def decision_list(request, council):
    form = forms.DecisionForm(request.POST or None, access=request.access)
    if request.method == "POST":
        if not request.access.is_clerk:
            raise Http404
        if form.is_valid():
            try:
                correspondents.correspondent_decision_record(council=council, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(
                    request,
                    "Decision recorded. Their messages are still recorded; they get no automatic acknowledgement.",
                )
                return redirect("reports:decisions", council_slug=council.slug)
    return render(
        request,
        "reports/decisions.html",
        {
            "council": council,
            "form": form,
            "decisions": selectors.correspondent_decisions(council=council),
            "end_form": forms.DecisionEndForm(),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@council_role_required(Role.CLERK)
def decision_end(request, council, pk):
    decision = get_object_or_404(CorrespondentDecision, council=council, pk=pk)
    form = forms.DecisionEndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Say why the decision ends.")
        correspondents.correspondent_decision_end(
            decision=decision, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "Decision ended.")
    return redirect("reports:decisions", council_slug=council.slug)


@council_role_required(Role.CLERK)
def commitment_settings(request, council):
    instance = ResponseCommitment.objects.filter(council=council).first() or ResponseCommitment(council=council)
    form = forms.CommitmentForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            commitments.commitment_update(
                council=council, actor=request.user, **{f: form.cleaned_data[f] for f in form.Meta.fields}
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, "Commitments saved.")
            return redirect("reports:home", council_slug=council.slug)
    return render(
        request, "reports/commitments.html", {"council": council, "form": form}, status=400 if form.errors else 200
    )


@council_role_required(Role.CHAIR, Role.VICE_CHAIR, Role.COUNCILLOR)
def digest_preference(request, council):
    opted_out = digest.digest_is_opted_out(council=council, user=request.user)
    form = forms.DigestPreferenceForm(
        request.POST if request.method == "POST" else None, initial={"receive": not opted_out}
    )
    if request.method == "POST" and form.is_valid():
        digest.digest_preference_set(council=council, user=request.user, opted_out=not form.cleaned_data["receive"])
        messages.success(request, "Your digest preference is saved.")
        return redirect("reports:digest_preference", council_slug=council.slug)
    return render(
        request,
        "reports/digest_preference.html",
        {
            "council": council,
            "form": form,
            "frequency": commitment_for(council=council).get_digest_frequency_display(),
        },
    )
