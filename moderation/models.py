"""Moderation records: what was submitted, what the checks found, what a moderator did (P3-P8).

The checks themselves live in moderation.engine (plain Python); these models keep their results,
the council's own settings for them and the council posts that must be approved before publication.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comms.models import Contact, Correspondence, Thread
from council.models import Council, PolicyChannel

from .engine.types import CRITERIA

CRITERION_LABELS = {
    "profanity": "Obscene, profane or vulgar",
    "hate": "Racist or hateful",
    "sexual": "Sexual content",
    "threat": "Threats, harassment or abuse",
    "personal_attack": "Personal attack or insult",
    "defamation": "Potentially libellous",
    "personal_info": "Private personal information",
    "spam": "Commercial promotion or spam",
    "off_topic": "Unrelated information or links",
    "copyright": "Plagiarised or copied material",
    "political_ad": "Political advertising",
    "allegation": "Alleges a breach of Council policy or the law",
}


class Criterion(models.TextChoices):
    PROFANITY = "profanity", CRITERION_LABELS["profanity"]
    HATE = "hate", CRITERION_LABELS["hate"]
    SEXUAL = "sexual", CRITERION_LABELS["sexual"]
    THREAT = "threat", CRITERION_LABELS["threat"]
    PERSONAL_ATTACK = "personal_attack", CRITERION_LABELS["personal_attack"]
    DEFAMATION = "defamation", CRITERION_LABELS["defamation"]
    PERSONAL_INFO = "personal_info", CRITERION_LABELS["personal_info"]
    SPAM = "spam", CRITERION_LABELS["spam"]
    OFF_TOPIC = "off_topic", CRITERION_LABELS["off_topic"]
    COPYRIGHT = "copyright", CRITERION_LABELS["copyright"]
    POLITICAL_AD = "political_ad", CRITERION_LABELS["political_ad"]
    ALLEGATION = "allegation", CRITERION_LABELS["allegation"]


assert set(Criterion.values) == set(CRITERIA), "criteria codes must match the engine's"


class Decision(models.TextChoices):
    PUBLISH = "publish", "Publish"
    REVIEW = "review", "Review"
    REJECT = "reject", "Reject"


class ResponseKind(models.TextChoices):
    """P8: the Council's response to a breach."""

    IGNORE = "ignore", "Ignore (no response)"
    INFORM_POLICY = "inform_policy", "Inform the sender of the policy"
    BRIEF_REPLY = "brief_reply", "Brief reply"
    COMPLAINT_ROUTE = "complaint_route", "Formal complaint / Police route (allegations)"


# {outcome} is the sentence for what happened (not published, removed after publication, blocked),
# written by the service for each case; {criterion} is the part of the policy in plain words. The
# moderator's internal note is never put in these emails.
DEFAULT_RESPONSES = {
    ResponseKind.INFORM_POLICY: (
        "Thank you for your comment.\n\n{outcome}\n\nThe Council's Social Media Policy is on its website; "
        "please read it before you comment again."
    ),
    ResponseKind.BRIEF_REPLY: "Thank you for your comment.\n\n{outcome}",
    ResponseKind.COMPLAINT_ROUTE: (
        "Thank you for your comment. It alleges a breach of Council policy or of the law, which the Council "
        "cannot deal with through comments. Please submit a formal complaint to the Council by emailing the "
        "Clerk at {clerk_email}, or report the matter to the Police as soon as possible, so that it can "
        "follow due process."
    ),
}
# What the earlier defaults said, so that a council that never edited them gets the new wording.
OLD_DEFAULT_RESPONSES = {
    ResponseKind.INFORM_POLICY: (
        "Thank you for your comment. It has not been published because it does not meet the Council's "
        "Social Media Policy ({reason}). The policy is on the Council's website; you are welcome to "
        "comment again within it."
    ),
    ResponseKind.BRIEF_REPLY: "Thank you for your comment. It has not been published ({reason}).",
}
DEFAULT_REMOVAL_NOTICE = "A post breaching the Council's Social Media Policy has been removed"


