"""The Page connection, what arrived from the Page, what the Council did on it and its posts there."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from comms.models import Correspondence
from council.models import Council
from moderation.models import CouncilPost, Submission


def verify_token_make() -> str:
    return secrets.token_urlsafe(24)


class PageConnection(models.Model):
    """One council's Facebook Page: its id and the sealed secrets (sealing.py) with the last test's result."""

    class Ownership(models.TextChoices):
        COUNCIL = "council", "The Council runs the Page"
        THIRD_PARTY = "third_party", "Someone else runs the Page for the Council"

    class Breaches(models.TextChoices):
        HIDE_AND_QUEUE = "hide_and_queue", "Hide a breaching comment on the Page at once and queue it for a moderator"
        QUEUE_ONLY = "queue_only", "Only queue it for a moderator (leave it on the Page)"

    class Status(models.TextChoices):
        UNTESTED = "untested", "Not tested yet"
        OK = "ok", "Connected"
        TOKEN = "token", "The access token has expired or was withdrawn"
        PERMISSIONS = "permissions", "Permissions missing"
        ERROR = "error", "Facebook refused or could not be reached"

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="facebook_page")
    page_id = models.CharField("Page id", max_length=40)
    page_name = models.CharField(max_length=200, blank=True)
    ownership = models.CharField(max_length=12, choices=Ownership.choices, default=Ownership.COUNCIL)
    breaches = models.CharField(max_length=20, choices=Breaches.choices, default=Breaches.HIDE_AND_QUEUE)
    reply_to_messages = models.BooleanField(
        default=True,
        help_text="Answer each private message with the standard reply: social media is not official contact.",
    )
    token_sealed = models.TextField(blank=True, editable=False)
    app_secret_sealed = models.TextField(blank=True, editable=False)
    verify_token = models.CharField(max_length=64, default=verify_token_make, editable=False)
    is_active = models.BooleanField(default=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNTESTED)
    status_detail = models.TextField(blank=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    token_scopes = models.JSONField(default=list, blank=True)
    missing_permissions = models.JSONField(default=list, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    problem_emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="The Clerk was told of the current problem."
    )
    polled_at = models.DateTimeField(null=True, blank=True)
    rate_limited_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Facebook Page {self.page_name or self.page_id} of {self.council}"

    @property
    def has_token(self) -> bool:
        return bool(self.token_sealed)

    @property
    def has_app_secret(self) -> bool:
        return bool(self.app_secret_sealed)

    @property
    def hides_breaches(self) -> bool:
        return self.breaches == self.Breaches.HIDE_AND_QUEUE

    @property
    def is_council_owned(self) -> bool:
        return self.ownership == self.Ownership.COUNCIL


class PageItem(models.Model):
    """One comment, post or private message from the Page, known by its Graph object id (idempotence)."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        POST = "post", "Post"
        MESSAGE = "message", "Private message"

    class State(models.TextChoices):
        RECEIVED = "received", "Received, not yet checked"
        CHECKED = "checked", "Checked and recorded"
        PAGE_OWN = "page_own", "Written by the Page itself (not moderated)"
        REMOVED = "removed", "Removed on Facebook"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="facebook_items")
    graph_id = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RECEIVED, db_index=True)
    post_graph_id = models.CharField(max_length=120, blank=True)
    parent_graph_id = models.CharField(max_length=120, blank=True)
    from_id = models.CharField(max_length=60, blank=True)
    from_name = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    created_time = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False, help_text="Hidden on the Page by the Council.")
    is_deleted = models.BooleanField(default=False, help_text="Deleted from the Page by the Council.")
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    checked_text = models.TextField(blank=True, help_text="The text the last check was made on.")

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["council", "graph_id"], name="facebook_item_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.graph_id}"


class PageAction(models.Model):
    """What the Council did on the Page (hide, unhide, delete, reply, block) and what Facebook answered."""

    class Action(models.TextChoices):
        HIDE = "hide", "Hidden on the Page"
        UNHIDE = "unhide", "Shown again on the Page"
        DELETE = "delete", "Deleted from the Page"
        REPLY = "reply", "Replied on the Page"
        MESSAGE = "message", "Answered privately"
        BLOCK = "block", "Blocked from the Page"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(PageItem, null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    automatic = models.BooleanField(default=False)
    ok = models.BooleanField(default=False)
    detail = models.TextField(blank=True)
    result_graph_id = models.CharField(max_length=120, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {'done' if self.ok else 'failed'}"


class PagePost(models.Model):
    """A council post approved in the app (two people, P3) on its way to the Page; never lost on failure."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to go to the Page"
        SENDING = "sending", "Going to the Page"
        PUBLISHED = "published", "On the Page"
        FAILED = "failed", "Failed"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    post = models.OneToOneField(CouncilPost, on_delete=models.CASCADE, related_name="facebook_post")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    graph_post_id = models.CharField(max_length=120, blank=True)
    permalink = models.URLField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    record = models.ForeignKey(Correspondence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.post} on Facebook: {self.get_status_display()}"
