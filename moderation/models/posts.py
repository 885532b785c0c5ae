"""Council posts (announcements, social posts, SMS texts) and each change made to their text (P3, P16)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone

from comms.models import Correspondence, Thread
from council.models import Council, PolicyChannel

from .choices import Decision


def post_image_path(instance: CouncilPost, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"council-posts/{instance.council_id}/{uuid.uuid4().hex}{suffix if suffix.isascii() else ''}"


# A council post goes out on one of the channels a council's policy covers (PolicyChannel): one of
# these three, each named for what a post on it is.
POST_CHANNELS = {
    PolicyChannel.WEBSITE: "Website announcement",
    PolicyChannel.SOCIAL_PAGE: "Third-party social page",
    PolicyChannel.SMS: "SMS text",
}


class CouncilPost(models.Model):
    """An announcement, social post or SMS text by the Council: checked, approved, then published (P3, P16)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CHECKED = "checked", "Checked"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="council_posts")
    channel = models.CharField(max_length=20, choices=POST_CHANNELS, default=PolicyChannel.WEBSITE)
    title = models.CharField(max_length=200)
    body = models.TextField()
    image = models.FileField(
        upload_to=post_image_path,
        blank=True,
        max_length=300,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "gif", "webp"])],
    )
    image_alt = models.CharField("image description", max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_posts")
    check_decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    check_criteria = models.JSONField(default=list, blank=True)
    blocks_approval = models.BooleanField(default=False)
    checked_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    allow_comments = models.BooleanField(default=True)
    record = models.ForeignKey(
        Correspondence,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The register entry made when it was published (P14).",
    )
    comments_thread = models.ForeignKey(
        Thread,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The register thread holding the comments on it.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["council", "status", "-published_at"], name="council_post_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def text(self) -> str:
        """What the checks read: the title and the body, as the reader sees them."""
        return f"{self.title}\n\n{self.body}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def author_ids(self) -> set[int]:
        """P3: the writer and everyone who changed the text are its authors; none of them may approve it."""
        return {self.author_id, *self.edits.values_list("editor_id", flat=True)}

    def editors(self) -> list:
        """Everyone other than the writer who changed the text, in the order of their first edit."""
        seen, people = {self.author_id}, []
        for edit in self.edits.select_related("editor").order_by("at", "pk"):
            if edit.editor_id not in seen:
                seen.add(edit.editor_id)
                people.append(edit.editor)
        return people


class CouncilPostEdit(models.Model):
    """One change to the text of a council post, by whom and what it was before (P3, P14)."""

    post = models.ForeignKey(CouncilPost, on_delete=models.CASCADE, related_name="edits")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    title_before = models.CharField(max_length=200)
    body_before = models.TextField()
    status_before = models.CharField(max_length=12, choices=CouncilPost.Status.choices)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Edit of {self.post_id} by {self.editor_id} at {self.at:%Y-%m-%d %H:%M}"
