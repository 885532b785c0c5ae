"""Freedom of information and subject access requests: logging, the clock, answering, the public
disclosure log and the SAR bundle."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from council.models import Council
from records import forms
from records.models import FoiRequest, SubjectAccessRequest
from records.selectors import foi_case_holds, foi_disclosure_log, records_about_contact
from records.services import foi, sar
from records.views.common import officer_required, validation_error_show


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
        validation_error_show(request, exc)
    return redirect("records:foi_detail", council_slug=council.slug, pk=item.pk)


def _foi_answered_message(item: FoiRequest) -> str:
    text = (
        f"Answer recorded: {item.reference} closed on {item.responded_on.day} {item.responded_on:%B %Y} "
        f"({item.get_outcome_display().lower()})."
    )
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
        validation_error_show(request, exc)
    return redirect("records:sar_detail", council_slug=council.slug, pk=item.pk)


@officer_required
def sar_bundle(request, council, pk):
    item = get_object_or_404(SubjectAccessRequest.objects.select_related("contact"), council=council, pk=pk)
    data = sar.sar_bundle_build(request=item, actor=request.user, access=request.access)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{council.slug}-{item.reference}.zip"'
    return response
