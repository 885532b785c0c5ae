"""The Clerk's dashboard: one inbox for every channel, and the actions on a case (P5, P9, P11, P14)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from comms import forms
from comms.models import Channel, Correspondence, Direction, SavedReply, Thread
from comms.overdue import cases_overdue
from comms.selectors import inbox_page, meeting_referrals, record_for, thread_for, today_view
from comms.services import cases
from comms.services.attachments import attachment_add
from comms.services.cases import saved_reply_render
from council.models import ExternalAgency, Role, User
from council.permissions import council_role_required
from council.selectors import current_policy

from .common import bound_errors, error_text, render_thread

OFFICERS = (Role.CLERK, Role.RFO)


@council_role_required(*OFFICERS)
def inbox(request, council):
    form = forms.InboxFilterForm(request.GET or None, council=council)
    filters = form.filters()
    page_number = (form.cleaned_data.get("page") if form.is_bound and form.is_valid() else None) or 1
    size = (form.cleaned_data.get("size") if form.is_bound and form.is_valid() else None) or 25
    page = inbox_page(access=request.access, filters=filters, page=page_number, size=size)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "council": council,
        "form": form,
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "statuses": Thread.Status.choices,
        "today": timezone.localdate(),
        "policy": current_policy(council=council),
    }
    template = "comms/partials/inbox_results.html" if request.htmx else "comms/inbox.html"
    return render(request, template, context)


@council_role_required(*OFFICERS)
def today(request, council):
    day = timezone.localdate()
    return render(
        request,
        "comms/today.html",
        {
            "council": council,
            "view": today_view(access=request.access, today=day),
            "today": day,
            # The same overdue cases the Reports page counts: one definition (reports.selectors, via comms.overdue).
            "overdue": cases_overdue(council=council, access=request.access, today=day),
            "policy": current_policy(council=council),
        },
    )


@council_role_required(*OFFICERS)
def meetings(request, council):
    """Matters referred to meetings, grouped by meeting, to build agendas (P9)."""
    show_all = request.GET.get("all") == "1"
    referrals = meeting_referrals(access=request.access, from_date=None if show_all else timezone.localdate())
    groups: dict[tuple, list] = {}
    for referral in referrals:
        groups.setdefault((referral.meeting_date, referral.to_body), []).append(referral)
    return render(request, "comms/meetings.html", {"council": council, "groups": groups.items(), "show_all": show_all})


def _thread_action(request, council, pk, form_class, run, done: str, form_name: str, with_council=False):
    thread = thread_for(access=request.access, pk=pk)
    form = form_class(request.POST, request.FILES, **({"council": council} if with_council else {}))
    if form.is_valid():
        try:
            next_url = run(thread, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            if next_url:  # the action continues on another page, which says what happens next
                return redirect(next_url)
            messages.success(request, done.format(ref=thread.reference))
            return redirect(reverse("comms:thread", kwargs={"council_slug": council.slug, "pk": thread.pk}))
    thread.refresh_from_db()
    return render_thread(request, council, thread, bound=bound_errors(form, form_name), status=400)


def _member(council, pk) -> User | None:
    return (
        User.objects.filter(pk=pk, memberships__council=council, memberships__is_active=True).distinct().first()
        if pk
        else None
    )


@require_POST
@council_role_required(*OFFICERS)
def thread_triage(request, council, pk):
    def run(thread, data):
        cases.thread_triage(
            thread=thread,
            actor=request.user,
            owner=_member(council, data["owner"]),
            due_on=data["due_on"],
            is_low_priority=data["is_low_priority"],
        )

    return _thread_action(
        request, council, pk, forms.TriageForm, run, "{ref} triaged.", "triage_form", with_council=True
    )


@require_POST
@council_role_required(*OFFICERS)
def thread_refer(request, council, pk):
    def run(thread, data):
        kind, _, target_pk = data["target"].partition(":")
        to_member = _member(council, target_pk) if kind == "member" else None
        to_agency = ExternalAgency.objects.filter(council=council, pk=target_pk).first() if kind == "agency" else None
        if to_member is None and to_agency is None:
            raise ValidationError("Choose a member or an agency of this council.")
        if to_agency is not None:
            # P15: what goes to an agency leaves the Council, so it goes through the personal-data guard;
            # the referral is made there when the email is sent, not before.
            cases.referral_validate(thread=thread, purpose=data["purpose"], to_agency=to_agency)
            messages.info(
                request,
                f"Nothing has been sent yet. Check the email to {to_agency.name} for personal data "
                "and send it: the case is referred when it is sent.",
            )
            forward = reverse("records:forward_new", kwargs={"council_slug": council.slug})
            query = {
                "thread": thread.pk,
                "agency": to_agency.pk,
                "purpose": data["purpose"],
                "note": data["note"],
                "due_on": data["due_on"].isoformat() if data["due_on"] else "",
            }
            return f"{forward}?{urlencode(query)}"
        cases.referral_create(
            thread=thread,
            actor=request.user,
            purpose=data["purpose"],
            to_member=to_member,
            note=data["note"],
            due_on=data["due_on"],
        )
        return None

    return _thread_action(
        request, council, pk, forms.ReferForm, run, "{ref} referred.", "refer_form", with_council=True
    )


@require_POST
@council_role_required(*OFFICERS)
def thread_refer_meeting(request, council, pk):
    def run(thread, data):
        cases.referral_to_meeting_create(
            thread=thread, actor=request.user, body=data["body"], meeting_date=data["meeting_date"], note=data["note"]
        )

    return _thread_action(
        request,
        council,
        pk,
        forms.MeetingReferralForm,
        run,
        "{ref} added to the meeting's list.",
        "meeting_form",
        with_council=True,
    )


@require_POST
@council_role_required(*OFFICERS)
def thread_reply(request, council, pk):
    def run(thread, data):
        saved = data["saved_reply"]
        body = data["body_text"].strip() or saved_reply_render(
            saved_reply=saved, name=thread.contact.name if thread.contact else ""
        )
        record = cases.reply_create_as_council(
            thread=thread,
            actor=request.user,
            body_text=body,
            subject=data["subject"],
            channel=data["channel"],
            saved_reply=saved,
        )
        if record.channel == Channel.LETTER:
            # A reply by letter is posted by the Clerk: straight to the letter, ready to print.
            return reverse("comms:record_letter", kwargs={"council_slug": council.slug, "pk": record.pk})
        return None

    return _thread_action(
        request, council, pk, forms.ReplyForm, run, "Reply recorded on {ref}.", "reply_form", with_council=True
    )


@require_POST
@council_role_required(*OFFICERS)
def thread_no_response(request, council, pk):
    def run(thread, data):
        cases.thread_mark_no_response_needed(thread=thread, actor=request.user, reason=data["reason"])

    return _thread_action(
        request, council, pk, forms.ReasonForm, run, "{ref} marked: no response needed.", "reason_form"
    )


@require_POST
@council_role_required(*OFFICERS)
def thread_close(request, council, pk):
    def run(thread, data):
        cases.thread_close(thread=thread, actor=request.user, reason=data["reason"])

    return _thread_action(request, council, pk, forms.ReasonForm, run, "{ref} closed.", "reason_form")


@require_POST
@council_role_required(*OFFICERS)
def thread_reopen(request, council, pk):
    def run(thread, data):
        cases.thread_reopen(thread=thread, actor=request.user, reason=data["reason"])

    return _thread_action(request, council, pk, forms.ReasonForm, run, "{ref} reopened.", "reason_form")


@require_POST
@council_role_required(*OFFICERS)
def thread_note(request, council, pk):
    def run(thread, data):
        cases.note_add(thread=thread, actor=request.user, text=data["text"])

    return _thread_action(request, council, pk, forms.NoteForm, run, "Note added to {ref}.", "note_form")


def _log(request, council, thread, data) -> Correspondence:
    with transaction.atomic():
        record = cases.communication_log(
            council=council,
            actor=request.user,
            thread=thread,
            channel=data["channel"],
            direction=data["direction"],
            summary=data["summary"],
            subject=data["subject"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            occurred_at=data["occurred_at"],
            confidentiality=data["confidentiality"],
        )
        upload = data.get("attachment")
        if upload:
            attachment_add(record=record, actor=request.user, name=upload.name, data=upload.read())
    return record


@require_POST
@council_role_required(*OFFICERS)
def thread_log(request, council, pk):
    def run(thread, data):
        _log(request, council, thread, data)

    return _thread_action(request, council, pk, forms.LogForm, run, "Communication recorded on {ref}.", "log_form")


@council_role_required(*OFFICERS)
def record_log_new(request, council):
    """Record a call, letter, SMS or video call that starts a new case."""
    form = forms.LogForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = _log(request, council, None, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"Recorded as {record.thread.reference}.")
            return redirect("comms:thread", council_slug=council.slug, pk=record.thread_id)
    return render(
        request,
        "comms/log_new.html",
        {"council": council, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@council_role_required(*OFFICERS)
def record_withdraw(request, council, pk):
    record = record_for(access=request.access, pk=pk)
    form = forms.RequiredReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Give the reason for withdrawing the record.")
        cases.record_withdraw(record=record, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "The record is marked withdrawn; it stays in the register.")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("comms:thread", council_slug=council.slug, pk=record.thread_id)


@council_role_required(Role.CLERK)
def record_confidentiality(request, council, pk):
    record = record_for(access=request.access, pk=pk)
    initial = {
        "confidentiality": record.confidentiality,
        "named_members": [str(pk) for pk in record.named_members.values_list("pk", flat=True)],
    }
    form = forms.ConfidentialityForm(request.POST or None, council=council, initial=initial)
    if request.method == "POST" and form.is_valid():
        members = [m for m in (_member(council, pk) for pk in form.cleaned_data["named_members"]) if m]
        try:
            cases.record_confidentiality_set(
                record=record,
                actor=request.user,
                confidentiality=form.cleaned_data["confidentiality"],
                named_members=members,
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, "Confidentiality updated.")
            return redirect("comms:thread", council_slug=council.slug, pk=record.thread_id)
    return render(request, "comms/record_confidentiality.html", {"council": council, "record": record, "form": form})


@council_role_required(*OFFICERS)
def saved_reply_preview(request, council, pk):
    """The text of a saved reply for this case, for static/js/comms.js to put in the reply box."""
    saved = SavedReply.objects.filter(council=council, pk=pk).first()
    thread_pk = request.GET.get("thread", "")
    thread = thread_for(access=request.access, pk=int(thread_pk) if thread_pk.isdigit() else 0)
    if saved is None:
        raise Http404("No such saved reply.")
    text = saved_reply_render(saved_reply=saved, name=thread.contact.name if thread.contact else "")
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@council_role_required(*OFFICERS)
def record_letter(request, council, pk):
    """A letter the Council sent, laid out for printing on the council's letterhead."""
    record = record_for(access=request.access, pk=pk)
    if record.channel != Channel.LETTER or record.direction != Direction.OUT:
        raise Http404("Only a letter the Council sends can be printed as a letter.")
    thread = Thread.objects.select_related("contact").get(pk=record.thread_id)
    recipient = record.recipients.select_related("contact").first()
    addressee = (recipient.contact if recipient and recipient.contact_id else None) or thread.contact
    return render(
        request,
        "comms/letter_print.html",
        {
            "council": council,
            "record": record,
            "thread": thread,
            "addressee": addressee,
            "addressee_name": (recipient.name if recipient and recipient.name else "")
            or (addressee.name if addressee else ""),
            "signed_by": record.sender_member or record.created_by,
        },
    )
