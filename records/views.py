"""Records views for the Clerk and RFO: thin, each parses, calls one service and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from comms.selectors import records_visible, thread_for
from council.audit import audit_record
from council.models import OFFICER_ROLES, Council, ExternalAgency
from council.permissions import council_role_required
from council.selectors import current_policy

from . import forms
from .exports import register_csv, thread_mbox
from .models import FoiRequest, Forward, Hold, RetentionRun, SubjectAccessRequest
from .selectors import (
    active_holds,
    foi_case_holds,
    foi_disclosure_log,
    foi_list_for_officer,
    records_about_contact,
    register_for_export,
    sar_list_for_officer,
)
from .services import contacts as contact_services
from .services import foi, retention, sar
from .services import forward as forward_services
from .services import policy as policy_services

officer_required = council_role_required(*OFFICER_ROLES)


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@officer_required
def records_home(request, council):
    return render(
        request,
        "records/home.html",
        {
            "council": council,
            "fois": foi_list_for_officer(council=council)[:50],
            "sars": sar_list_for_officer(council=council)[:50],
            "holds": active_holds(council=council),
            "rules": {r.record_class: r for r in council.retention_rules.all()},
            "rule_form": forms.RetentionRuleForm(),
            "hold_form": forms.HoldForm(council=council),
            "runs": RetentionRun.objects.filter(council=council)[:5],
            "forwards": Forward.objects.filter(council=council).select_related("agency")[:20],
            "policy": current_policy(council=council),
        },
    )


@officer_required
def foi_create(request, council):
    form = forms.FoiCreateForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            item = foi.foi_request_create(
                council=council,
                actor=request.user,
                requester_name=form.cleaned_data["requester_name"],
                summary=form.cleaned_data["summary"],
                received_on=form.cleaned_data["received_on"],
                thread=form.cleaned_data["thread_reference"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{item.reference} logged: due {item.due_on:%d %B %Y}.")
            return redirect("records:foi_detail", council_slug=council.slug, pk=item.pk)
    return render(request, "records/form.html", {"council": council, "form": form, "title": "Log an FOI request"})


@officer_required
def foi_detail(request, council, pk):
    item = get_object_or_404(FoiRequest.objects.select_related("thread"), council=council, pk=pk)
    return render(
        request,
        "records/foi_detail.html",
        {
            "council": council,
            "item": item,
            "fees_form": forms.FoiFeesForm(),
            "close_form": forms.FoiCloseForm(),
            "cases": foi_case_holds(request=item),
        },
    )


@require_POST
@officer_required
def foi_action(request, council, pk, action):
    item = get_object_or_404(FoiRequest, council=council, pk=pk)
    form_class = {"fees": forms.FoiFeesForm, "close": forms.FoiCloseForm}.get(action)
    form = form_class(request.POST) if form_class else None
    try:
        if action == "publish":
            item = foi.foi_request_publish(
                request=item, actor=request.user, published=request.POST.get("published") != "0"
            )
            messages.success(
                request,
                f"{item.reference} is now in the public disclosure log."
                if item.is_published
                else f"{item.reference} has been removed from the public disclosure log.",
            )
        elif form is None:
            raise Http404
        elif not form.is_valid():
            raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
        elif action == "fees":
            item = foi.foi_fees_notice_record(request=item, actor=request.user, **form.cleaned_data)
            messages.success(
                request,
                f"Fees notice recorded for {item.reference}: "
                + (
                    f"the fee arrived, the answer is due {item.due_on.day} {item.due_on:%B %Y}."
                    if item.due_on
                    else "the clock is stopped until the fee arrives."
                ),
            )
        else:
            item = foi.foi_request_close(request=item, actor=request.user, **form.cleaned_data)
            messages.success(request, _foi_answered_message(item))
    except ValidationError as exc:
        _error(request, exc)
    return redirect("records:foi_detail", council_slug=council.slug, pk=item.pk)


def _foi_answered_message(item: FoiRequest) -> str:
    text = f"Answer recorded: {item.reference} closed on {item.responded_on.day} {item.responded_on:%B %Y} ({item.get_outcome_display().lower()})."
    for thread, reasons in foi_case_holds(request=item):
        if reasons:
            text += f" Case {thread.reference} is still kept from deletion: {', '.join(reasons)}."
        else:
            text += f" Case {thread.reference} is no longer held for this request."
    return text


def foi_public_log(request, council_slug):
    """The disclosure log the Clerk publishes: answered requests marked for publication, no requester names."""
    council = get_object_or_404(Council, slug=council_slug)
    return render(
        request,
        "records/foi_public_log.html",
        {
            "council": council,
            "items": foi_disclosure_log(council=council),
            "base_template": "public/layout.html",
        },
    )


@officer_required
def sar_create(request, council):
    form = forms.SarCreateForm(request.POST or None, access=request.access)
    if request.method == "POST" and form.is_valid():
        try:
            item = sar.sar_create(council=council, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{item.reference} logged: due {item.due_on:%d %B %Y}.")
            return redirect("records:sar_detail", council_slug=council.slug, pk=item.pk)
    return render(
        request, "records/form.html", {"council": council, "form": form, "title": "Log a subject access request"}
    )


@officer_required
def sar_detail(request, council, pk):
    item = get_object_or_404(SubjectAccessRequest.objects.select_related("contact"), council=council, pk=pk)
    return render(
        request,
        "records/sar_detail.html",
        {
            "council": council,
            "item": item,
            "found": records_about_contact(contact=item.contact, access=request.access),
            "extend_form": forms.SarExtendForm(),
            "close_form": forms.SarCloseForm(),
        },
    )


@require_POST
@officer_required
def sar_action(request, council, pk, action):
    item = get_object_or_404(SubjectAccessRequest, council=council, pk=pk)
    form_class = {"extend": forms.SarExtendForm, "close": forms.SarCloseForm}.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
        if action == "extend":
            sar.sar_extend(request=item, actor=request.user, reason=form.cleaned_data["reason"])
        else:
            sar.sar_close(request=item, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _error(request, exc)
    return redirect("records:sar_detail", council_slug=council.slug, pk=item.pk)


@officer_required
def sar_bundle(request, council, pk):
    item = get_object_or_404(SubjectAccessRequest.objects.select_related("contact"), council=council, pk=pk)
    data = sar.sar_bundle_build(request=item, actor=request.user, access=request.access)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{council.slug}-{item.reference}.zip"'
    return response


@officer_required
def contact_merge(request, council):
    """The Clerk merges two contacts that are one person: one keeps everything, the other goes."""
    form = forms.ContactMergeForm(request.POST or None, access=request.access)
    if request.method == "POST" and form.is_valid():
        keep, other = form.cleaned_data["keep"], form.cleaned_data["other"]
        other_label = forms.contact_label(other)
        try:
            moved = contact_services.contact_merge(keep=keep, other=other, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            what = ", ".join(f"{n} {label}" for label, n in moved.items()) or "nothing was filed under it"
            messages.success(
                request,
                f"Merged {other_label} into {forms.contact_label(keep)}: {what}. The duplicate contact has been removed.",
            )
            return redirect("records:contact_merge", council_slug=council.slug)
    return render(request, "records/contact_merge.html", {"council": council, "form": form})


@require_POST
@officer_required
def retention_rule_save(request, council):
    form = forms.RetentionRuleForm(request.POST)
    if form.is_valid():
        try:
            retention.retention_rule_set(council=council, actor=request.user, **form.cleaned_data)
            messages.success(request, "Retention rule saved.")
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, "Check the retention rule: " + "; ".join(" ".join(v) for v in form.errors.values()))
    return redirect("records:home", council_slug=council.slug)


@require_POST
@officer_required
def retention_run_now(request, council):
    run = retention.retention_run(council=council, actor=request.user)
    messages.success(
        request, f"Retention: {len(run.anonymised)} anonymised, {len(run.erased)} erased, {len(run.held)} kept on hold."
    )
    return redirect("records:home", council_slug=council.slug)


@require_POST
@officer_required
def hold_create(request, council):
    form = forms.HoldForm(request.POST, council=council)
    if form.is_valid():
        retention.hold_set(
            thread=form.cleaned_data["thread_reference"], actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "Hold set: the case is kept whatever its retention period.")
    else:
        messages.error(request, "; ".join(" ".join(v) for v in form.errors.values()))
    return redirect("records:home", council_slug=council.slug)


@require_POST
@officer_required
def hold_release(request, council, pk):
    retention.hold_release(hold=get_object_or_404(Hold, council=council, pk=pk), actor=request.user)
    return redirect("records:home", council_slug=council.slug)


@officer_required
def forward_new(request, council):
    thread = None
    thread_pk = request.GET.get("thread") or request.POST.get("thread") or ""
    if thread_pk:
        if not thread_pk.isdigit():
            raise Http404("No such case.")
        # P13, P17: the text offered for forwarding is only what this officer may open on the case page.
        thread = thread_for(access=request.access, pk=int(thread_pk))
    initial = {}
    if thread is not None:
        last = records_visible(access=request.access).filter(thread=thread).order_by("-occurred_at", "-pk").first()
        initial = {"subject": thread.subject, "text": last.body_text if last else ""}
    agency_pk = request.GET.get("agency", "")
    agency = ExternalAgency.objects.filter(council=council, pk=agency_pk).first() if agency_pk.isdigit() else None
    if agency is not None:
        # Arriving from "refer to an agency" on the case page: the Clerk's purpose, note and due date
        # go in the email, and the referral is made when it is sent.
        initial.update({"destination": Forward.Destination.AGENCY, "agency": agency.pk})
        if request.GET.get("purpose") in ("action", "information"):
            initial.update(
                {
                    "referral_purpose": request.GET["purpose"],
                    "referral_note": request.GET.get("note", ""),
                    "referral_due_on": request.GET.get("due_on") or None,
                }
            )
    form = forms.ForwardForm(request.POST or None, council=council, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = forward_services.forward_check(
                council=council, actor=request.user, thread=thread, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("records:forward_detail", council_slug=council.slug, pk=item.pk)
    return render(request, "records/forward_new.html", {"council": council, "form": form, "thread": thread})


@officer_required
def forward_detail(request, council, pk):
    item = get_object_or_404(Forward.objects.select_related("agency", "thread", "outbound"), council=council, pk=pk)
    form = forms.ForwardSendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = forward_services.forward_send(
                forward=item,
                actor=request.user,
                send_redacted=form.cleaned_data["version"] == "redacted",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            to = item.to_name or item.to_address
            if item.referral_id:
                messages.success(
                    request,
                    f"{item.thread.reference} referred to {to}: the email is on its way "
                    f"({item.get_status_display().lower()}).",
                )
                return redirect("comms:thread", council_slug=council.slug, pk=item.thread_id)
            messages.success(request, f"The email to {to} is on its way ({item.get_status_display().lower()}).")
            return redirect("records:forward_detail", council_slug=council.slug, pk=item.pk)
    preview = forward_services.forward_preview(forward=item) if item.status == Forward.Status.CHECKED else None
    return render(
        request, "records/forward_detail.html", {"council": council, "item": item, "form": form, "preview": preview}
    )


@require_POST
@officer_required
def forward_cancel(request, council, pk):
    item = get_object_or_404(Forward, council=council, pk=pk)
    item = forward_services.forward_cancel(forward=item, actor=request.user)
    if item.status == Forward.Status.CANCELLED:
        messages.info(
            request, "Cancelled: nothing was sent" + (" and the case is not referred." if item.is_referral else ".")
        )
    if item.thread_id:
        return redirect("comms:thread", council_slug=council.slug, pk=item.thread_id)
    return redirect("records:home", council_slug=council.slug)


@officer_required
def policy_new(request, council):
    current = current_policy(council=council)
    initial = {"channels": council.channels, **({"title": current.title, "text": current.text} if current else {})}
    form = forms.PolicyVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = policy_services.policy_version_record(council=council, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Version {new.version} adopted; review due {new.review_due:%d %B %Y}.")
            return redirect("council_overview", council_slug=council.slug)
    return render(
        request,
        "records/form.html",
        {"council": council, "form": form, "title": "Record a new policy version", "current": current},
    )


def _export_logged(council, actor, action, obj=None, summary=""):
    # P17: exports include confidential records, so who took a copy is on the trail.
    with transaction.atomic():
        audit_record(council=council, actor=actor, action=action, obj=obj, summary=summary)


@officer_required
def register_export(request, council):
    body = register_csv(register_for_export(access=request.access))
    _export_logged(council, request.user, "register.exported", summary="Correspondence register exported as CSV")
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{council.slug}-register.csv"'
    return response


@officer_required
def thread_export_mbox(request, council, pk):
    thread = thread_for(access=request.access, pk=pk)
    data = thread_mbox(thread, records=records_visible(access=request.access).filter(thread=thread))
    _export_logged(council, request.user, "thread.exported", thread, f"{thread.reference} exported as mbox")
    response = HttpResponse(data, content_type="application/mbox")
    response["Content-Disposition"] = f'attachment; filename="{council.slug}-{thread.reference}.mbox"'
    return response


@officer_required
def thread_print(request, council, pk):
    thread = thread_for(access=request.access, pk=pk)
    records = (
        records_visible(access=request.access)
        .filter(thread=thread)
        .select_related("sender_member", "sender_contact")
        .prefetch_related("recipients", "attachments")
        .order_by("occurred_at", "pk")
    )
    _export_logged(council, request.user, "thread.printed", thread, f"{thread.reference} printable copy")
    return render(request, "records/thread_print.html", {"council": council, "thread": thread, "records": records})
