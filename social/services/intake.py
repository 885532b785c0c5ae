"""What the Page sends: webhook signatures checked, each comment, post and message recorded once by its
Graph object id, then checked by the moderation engine with the council's settings (P1, P4, P6, P7, P14)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.db import IntegrityError, transaction
from django.utils import timezone

from comms.models import Channel, Direction
from comms.services.correspondence import record_create
from council.actors import Actor, user_of
from council.audit import audit_record
from moderation.models import Source, Submission
from moderation.services import ModerationError, submission_create
from social.models import PageConnection, PageItem

from .common import app_secret_for

FEED_POST_ITEMS = frozenset({"post", "status", "photo", "video", "share", "link"})
BREACH_STATUSES = frozenset({Submission.Status.PENDING, Submission.Status.REJECTED})
STANDARD_REPLY = (
    "Thank you for your message. A message through social media is not official contact with {council}: "
    "for official matters please email the Clerk at {email}."
)


def webhook_signature_valid(*, connection: PageConnection, body: bytes, header: str) -> bool:
    """Meta signs each delivery: X-Hub-Signature-256 is "sha256=" and the HMAC-SHA256 of the raw body with
    the app secret. Compared in constant time; without an app secret nothing is accepted."""
    secret = app_secret_for(connection) if connection.has_app_secret else ""
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), header[len("sha256=") :].strip().encode())


def graph_time(value) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)) or str(value).isdigit():
        seconds = int(value)
        # Messenger timestamps are in milliseconds, feed times in seconds.
        return dt.datetime.fromtimestamp(seconds / 1000 if seconds > 10**11 else seconds, tz=dt.UTC)
    try:
        return dt.datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z")  # Graph's ISO form, e.g. ...+0000
    except ValueError:
        return None


def _feed_fields(value: dict) -> dict | None:
    item = value.get("item")
    sender = value.get("from") or {}
    if item == "comment":
        graph_id, kind = value.get("comment_id"), PageItem.Kind.COMMENT
    elif item in FEED_POST_ITEMS:
        graph_id, kind = value.get("post_id"), PageItem.Kind.POST
    else:
        return None
    if not graph_id:
        return None
    parent = value.get("parent_id") or ""
    return {
        "graph_id": str(graph_id),
        "kind": kind,
        "post_graph_id": str(value.get("post_id") or ""),
        "parent_graph_id": "" if parent == value.get("post_id") else str(parent),
        "from_id": str(sender.get("id") or ""),
        "from_name": str(sender.get("name") or "")[:200],
        "text": str(value.get("message") or ""),
        "created_time": graph_time(value.get("created_time")),
        "verb": value.get("verb") or "add",
    }


def _message_fields(event: dict) -> dict | None:
    message = event.get("message") or {}
    if not message.get("mid") or message.get("is_echo"):
        return None  # an echo is the Page's own message coming back
    return {
        "graph_id": str(message["mid"]),
        "kind": PageItem.Kind.MESSAGE,
        "from_id": str((event.get("sender") or {}).get("id") or ""),
        "from_name": "",
        "text": str(message.get("text") or ""),
        "created_time": graph_time(event.get("timestamp")),
        "verb": "add",
    }


def _events(connection: PageConnection, payload: dict):
    if payload.get("object") != "page":
        return
    for entry in payload.get("entry") or []:
        if str(entry.get("id")) != connection.page_id:
            continue  # another Page's delivery: not this council's
        for change in entry.get("changes") or []:
            if change.get("field") == "feed" and isinstance(change.get("value"), dict):
                fields = _feed_fields(change["value"])
                if fields:
                    yield fields
        for event in entry.get("messaging") or []:
            fields = _message_fields(event)
            if fields:
                yield fields


def page_event_apply(connection: PageConnection, fields: dict) -> PageItem | None:
    """One event applied; the item when it needs checking, else None (a replay, a removal)."""
    verb = fields.pop("verb")
    council = connection.council
    item = PageItem.objects.select_for_update().filter(council=council, graph_id=fields["graph_id"]).first()
    if item is None:
        try:
            with transaction.atomic():
                item = PageItem.objects.create(council=council, **fields)
        except IntegrityError:  # the same delivery arrived twice at once: the first one keeps it
            return None
        if verb == "remove":
            item.state, item.removed_at = PageItem.State.REMOVED, timezone.now()
            item.save(update_fields=["state", "removed_at"])
            return None
        return item
    if verb == "remove" and item.removed_at is None:
        item.removed_at = timezone.now()
        item.save(update_fields=["removed_at"])
        audit_record(
            council=council,
            actor=None,
            action="facebook.removed_on_page",
            obj=item,
            summary=f"{item.get_kind_display()} {item.graph_id} removed on Facebook",
        )
    elif verb == "edited" and fields["text"] and fields["text"] != item.text:
        item.text, item.edited_at, item.state = fields["text"], timezone.now(), PageItem.State.RECEIVED
        item.save(update_fields=["text", "edited_at", "state"])
        return item
    elif verb in ("hide", "unhide"):
        item.is_hidden = verb == "hide"
        item.save(update_fields=["is_hidden"])
    return None


@transaction.atomic
def webhook_payload_record(*, connection: PageConnection, payload: dict) -> list[int]:
    """Record a verified delivery; the ids of the items to check (the caller queues them on commit)."""
    due = []
    for fields in _events(connection, payload):
        item = page_event_apply(connection, fields)
        if item is not None and item.pk not in due:
            due.append(item.pk)
    return due


def _submission_for(item: PageItem) -> Submission | None:
    source = Source.SOCIAL_MESSAGE if item.kind == PageItem.Kind.MESSAGE else Source.SOCIAL_COMMENT
    try:
        return submission_create(
            council=item.council,
            source=source,
            text=item.text,
            author_name=item.from_name,
            social_handle=f"facebook:{item.from_id}" if item.from_id else "",
            received_at=item.created_time,
            subject=("Facebook message" if item.kind == PageItem.Kind.MESSAGE else ""),
        )
    except ModerationError:
        return None  # an empty comment (a sticker, a photo alone): nothing to check


@transaction.atomic
def page_item_check(*, item_id: int) -> PageItem | None:
    """Check one received item (safe to run twice: only a received item is checked)."""
    item = PageItem.objects.select_for_update().select_related("council").filter(pk=item_id).first()
    if item is None or item.state != PageItem.State.RECEIVED:
        return None
    connection = PageConnection.objects.filter(council=item.council).first()
    if connection is not None and item.from_id and item.from_id == connection.page_id:
        item.state = PageItem.State.PAGE_OWN  # the Council's own words on its Page are never moderated
        item.save(update_fields=["state"])
        return item
    submission = _submission_for(item)
    item.submission = submission or item.submission
    item.checked_text, item.state = item.text, PageItem.State.CHECKED
    item.save(update_fields=["submission", "checked_text", "state"])
    return item


def item_needs_hiding(*, item: PageItem, connection: PageConnection) -> bool:
    return (
        item.kind != PageItem.Kind.MESSAGE
        and connection.hides_breaches
        and not item.is_hidden
        and item.submission is not None
        and item.submission.status in BREACH_STATUSES
        and item.removed_at is None
    )


def standard_reply_text(council) -> str:
    return STANDARD_REPLY.format(council=council.name, email=council.clerk_email)


def reply_record(*, item: PageItem, text: str, actor: Actor) -> None:
    """What the Council said on Facebook, entered in the item's case (P14)."""
    if item.submission is None or item.submission.record_id is None:
        return
    channel = Channel.SOCIAL_MESSAGE if item.kind == PageItem.Kind.MESSAGE else Channel.SOCIAL_COMMENT
    record_create(
        thread=item.submission.record.thread,
        channel=channel,
        direction=Direction.OUT,
        actor=actor,
        subject="Reply on Facebook",
        body_text=text,
        sender_display=item.council.name,
        sender_member=user_of(actor),
    )
