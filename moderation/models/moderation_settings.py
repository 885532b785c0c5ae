"""A council's own settings for moderation: word lists, thresholds, response texts, the removal notice (P7, P8)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from council.models import Council

from .choices import ResponseKind

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

    class Mode(models.TextChoices):
        # Post-moderation: the checks publish what they pass; a moderator may remove it later.
        POST = "post", "Publish a comment as soon as the checks pass it (a moderator can remove it later)"
        # Pre-moderation: the checks still run and are recorded, but a person publishes every comment.
        PRE = "pre", "Hold every comment until a moderator has read it"

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="moderation_settings")
    moderation_mode = models.CharField(
        "When comments appear",
        max_length=8,
        choices=Mode.choices,
        default=Mode.POST,
        help_text="Comments the checks hold or refuse are treated the same either way.",
    )
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
        default=3,
        help_text=(
            "Breaches of the policy by one person after which they are blocked on the website forms "
            "(on the social page, its owner is asked to block them)."
        ),
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

    @property
    def holds_every_comment(self) -> bool:
        """Pre-moderation: no comment is published before a moderator has read it."""
        return self.moderation_mode == self.Mode.PRE

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
