"""The moderation queue, council posts and emerging themes, for the Clerk, Chair and Vice-Chair (P3-P8)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from comms.models import Contact
from council.models import MODERATOR_ROLES, Body
from council.permissions import council_role_required
from council.selectors import roles_for_user

from . import services
from .forms import (
    ApproveForm,
    BlockForm,
    BreachForm,
    BulkForm,
    CouncilPostForm,
    ModerationSettingsForm,
    ThemeMeetingForm,
    ThemeReplyForm,
    ThemesForm,
)
from .highlight import highlight
from .models import CouncilPost, Source, Submission
from .selectors import (
    contact_blocks_active_for,
    contact_history_for,
    council_post_history_for,
    council_posts_for_moderator,
    moderation_queue_for,
    queue_counts_for,
    submission_for_moderator,
)
from .services.inbox import COMMENT_SOURCES, SENDABLE_STATUSES
from .services.posts import approval_problem
from .services.themes import theme_refer_to_meeting, theme_reply_to_all
from .themes import themes_for

MODERATORS = tuple(MODERATOR_ROLES)
PAGE_SIZE = 50


def _highlighted(items):
    for item in items:
        item.highlighted = highlight(item.text, item.findings.all())
    return items


@council_role_required(*MODERATORS)
def queue(request, council):
    status = request.GET.get("status") or Submission.Status.PENDING
    if status not in Submission.Status.values:
        status = Submission.Status.PENDING
    source = request.GET.get("source") or ""
    if source not in Source.values:
        source = ""
    items = _highlighted(list(moderation_queue_for(council=council, status=status, source=source)[:PAGE_SIZE]))
    return render(request, "moderation/queue.html", {
        "council": council, "items": items, "status": status, "source": source,
        "statuses": Submission.Status.choices, "sources": Source.choices,
        "counts": queue_counts_for(council=council), "bulk_form": BulkForm(), "page_size": PAGE_SIZE,
    })


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
            messages.success(request, f"{count} item{'s' if count != 1 else ''} approved: comments published, "
                                      "private messages passed to the Clerk.")
        else:
            count = services.submission_bulk_reject(
                council=council, ids=data["ids"], actor=request.user, criterion=data["criterion"],
                reason=data["reason"], response_kind=data["response_kind"] or "ignore",
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


@council_role_required(*MODERATORS)
def submission_detail(request, council, pk):
    submission = _submission(council, pk)
    breach_initial = {}
    if "allegation" in submission.criteria:
        breach_initial = {"criterion": "allegation", "response_kind": "complaint_route"}
    elif submission.criteria:
        breach_initial = {"criterion": submission.criteria[0]}
    return _render_detail(request, council, submission, BreachForm(initial=breach_initial), ApproveForm())


def _render_detail(request, council, submission, breach_form, approve_form, status=200, preview=None,
                   preview_action=""):
    history = contact_history_for(council=council, contact=submission.contact) if submission.contact else None
    return render(request, "moderation/submission_detail.html", {
        "council": council, "item": submission, "in_inbox": services.submission_in_inbox(submission),
        "can_send_to_inbox": submission.source in COMMENT_SOURCES and submission.status in SENDABLE_STATUSES, "highlighted": highlight(submission.text, submission.findings.all()),
        "breach_form": breach_form, "approve_form": approve_form, "history": history,
        "preview": preview, "preview_action": preview_action,
    }, status=status)


@require_POST
@council_role_required(*MODERATORS)
def submission_act(request, council, pk, action):
    submission = _submission(council, pk)
    if action == "approve":
        form = ApproveForm(request.POST)
        if form.is_valid():
            try:
                done = services.submission_approve(submission=submission, actor=request.user, note=form.cleaned_data["note"])
                messages.success(request, "Accepted: a private message is never published." if done.is_private
                                 else "Approved and published.")
                return redirect("moderation:queue", council_slug=council.slug)
            except services.ModerationError as exc:
                messages.error(request, str(exc))
        return _render_detail(request, council, _submission(council, pk), BreachForm(), form, status=400)
    if action == "to_inbox":
        try:
            thread = services.submission_send_to_inbox(submission=submission, actor=request.user,
                                                       note=request.POST.get("note", "")[:1000])
        except services.ModerationError as exc:
            messages.error(request, str(exc))
            return redirect("moderation:submission_detail", council_slug=council.slug, pk=submission.pk)
        messages.success(request, f"Sent to the Clerk's inbox as case {thread.reference}.")
        return redirect("moderation:submission_detail", council_slug=council.slug, pk=submission.pk)
    if action not in ("reject", "remove"):
        raise Http404
    form = BreachForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["response_kind"] != "ignore" and not data["confirmed"]:
            # Show the resident's email before anything goes: the moderator can read, edit, then send.
            preview = services.breach_email_preview(
                submission=submission, action=action, criterion=data["criterion"], response_kind=data["response_kind"])
            bound = request.POST.copy()
            bound["response_kind"] = preview["response_kind"]
            bound["response_text"] = data["response_text"].strip() or preview["body"]
            bound["confirmed"] = "True"
            return _render_detail(request, council, submission, BreachForm(bound), ApproveForm(),
                                  preview=preview, preview_action=action)
        service = services.submission_reject if action == "reject" else services.submission_remove
        try:
            service(submission=submission, actor=request.user, criterion=data["criterion"], reason=data["reason"],
                    response_kind=data["response_kind"], response_text=data["response_text"])
            done = "Rejected." if action == "reject" else "Removed; the removal notice shows in its place."
            if data["response_kind"] != "ignore" and submission.contact and submission.contact.email:
                done += f" The email to {submission.contact.email} is on its way."
            messages.success(request, done)
            return redirect("moderation:queue", council_slug=council.slug)
        except services.ModerationError as exc:
            messages.error(request, str(exc))
    return _render_detail(request, council, _submission(council, pk), form, ApproveForm(), status=400)


@council_role_required(*MODERATORS)
def contact_history(request, council, contact_pk):
    contact = get_object_or_404(Contact, council=council, pk=contact_pk)
    history = contact_history_for(council=council, contact=contact)
    _highlighted(history["submissions"])
    return render(request, "moderation/contact_history.html", {
        "council": council, **history, "block_form": BlockForm(),
        "is_blocked": any(b.is_active and b.kind == "website_form" for b in history["blocks"]),
    })


@require_POST
@council_role_required(*MODERATORS)
def contact_block(request, council, contact_pk):
    contact = get_object_or_404(Contact, council=council, pk=contact_pk)
    form = BlockForm(request.POST)
    if form.is_valid():
        try:
            blocks = services.contact_block_create(council=council, actor=request.user, contact=contact,
                                                   emails=[form.cleaned_data["emails"]], reason=form.cleaned_data["reason"])
            messages.success(request, _blocked_message(blocks))
        except services.ModerationError as exc:
            messages.error(request, f"Nobody was blocked: {exc}")
    return redirect("moderation:contact_history", council_slug=council.slug, contact_pk=contact.pk)


def _blocked_message(blocks) -> str:
    if not blocks:
        return "Already blocked: nothing changed."
    who = ", ".join(str(b.contact.email or b.contact) for b in blocks)
    return f"Blocked on the website forms: {who}. Their comments and messages are refused and kept on the record."


@council_role_required(*MODERATORS)
def blocks(request, council):
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.contact_block_create(council=council, actor=request.user, name=form.cleaned_data["name"],
                                                 emails=[form.cleaned_data["emails"]], reason=form.cleaned_data["reason"])
            messages.success(request, _blocked_message(made))
            return redirect("moderation:blocks", council_slug=council.slug)
        except services.ModerationError as exc:
            form.add_error("emails", str(exc))
    return render(request, "moderation/blocks.html", {
        "council": council, "form": form, "blocks": contact_blocks_active_for(council=council),
    }, status=400 if form.errors else 200)


@require_POST
@council_role_required(*MODERATORS)
def block_lift(request, council, contact_pk, block_pk):
    contact = get_object_or_404(Contact, council=council, pk=contact_pk)
    block = get_object_or_404(contact.blocks.filter(council=council), pk=block_pk)
    services.contact_block_lift(block=block, actor=request.user)
    messages.success(request, f"Unblocked: {contact.email or contact} can use the website forms again."
                     if block.kind == "website_form" else "Block request marked as lifted.")
    if request.POST.get("next") == "blocks":
        return redirect("moderation:blocks", council_slug=council.slug)
    return redirect("moderation:contact_history", council_slug=council.slug, contact_pk=contact.pk)


# --- Council posts (P3, P16) -------------------------------------------------------------------

@council_role_required(*MODERATORS)
def posts(request, council):
    status = request.GET.get("status") or ""
    if status not in CouncilPost.Status.values:
        status = ""
    return render(request, "moderation/posts.html", {
        "council": council, "posts": council_posts_for_moderator(council=council, status=status)[:100],
        "status": status, "statuses": CouncilPost.Status.choices,
    })


@council_role_required(*MODERATORS)
def post_new(request, council):
    form = CouncilPostForm(request.POST or None, request.FILES or None, council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.council_post_create(
                council=council, author=request.user, title=data["title"], body=data["body"], channel=data["channel"],
                image=data.get("image"), image_alt=data.get("image_alt") or "", allow_comments=data["allow_comments"],
            )
            post = services.council_post_check(post=post, actor=request.user)
            messages.success(request, "Draft saved and checked.")
            return redirect("moderation:post_detail", council_slug=council.slug, pk=post.pk)
        except services.ModerationError as exc:
            form.add_error(None, str(exc))
    return render(request, "moderation/post_form.html", {"council": council, "form": form, "post": None})


def _post(council, pk) -> CouncilPost:
    return get_object_or_404(CouncilPost.objects.select_related("author", "approved_by", "published_by"), council=council, pk=pk)


@council_role_required(*MODERATORS)
def post_edit(request, council, pk):
    post = _post(council, pk)
    form = CouncilPostForm(request.POST or None, request.FILES or None, instance=post, council=council)
    form.fields["channel"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.council_post_update(
                post=post, actor=request.user, title=data["title"], body=data["body"], image_alt=data.get("image_alt") or "",
                image=request.FILES.get("image"), allow_comments=data["allow_comments"],
            )
            post = services.council_post_check(post=post, actor=request.user)
            messages.success(request, "Saved and checked again; it needs approval again.")
            return redirect("moderation:post_detail", council_slug=council.slug, pk=post.pk)
        except services.ModerationError as exc:
            form.add_error(None, str(exc))
    return render(request, "moderation/post_form.html", {"council": council, "form": form, "post": post})


@council_role_required(*MODERATORS)
def post_detail(request, council, pk):
    post = _post(council, pk)
    findings = list(post.findings.all())
    return render(request, "moderation/post_detail.html", {
        "council": council, "post": post, "findings": findings, "editors": post.editors(),
        "history": council_post_history_for(post=post), "highlighted": highlight(post.text, findings),
        "approval_problem": approval_problem(post=post, user=request.user) if post.status == CouncilPost.Status.CHECKED else "",
    })


POST_ACTIONS = {
    "check": (services.council_post_check, "Checked."),
    "approve": (services.council_post_approve, "Approved; it can now be published."),
    "publish": (services.council_post_publish, "Published."),
    "withdraw": (services.council_post_withdraw, "Withdrawn."),
}


@require_POST
@council_role_required(*MODERATORS)
def post_act(request, council, pk, action):
    post = _post(council, pk)
    if action not in POST_ACTIONS:
        raise Http404
    service, done = POST_ACTIONS[action]
    try:
        service(post=post, actor=request.user)
        messages.success(request, done)
    except services.ModerationError as exc:
        messages.error(request, str(exc))
    except PermissionDenied:
        raise
    return redirect("moderation:post_detail", council_slug=council.slug, pk=post.pk)


def post_image(request, council_slug, pk):
    """The image of a post: public once published (the social page owner fetches it), else moderators only."""
    post = get_object_or_404(CouncilPost, pk=pk, council__slug=council_slug)
    if not post.image:
        raise Http404
    if post.status != CouncilPost.Status.PUBLISHED and not (
        request.user.is_authenticated and roles_for_user(user=request.user, council=post.council) & MODERATOR_ROLES
    ):
        raise Http404
    response = FileResponse(post.image.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


# --- Emerging themes (P5) and settings ---------------------------------------------------------

@council_role_required(*MODERATORS)
def themes(request, council):
    today = timezone.localdate()
    form = ThemesForm(request.GET or None, initial={"since": today - timedelta(days=30), "until": today})
    since, until = today - timedelta(days=30), today
    if request.GET and form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(since, time.min), tz)
    end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min), tz)
    groups, read = themes_for(council=council, since=start, until=end, access=request.access)
    return render(request, "moderation/themes.html", {
        "council": council, "form": form, "themes": groups, "read": read, "since": since, "until": until,
        "bodies": Body.objects.filter(council=council).order_by("name"), "today": today,
        "can_act": request.access.is_officer,
    })


def _ids(request, name: str) -> list[int]:
    return [int(v) for v in request.POST.getlist(name) if v.isdigit()]


@require_POST
@council_role_required(*MODERATORS)
def theme_act(request, council, action):
    """Act on a theme as listed (P5, P9): take its cases to a meeting, or reply to everyone who wrote.
    Only the Clerk's office acts for the Council (P12)."""
    if not request.access.is_officer:
        raise PermissionDenied("Only the Clerk can act on a theme for the Council.")
    label = request.POST.get("label", "")[:200]
    submission_ids, thread_ids = _ids(request, "submission"), _ids(request, "thread")
    back = redirect(f"{reverse('moderation:themes', kwargs={'council_slug': council.slug})}?"
                    f"{urlencode({k: request.POST.get(k, '') for k in ('since', 'until')})}")
    form = ThemeMeetingForm(request.POST, council=council) if action == "meeting" else ThemeReplyForm(request.POST)
    if action not in ("meeting", "reply"):
        raise Http404
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, f"Theme \u201c{label}\u201d: {' '.join(errors)}")
        return back
    try:
        if action == "meeting":
            data = form.cleaned_data
            referrals, closed = theme_refer_to_meeting(
                council=council, actor=request.user, label=label, submission_ids=submission_ids, thread_ids=thread_ids,
                body=data["body"], meeting_date=data["meeting_date"], note=data["note"])
            done = (f"{len(referrals)} case{pluralize(len(referrals))} on \u201c{label}\u201d taken to "
                    f"{data['body']} on {data['meeting_date']:%-d %B %Y}.")
            if closed:
                done += f" {closed} closed case{pluralize(closed)} left as {'it was' if closed == 1 else 'they were'}."
        else:
            sent, without = theme_reply_to_all(
                council=council, actor=request.user, label=label, submission_ids=submission_ids, thread_ids=thread_ids,
                body_text=form.cleaned_data["body"], subject=form.cleaned_data["subject"])
            done = f"Reply sent to {sent} {'person' if sent == 1 else 'people'} who wrote about \u201c{label}\u201d."
            if without:
                done += f" {without} left no email address."
        messages.success(request, done)
    except (services.ModerationError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return back


@council_role_required(*MODERATORS)
def settings_edit(request, council):
    current = services.moderation_settings_get_or_create(council=council)
    form = ModerationSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.moderation_settings_update(council=council, actor=request.user, **{
                name: form.cleaned_data[name] for name in (*form.Meta.fields, "review_thresholds", "reject_thresholds")
            })
            messages.success(request, "Moderation settings saved.")
            return redirect("moderation:settings", council_slug=council.slug)
        except services.ModerationError as exc:
            form.add_error(None, str(exc))
    return render(request, "moderation/settings.html", {"council": council, "form": form})
