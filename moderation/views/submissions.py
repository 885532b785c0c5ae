"""The moderation queue and one item in it: approve, reject, remove or send to the Clerk's inbox (P4, P7, P8)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from council.permissions import council_role_required
from moderation import services
from moderation.forms import ApproveForm, BreachForm, BulkForm
from moderation.highlight import highlight
from moderation.models import Source, Submission
from moderation.selectors import contact_history_for, moderation_queue_for, queue_counts_for, submission_for_moderator
from moderation.services.inbox import COMMENT_SOURCES, SENDABLE_STATUSES
from moderation.social_page import social_page

from .common import MODERATORS, highlighted

PAGE_SIZE = 50


@council_role_required(*MODERATORS)
def queue(request, council):
    status = request.GET.get("status") or Submission.Status.PENDING
    if status not in Submission.Status.values:
        status = Submission.Status.PENDING
    source = request.GET.get("source") or ""
    if source not in Source.values:
        source = ""
    items = highlighted(list(moderation_queue_for(council=council, status=status, source=source)[:PAGE_SIZE]))
    return render(
        request,
        "moderation/queue.html",
        {
            "council": council,
            "items": items,
            "status": status,
            "source": source,
            "statuses": Submission.Status.choices,
            "sources": Source.choices,
            "counts": queue_counts_for(council=council),
            "bulk_form": BulkForm(),
            "page_size": PAGE_SIZE,
        },
    )


@require_POST
@council_role_required(*MODERATORS)
def bulk(request, council):
    pending = moderation_queue_for(council=council).values_list("pk", flat=True)
    form = BulkForm(request.POST, pending_ids=list(pending))
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, f"Nothing was changed: {errors}")
        return redirect("moderation:queue", council_slug=council.slug)
    data = form.cleaned_data
    try:
        if data["action"] == "approve":
            count = services.submission_bulk_approve(council=council, ids=data["ids"], actor=request.user)
            messages.success(
                request,
                f"{count} item{'s' if count != 1 else ''} approved: comments published, "
                "private messages passed to the Clerk.",
            )
        else:
            count = services.submission_bulk_reject(
                council=council,
                ids=data["ids"],
                actor=request.user,
                criterion=data["criterion"],
                reason=data["reason"],
                response_kind=data["response_kind"] or "ignore",
            )
            messages.success(request, f"{count} item{'s' if count != 1 else ''} rejected.")
    except services.ModerationError as exc:
        messages.error(request, f"Nothing was changed: {exc}")
    return redirect("moderation:queue", council_slug=council.slug)


def _submission(council, pk):
    try:
        return submission_for_moderator(council=council, pk=pk)
    except Submission.DoesNotExist:
        raise Http404("No such item in this council.") from None


def _breach_form(submission, *args, **kwargs) -> BreachForm:
    # A comment from the council's connected page: the moderator chooses to keep it hidden there or delete it.
    on_page = submission.source == Source.SOCIAL_COMMENT and social_page(council=submission.council) is not None
    return BreachForm(*args, on_page=on_page, **kwargs)


@council_role_required(*MODERATORS)
def submission_detail(request, council, pk):
    submission = _submission(council, pk)
    breach_initial = {}
    if "allegation" in submission.criteria:
        breach_initial = {"criterion": "allegation", "response_kind": "complaint_route"}
    elif submission.criteria:
        breach_initial = {"criterion": submission.criteria[0]}
    return _render_detail(request, council, submission, _breach_form(submission, initial=breach_initial), ApproveForm())


def _render_detail(
    request, council, submission, breach_form, approve_form, status=200, preview=None, preview_action=""
):
    history = contact_history_for(council=council, contact=submission.contact) if submission.contact else None
    return render(
        request,
        "moderation/submission_detail.html",
        {
            "council": council,
            "item": submission,
            "in_inbox": services.submission_in_inbox(submission),
            "can_send_to_inbox": submission.source in COMMENT_SOURCES and submission.status in SENDABLE_STATUSES,
            "highlighted": highlight(submission.text, submission.findings.all()),
            "breach_form": breach_form,
            "approve_form": approve_form,
            "history": history,
            "preview": preview,
            "preview_action": preview_action,
        },
        status=status,
    )


@require_POST
@council_role_required(*MODERATORS)
def submission_act(request, council, pk, action):
    submission = _submission(council, pk)
    if action == "approve":
        form = ApproveForm(request.POST)
        if form.is_valid():
            try:
                done = services.submission_approve(
                    submission=submission, actor=request.user, note=form.cleaned_data["note"]
                )
                said = (
                    "Accepted: a private message is never published." if done.is_private else "Approved and published."
                )
                messages.success(request, " ".join(filter(None, [said, getattr(done, "page_note", "")])))
                return redirect("moderation:queue", council_slug=council.slug)
            except services.ModerationError as exc:
                messages.error(request, str(exc))
        return _render_detail(request, council, _submission(council, pk), _breach_form(submission), form, status=400)
    if action == "to_inbox":
        try:
            thread = services.submission_send_to_inbox(
                submission=submission, actor=request.user, note=request.POST.get("note", "")[:1000]
            )
        except services.ModerationError as exc:
            messages.error(request, str(exc))
            return redirect("moderation:submission_detail", council_slug=council.slug, pk=submission.pk)
        messages.success(request, f"Sent to the Clerk's inbox as case {thread.reference}.")
        return redirect("moderation:submission_detail", council_slug=council.slug, pk=submission.pk)
    if action not in ("reject", "remove"):
        raise Http404
    form = _breach_form(submission, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["response_kind"] != "ignore" and not data["confirmed"]:
            # Show the resident's email before anything goes: the moderator can read, edit, then send.
            preview = services.breach_email_preview(
                submission=submission, action=action, criterion=data["criterion"], response_kind=data["response_kind"]
            )
            bound = request.POST.copy()
            bound["response_kind"] = preview["response_kind"]
            bound["response_text"] = data["response_text"].strip() or preview["body"]
            bound["confirmed"] = "True"
            return _render_detail(
                request,
                council,
                submission,
                _breach_form(submission, bound),
                ApproveForm(),
                preview=preview,
                preview_action=action,
            )
        service = services.submission_reject if action == "reject" else services.submission_remove
        try:
            decided = service(
                submission=submission,
                actor=request.user,
                criterion=data["criterion"],
                reason=data["reason"],
                response_kind=data["response_kind"],
                response_text=data["response_text"],
                on_page=data.get("on_page") or "hide",
            )
            done = "Rejected." if action == "reject" else "Removed; the removal notice shows in its place."
            if getattr(decided, "page_note", ""):
                done += " " + decided.page_note
            if data["response_kind"] != "ignore" and submission.contact and submission.contact.email:
                done += f" The email to {submission.contact.email} is on its way."
            messages.success(request, done)
            return redirect("moderation:queue", council_slug=council.slug)
        except services.ModerationError as exc:
            messages.error(request, str(exc))
    return _render_detail(request, council, _submission(council, pk), form, ApproveForm(), status=400)