class ModerationSettings(models.Model):
    """A council's own word lists, thresholds and response texts (P7, P8)."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="moderation_settings")
    banned_words = models.TextField(blank=True, help_text="One word or phrase a line: always rejected.")
    suspect_words = models.TextField(blank=True, help_text="One a line: held for a moderator to look at.")
    allowed_words = models.TextField(
        blank=True, help_text="One a line: never flagged (a place name that contains a listed word, say)."
    )
    review_thresholds = models.JSONField(
        default=dict, blank=True, help_text="Per criterion, the score (0-1) at which a comment is held."
    )
    reject_thresholds = models.JSONField(
        default=dict, blank=True, help_text="Per criterion, the score (0-1) at which a comment is rejected."
    )
    repeat_offender_count = models.PositiveSmallIntegerField(
        default=3, help_text=("Breaches of the policy by one person after which they are blocked on the website forms "
                              "(on the social page, its owner is asked to block them).")
    )
    response_inform_policy = models.TextField(default=DEFAULT_RESPONSES[ResponseKind.INFORM_POLICY])
    response_brief_reply = models.TextField(default=DEFAULT_RESPONSES[ResponseKind.BRIEF_REPLY])
    response_complaint_route = models.TextField(default=DEFAULT_RESPONSES[ResponseKind.COMPLAINT_ROUTE])
    removal_notice = models.CharField(max_length=300, default=DEFAULT_REMOVAL_NOTICE)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "moderation settings"

    def __str__(self) -> str:
        return f"Moderation settings of {self.council}"

    @staticmethod
    def _lines(value: str) -> tuple[str, ...]:
        return tuple(sorted({line.strip() for line in value.splitlines() if line.strip()}))

    @property
    def banned_list(self) -> tuple[str, ...]:
        return self._lines(self.banned_words)

    @property
    def suspect_list(self) -> tuple[str, ...]:
        return self._lines(self.suspect_words)

    @property
    def allowed_list(self) -> tuple[str, ...]:
        return self._lines(self.allowed_words)

    def response_template(self, kind: str) -> str:
        return {
            ResponseKind.INFORM_POLICY: self.response_inform_policy,
            ResponseKind.BRIEF_REPLY: self.response_brief_reply,
            ResponseKind.COMPLAINT_ROUTE: self.response_complaint_route,
        }.get(kind, "")


class Source(models.TextChoices):
    WEBSITE_COMMENT = "website_comment", "Website comment"
    CONTACT_FORM = "contact_form", "Contact form"
    SOCIAL_COMMENT = "social_comment", "Social media comment"
    SOCIAL_MESSAGE = "social_message", "Social media message"
    COUNCIL_POST = "council_post", "Council post"
    COUNCIL_SMS = "council_sms", "Council SMS"


PUBLIC_SOURCES = frozenset({Source.WEBSITE_COMMENT, Source.CONTACT_FORM, Source.SOCIAL_COMMENT, Source.SOCIAL_MESSAGE})
SOCIAL_SOURCES = frozenset({Source.SOCIAL_COMMENT, Source.SOCIAL_MESSAGE})
# Messages to the Council rather than comments for everyone to read: never published.
PRIVATE_SOURCES = frozenset({Source.CONTACT_FORM, Source.SOCIAL_MESSAGE})


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
        upload_to=post_image_path, blank=True, max_length=300,
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
        Correspondence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The register entry made when it was published (P14).",
    )
    comments_thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
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
    post = models.ForeignKey(
        CouncilPost, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    status = models.CharField(max_length=12, choices=Status.choices, db_index=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, help_text="What the checks decided.")
    criteria = models.JSONField(default=list, blank=True)
    record = models.ForeignKey(
        Correspondence, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    is_blocked_contact = models.BooleanField(default=False, help_text="Sent while the contact was blocked (P8).")
    wants_reply = models.BooleanField(
        default=False, help_text="The resident asked for a reply: once it passes moderation it goes to the Clerk's inbox."
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
                condition=Q(submission__isnull=False, post__isnull=True) | Q(submission__isnull=True, post__isnull=False),
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
    """P8: a repeat offender blocked from the website form, or a block requested of the social page owner."""

    class Kind(models.TextChoices):
        WEBSITE_FORM = "website_form", "Blocked on the website form"
        SOCIAL_PAGE_REQUEST = "social_page_request", "Block requested of the social page owner"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="contact_blocks")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="blocks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    breaches = models.PositiveIntegerField(help_text="Breaches counted when the block was made.")
    reason = models.TextField(blank=True)
    request_record = models.ForeignKey(
        Correspondence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
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
