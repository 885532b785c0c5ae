"""The public forms' shared handling: rate limits, drafts kept across a refusal, the submit and its messages."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from moderation.models import Submission
from moderation.services import ModerationError

from .embed import embed_token_make, embed_token_valid, same_origin_post
from .forms import MESSAGE_MAX
from .ratelimit import (
    client_address,
    rate_limit_count,
    rate_limit_exceeded,
)
from .services import receipt_make

logger = logging.getLogger(__name__)


def _limit_message(refusal, *, council) -> str:
    at = timezone.localtime(refusal.until).strftime("%H:%M")
    when = f"You can send it at {at} (in {refusal.minutes} minute{'s' if refusal.minutes != 1 else ''})"
    if refusal.by == "contact":
        first = "You have sent several messages from this email address in a short time."
    else:
        first = (
            "Many messages have been sent from this internet connection in a short time (it may be shared, "
            "as in a library)."
        )
    return f"{first} {when}; what you wrote is kept below. Or email the Clerk at {council.clerk_email}."


DRAFT_KEY = "public_form_draft"


def _draft_keep(request, *, scope: str, data: dict) -> None:
    """A refused comment's words, kept for one return to the form (in the session: never in a URL or log)."""
    request.session[DRAFT_KEY] = {
        "scope": scope,
        "name": data["name"],
        "email": data["email"],
        "message": data["message"],
    }


def _draft_waiting(request, *, scope: str) -> bool:
    # Only a visitor with a session can have one; no session is read for anyone else.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    draft = request.session.get(DRAFT_KEY)
    return bool(draft) and draft.get("scope") == scope


def form_page_shared(request, *, scope: str):
    """The form page is the same for everyone but the form's token (pagecache), except for a visitor whose
    refused words are kept for them. (A POST, or a form in a frame with its own signed token, is never shared.)"""
    return lambda council_id: not _draft_waiting(request, scope=f"{council_id}:{scope}")


def draft_take(request, *, scope: str) -> dict | None:
    """The kept words for this form, once: taken out of the session as they are shown."""
    draft = request.session.get(DRAFT_KEY) if hasattr(request, "session") else None
    if not draft or draft.get("scope") != scope:
        return None
    del request.session[DRAFT_KEY]
    return {name: draft.get(name, "") for name in ("name", "email", "message")}


def form_handle(
    request,
    council,
    *,
    form_class,
    kind: str,
    submit,
    template: str,
    context,
    embed: bool,
    sent_url_name: str,
    sent_kwargs: dict,
    scope: str = "",
):
    """GET shows the form; POST validates, checks the limits and passes the message to moderation.

    `context()` gives the rest of the page, asked only when the page is shown (not when a POST succeeds)."""
    scope = f"{council.pk}:{scope or kind}"
    status = 200
    if request.method == "POST":
        if embed and not (
            same_origin_post(request)
            and embed_token_valid(council=council, form=kind, token=request.POST.get("form_token", ""))
        ):
            return HttpResponseForbidden(
                "This form has expired or was not sent from this site. Please reload the page and try again."
            )
        form = form_class(request.POST)
        address = client_address(request)
        email = request.POST.get("email", "")[:254]
        if form.is_bot:
            # A bot filled in the hidden field: count it against the address and keep nothing.
            logger.info("public form honeypot filled on %s (%s)", council.slug, kind)
            rate_limit_count(council_id=council.pk, form=kind, address=address)
            return redirect(reverse(sent_url_name, kwargs={**sent_kwargs, "token": "-"}))
        refusal = rate_limit_exceeded(council_id=council.pk, form=kind, address=address, email=email)
        if refusal:
            form.is_valid()
            form.add_error(None, _limit_message(refusal, council=council))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                submission = submit(**form.submitted())
            except ModerationError as error:
                form.add_error("message", str(error))
                status = 400
            else:
                rate_limit_count(council_id=council.pk, form=kind, address=address, email=data["email"])
                if submission.status == Submission.Status.REJECTED:
                    _draft_keep(request, scope=scope, data=data)
                return redirect(
                    reverse(sent_url_name, kwargs={**sent_kwargs, "token": receipt_make(submission=submission)})
                )
        else:
            status = 400
    else:
        form = form_class(initial=draft_take(request, scope=scope))
    return page_render(
        request,
        template,
        council,
        {
            **context(),
            "form": form,
            "form_token": embed_token_make(council=council, form=kind) if embed else "",
        },
        status=status,
        embed=embed,
    )


def page_render(
    request,
    template: str,
    council,
    context: dict | None = None,
    *,
    status: int = 200,
    embed: bool = False,
    token_slot: str | None = None,
):
    context = {
        "council": council,
        "embed": embed,
        "base_template": "public/embed_layout.html" if embed else "public/layout.html",
        "message_max": MESSAGE_MAX,
        **(context or {}),
    }
    if token_slot:
        context["csrf_token"] = token_slot  # in the copy kept for everyone; pagecache puts each visitor's own in
    return render(request, template, context, status=status)
