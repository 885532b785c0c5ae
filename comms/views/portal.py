"""The councillor portal: referrals to me, what I wrote, the council's official records (P11-P13, P16, P18)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from comms import forms
from comms.models import Capacity
from comms.recipient_rules import recipients_check
from comms.selectors import portal_for_member, record_for, referral_for_member
from comms.services import cases, portal
from council.models import MEMBER_ROLES
from council.permissions import council_role_required
from council.text import quoted_trail_strip

from .common import bound_errors, error_text, referral_redirect, render_thread

MEMBERS = tuple(MEMBER_ROLES)


@council_role_required(*MEMBERS)
def home(request, council):
    return render(
        request, "comms/portal/home.html", {"council": council, "view": portal_for_member(access=request.access)}
    )


def _referral_action(request, council, pk, form_class, run, done: str, form_name: str):
    referral = referral_for_member(access=request.access, pk=pk)
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            run(referral, form.cleaned_data if form else {})
        except ValidationError as exc:
            if form is None:
                messages.error(request, error_text(exc))
                return referral_redirect(referral)
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, done)
            return referral_redirect(referral)
    return render_thread(request, council, referral.thread, bound=bound_errors(form, form_name), status=400)


@require_POST
@council_role_required(*MEMBERS)
def referral_acknowledge(request, council, pk):
    def run(referral, data):
        portal.referral_acknowledge(referral=referral, actor=request.user)

    return _referral_action(request, council, pk, None, run, "Acknowledged: the Clerk can see you have it.", "")


@require_POST
@council_role_required(*MEMBERS)
def referral_respond(request, council, pk):
    def run(referral, data):
        portal.referral_respond(referral=referral, actor=request.user, text=data["text"])

    return _referral_action(
        request, council, pk, forms.RespondForm, run, "Your response is on the case.", "respond_form"
    )


@require_POST
@council_role_required(*MEMBERS)
def referral_complete(request, council, pk):
    def run(referral, data):
        portal.referral_complete(referral=referral, actor=request.user, outcome=data["outcome"])

    return _referral_action(request, council, pk, forms.CompleteForm, run, "Marked complete.", "complete_form")


@council_role_required(*MEMBERS)
def compose(request, council):
    """An official message: the Clerk is always copied (P12); wide lists need confirming (P18)."""
    form = forms.ComposeForm(request.POST or None)
    warning = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check = recipients_check(to=data["to"], cc=data["cc"])
        warning = check.warning
        try:
            record = portal.official_message_send(
                council=council,
                actor=request.user,
                to=data["to"],
                cc=data["cc"],
                subject=data["subject"],
                body_text=data["body_text"],
                confirm_wide=data["confirm_wide"],
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            to = ", ".join(
                r.address for r in record.recipients.all() if r.address.lower() != council.clerk_email.lower()
            )
            messages.success(
                request,
                f"Recorded as {record.thread.reference} and sent to {to}, with a copy to the Clerk. "
                "The case shows when it has gone.",
            )
            return redirect("comms:thread", council_slug=council.slug, pk=record.thread_id)
    elif request.method == "GET" and request.GET.get("forward"):
        # A forward starts from the new text only: the quoted trail is left behind (P18).
        form = forms.ComposeForm(initial={"body_text": quoted_trail_strip(request.GET["forward"])})
    return render(
        request,
        "comms/portal/compose.html",
        {"council": council, "form": form, "warning": warning},
        status=400 if request.method == "POST" else 200,
    )


@council_role_required(*MEMBERS)
def personal_view(request, council):
    """A personal-view communication with a parishioner (P13), any channel incl. SMS and video (P16)."""
    form = forms.PersonalViewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = portal.personal_view_record(
                council=council,
                actor=request.user,
                channel=data["channel"],
                direction=data["direction"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                subject=data["subject"],
                summary=data["summary"],
                copy_to_clerk=data["copy_to_clerk"],
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(
                request,
                "Recorded"
                + (
                    ". A copy has been emailed to the Clerk: the record is now official and may be disclosed under the "
                    "Freedom of Information Act."
                    if record.copied_to_clerk
                    else " as your personal view; only you can see it."
                ),
            )
            return redirect("comms:thread", council_slug=council.slug, pk=record.thread_id)
    return render(
        request,
        "comms/portal/personal_view.html",
        {"council": council, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@council_role_required(*MEMBERS)
def member_log(request, council):
    """An official SMS or video call (P16), copied to the Clerk (P12)."""
    form = forms.MemberLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = cases.communication_log(
                council=council,
                actor=request.user,
                channel=data["channel"],
                direction=data["direction"],
                summary=data["summary"],
                subject=data["subject"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                occurred_at=data["occurred_at"],
                capacity=Capacity.OFFICIAL,
                copied_to_clerk=True,
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"Recorded as {record.thread.reference}, copied to the Clerk.")
            return redirect("comms:thread", council_slug=council.slug, pk=record.thread_id)
    return render(
        request,
        "comms/portal/member_log.html",
        {"council": council, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@council_role_required(*MEMBERS)
def record_copy_to_clerk(request, council, pk):
    record = record_for(access=request.access, pk=pk)
    try:
        portal.personal_view_copy_send(record=record, actor=request.user)
        messages.success(
            request,
            "A copy has been emailed to the Clerk: the record is now official and may be "
            "disclosed under the Freedom of Information Act.",
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("comms:thread", council_slug=council.slug, pk=record.thread_id)
