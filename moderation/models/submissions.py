"""Comments and messages from the public as moderated: what the checks found, what a moderator did and the
blocks on repeat offenders (P4, P7, P8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comms.models import Contact, Correspondence
from council.models import Council

from .choices import CRITERION_LABELS, PRIVATE_SOURCES, Criterion, Decision, ResponseKind, Source
from .posts import CouncilPost


class Submission(models.Model):
    """One comment or message from the public, or one council text, as moderated (P4, P7)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        PUBLISHED = "published", "Published"
        # A private message to the Council (contact form, social message) is never published: once it
        # passes the checks it has simply reached the Clerk.
        ACCEPTED = "accepted", "Reached the Clerk (private)"
        REJECTED = "rejected", "Rejected"
        REMOVED = "removed", "Removed after publication"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="submissions")
    source = models.CharField(max_length=20, choices=Source.choices)
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions")
    author_display = models.CharField(max_length=200, blank=True, help_text="The name shown with the comment.")
    text = models.TextField()
    html = models.TextField(blank=True, help_text="Sanitised with bleach before it is stored.")
    topic = models.TextField(blank=True, help_text="The text this responds to.")
    post = models.ForeignKey(CouncilPost, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    status = models.CharField(max_length=12, choices=Status.choices, db_index=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, help_text="What the checks decided.")
    criteria = models.JSONField(default=list, blank=True)
    record = models.ForeignKey(
        Correspondence, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    is_blocked_contact = models.BooleanField(default=False, help_text="Sent while the contact was blocked (P8).")
    wants_reply = models.BooleanField(
        default=False,
        help_text="The resident asked for a reply: once it passes moderation it goes to the Clerk's inbox.",
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["council", "status", "-received_at"], name="submission_council_status"),
            models.Index(fields=["post", "status", "published_at"], name="submission_post_status"),
            models.Index(fields=["contact", "status"], name="submission_contact_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.pk}: {self.get_status_display()}"

    @property
    def is_breach(self) -> bool:
        return self.status in (self.Status.REJECTED, self.Status.REMOVED)

    @property
    def is_private(self) -> bool:
        return self.source in PRIVATE_SOURCES

    @property
    def criteria_labels(self) -> list[str]:
        return [CRITERION_LABELS.get(c, c) for c in self.criteria]


BREACH_STATUSES = (Submission.Status.REJECTED, Submission.Status.REMOVED)


class Finding(models.Model):
    """One reason the checks gave, on a submission or a council post, with the span of text it is about."""

    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="findings")
    post = models.ForeignKey(CouncilPost, null=True, blank=True, on_delete=models.CASCADE, related_name="findings")
    criterion = models.CharField(max_length=20, choices=Criterion.choices)
    clause = models.CharField(max_length=4)
    score = models.FloatField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    evidence = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["start", "end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission__isnull=False, post__isnull=True)
                | Q(submission__isnull=True, post__isnull=False),
                name="finding_on_one_thing",
            ),
            models.CheckConstraint(condition=Q(start__lte=models.F("end")), name="finding_span_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} ({self.clause}) {self.start}-{self.end}"

    @property
    def label(self) -> str:
        return CRITERION_LABELS.get(self.criterion, self.criterion)


class ModeratorAction(models.Model):
    """What a moderator did to a submission, with the reason and the response sent (P8)."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        REMOVE = "remove", "Removed after publication"
        SEND_TO_INBOX = "to_inbox", "Sent to the Clerk's inbox"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    criterion = models.CharField(max_length=20, choices=Criterion.choices, blank=True)
    reason = models.TextField(blank=True)
    response_kind = models.CharField(max_length=20, choices=ResponseKind.choices, blank=True)
    response_text = models.TextField(blank=True)
    response_record = models.ForeignKey(
        Correspondence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor}"


class ContactBlock(models.Model):
    """P8: a repeat offender blocked from the website form or on the Council's own social page (through its
    API, on the Clerk's decision), or a block requested of the social page owner."""

    class Kind(models.TextChoices):
        WEBSITE_FORM = "website_form", "Blocked on the website form"
        SOCIAL_PAGE_REQUEST = "social_page_request", "Block requested of the social page owner"
        SOCIAL_PAGE_BLOCK = "social_page_block", "Blocked on the Council's own social media page"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="contact_blocks")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="blocks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    breaches = models.PositiveIntegerField(help_text="Breaches counted when the block was made.")
    reason = models.TextField(blank=True)
    request_record = models.ForeignKey(
        Correspondence,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The email to the page owner, in the register.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "kind"], condition=Q(lifted_at__isnull=True), name="contact_block_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.contact}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None
