"""The Clerk's Facebook Page settings, the moderators' actions on the Page, and Meta's webhook."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from council.models import MODERATOR_ROLES, Council, Role
from council.permissions import council_role_required
from moderation.models import ContactBlock

from . import services
from .forms import PageConnectionForm, PageReplyForm
from .models import PageConnection, PageItem, PagePost
from .selectors import page_item_for_submission
from .tasks import page_item_process, page_post_send_task

logger = logging.getLogger(__name__)


def _initial(connection: PageConnection | None) -> dict:
    if connection is None:
        return {"reply_to_messages": True, "is_active": True}
    return {f: getattr(connection, f) for f in ("page_id", "ownership", "breaches", "reply_to_messages", "is_active")}


@council_role_required(Role.CLERK)
def page_settings(request, council):
    connection = PageConnection.objects.filter(council=council).first()
    form = PageConnectionForm(request.POST or None, initial=_initial(connection))
    if request.method == "POST" and form.is_valid():
        try:
            services.page_connection_save(council=council, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("page_id", " ".join(exc.messages))
        else:
            messages.success(request, 'Facebook Page settings saved. Press "Test connection" to check them.')
            return redirect("social:settings", council_slug=council.slug)
    webhook_url = request.build_absolute_uri(f"/social/facebook/webhook/{council.slug}/")
    return render(
        request,
        "social/settings.html",
        {
            "council": council,
            "section": "facebook",
            "form": form,
            "connection": connection,
            "webhook_url": webhook_url,
            "required": services.REQUIRED_PERMISSIONS,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@council_role_required(Role.CLERK)
def page_test(request, council):
    try:
        connection = services.page_connection_test(council=council, actor=request.user)
    except services.PageNotConnected as exc:
        messages.error(request, str(exc))
    else:
        ok = connection.status == PageConnection.Status.OK
        (messages.success if ok else messages.error)(
            request,
            f"Connected to {connection.page_name}." if ok else f"Connection test failed. {connection.status_detail}",
        )
    return redirect("social:settings", council_slug=council.slug)


def _item(council, submission_pk) -> PageItem:
    item = page_item_for_submission(council=council, submission_pk=submission_pk)
    if item is None:
        raise Http404("That item did not come from the council's Facebook Page.")
    return item


@require_POST
@council_role_required(*MODERATOR_ROLES)
def item_act(request, council, submission_pk, action):
    item = _item(council, submission_pk)
    run = {
        "hide": services.page_item_hide,
        "unhide": services.page_item_unhide,
        "delete": services.page_item_delete,
        "block": services.page_person_block,
    }.get(action)
    try:
        if action == "reply":
            form = PageReplyForm(request.POST)
            if not form.is_valid():
                raise services.PageActionFailed("Write the reply first.")
            done = services.page_item_reply(item=item, actor=request.user, text=form.cleaned_data["text"])
        elif run is None:
            raise Http404
        else:
            done = run(item=item, actor=request.user)
    except services.PageActionFailed as exc:
        messages.error(request, str(exc))
    else:
        if isinstance(done, ContactBlock):  # a Page someone else runs: its owner was asked by email
            messages.success(request, "The Page's owner has been asked by email to block this person.")
        elif done.ok:
            messages.success(request, f"Done on Facebook: {done.get_action_display().lower()}.")
        else:
            messages.error(request, f"Facebook did not do it: {done.detail}")
    return redirect("moderation:submission_detail", council_slug=council.slug, pk=submission_pk)


@require_POST
@council_role_required(*MODERATOR_ROLES)
def post_retry(request, council, pk):
    page_post = get_object_or_404(PagePost, council=council, pk=pk)
    page_post = services.page_post_retry(page_post=page_post, actor=request.user)
    transaction.on_commit(lambda: page_post_send_task.delay(page_post.pk))
    messages.success(request, "The post will be sent to the Facebook Page again.")
    return redirect("moderation:post_detail", council_slug=council.slug, pk=page_post.post_id)


def _queue(ids: list[int]) -> None:
    for pk in ids:
        try:
            page_item_process.delay(pk)
        except Exception:  # broker down: the items stay "received" and the next poll's check picks them up
            logger.warning("could not queue Facebook item %s", pk, exc_info=True)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request, council_slug):
    """Meta's webhook: the subscription handshake (GET), then signed deliveries (POST), answered at once."""
    council = Council.objects.filter(slug=council_slug).first()
    connection = PageConnection.objects.filter(council=council, is_active=True).first() if council else None
    if connection is None:
        raise Http404
    if request.method == "GET":
        if (
            request.GET.get("hub.mode") == "subscribe"
            and request.GET.get("hub.verify_token", "") == connection.verify_token
            and request.GET.get("hub.challenge")
        ):
            return HttpResponse(request.GET["hub.challenge"], content_type="text/plain")
        return HttpResponseForbidden("Verification failed.")
    body = request.body
    if not services.webhook_signature_valid(
        connection=connection, body=body, header=request.headers.get("X-Hub-Signature-256", "")
    ):
        return HttpResponseForbidden("Signature check failed.")  # recorded nowhere: forged or mangled
    try:
        payload = json.loads(body)
    except ValueError:
        return HttpResponse(status=400)
    with transaction.atomic():
        due = services.webhook_payload_record(connection=connection, payload=payload)
        transaction.on_commit(lambda: _queue(due))
    return HttpResponse("EVENT_RECEIVED", content_type="text/plain")
