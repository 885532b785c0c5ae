"""Forwarding a case to an outside agency or person (P11), checked for personal data before it goes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from comms.selectors import records_visible, thread_for
from council.models import ExternalAgency
from records import forms
from records.models import Forward
from records.services import forward as forward_services
from records.views.common import officer_required


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
