"""Record keeping: the records home page, merging contacts, retention and holds, policy versions, and
the exports (register CSV, case mbox, printable case), each audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from comms.selectors import records_visible, thread_for
from council.audit import audit_record
from council.selectors import current_policy
from records import forms
from records.exports import register_csv, thread_mbox
from records.models import Forward, Hold, RetentionRun
from records.selectors import active_holds, foi_list_for_officer, register_for_export, sar_list_for_officer
from records.services import contacts as contact_services
from records.services import policy as policy_services
from records.services import retention
from records.views.common import officer_required, validation_error_show


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
                f"Merged {other_label} into {forms.contact_label(keep)}: {what}. "
                "The duplicate contact has been removed.",
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
            validation_error_show(request, exc)
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
