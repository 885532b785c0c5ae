"""Emerging themes in what residents write, acted on by the Clerk (P5, P9), and the council's moderation settings."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from council.models import Body
from council.permissions import council_role_required
from moderation import services
from moderation.forms import ModerationSettingsForm, ThemeMeetingForm, ThemeReplyForm, ThemesForm
from moderation.services.themes import theme_refer_to_meeting, theme_reply_to_all
from moderation.themes import themes_for

from .common import MODERATORS


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
    return render(
        request,
        "moderation/themes.html",
        {
            "council": council,
            "form": form,
            "themes": groups,
            "read": read,
            "since": since,
            "until": until,
            "bodies": Body.objects.filter(council=council).order_by("name"),
            "today": today,
            "can_act": request.access.is_officer,
        },
    )


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
    back = redirect(
        f"{reverse('moderation:themes', kwargs={'council_slug': council.slug})}?"
        f"{urlencode({k: request.POST.get(k, '') for k in ('since', 'until')})}"
    )
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
                council=council,
                actor=request.user,
                label=label,
                submission_ids=submission_ids,
                thread_ids=thread_ids,
                body=data["body"],
                meeting_date=data["meeting_date"],
                note=data["note"],
            )
            done = (
                f"{len(referrals)} case{pluralize(len(referrals))} on \u201c{label}\u201d taken to "
                f"{data['body']} on {data['meeting_date']:%-d %B %Y}."
            )
            if closed:
                done += f" {closed} closed case{pluralize(closed)} left as {'it was' if closed == 1 else 'they were'}."
        else:
            sent, without = theme_reply_to_all(
                council=council,
                actor=request.user,
                label=label,
                submission_ids=submission_ids,
                thread_ids=thread_ids,
                body_text=form.cleaned_data["body"],
                subject=form.cleaned_data["subject"],
            )
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
            services.moderation_settings_update(
                council=council,
                actor=request.user,
                **{
                    name: form.cleaned_data[name]
                    for name in (*form.Meta.fields, "review_thresholds", "reject_thresholds")
                },
            )
            messages.success(request, "Moderation settings saved.")
            return redirect("moderation:settings", council_slug=council.slug)
        except services.ModerationError as exc:
            form.add_error(None, str(exc))
    return render(request, "moderation/settings.html", {"council": council, "form": form})
