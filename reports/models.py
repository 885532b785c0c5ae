"""Keeping the Council informed: meeting reports and member digests (P5, P9, P11).

The junk verdicts, acknowledgements and correspondent decisions are kept where mail arrives,
in `comms.models.intake`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from comms.models import OutboundEmail
from council.models import Council, Meeting


class MeetingReport(models.Model):
    """The Clerk's correspondence report for one meeting: generated from the record, then edited."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="meeting_reports")
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="report")
    period_from = models.DateTimeField()
    period_to = models.DateTimeField()
    title = models.CharField(max_length=300)
    introduction = models.TextField(blank=True)
    body = models.TextField(
        blank=True,
        help_text='Lines starting "## " are headings, lines starting "- " are items; anything else is a paragraph.',
    )
    generated_at = models.DateTimeField(default=timezone.now)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.title


class DigestPreference(models.Model):
    """A member's choice about the council's digest; no row means they receive it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preferences")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="digest_preferences")
    opted_out = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "council"], name="digest_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user} in {self.council}: {'opted out' if self.opted_out else 'receives the digest'}"


class DigestDelivery(models.Model):
    """One digest for one member for one period; the row is the claim, inserted before the email is queued."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="digest_deliveries")
    period_start = models.DateField()
    covers_from = models.DateTimeField()
    covers_to = models.DateTimeField()
    items = models.PositiveIntegerField(default=0)
    outbound = models.ForeignKey(OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council", "period_start"], name="digest_one_per_member_period")
        ]

    def __str__(self) -> str:
        return f"Digest for {self.user}, {self.council}, period from {self.period_start}"


class AnnualReport(models.Model):
    """The year's communications report for the Annual Parish Meeting, made by a Celery task.

    The row is the claim: the task moves it from queued to running once, records its progress as it
    goes, and keeps the result (the HTML body and the PDF) for the Clerk to download. No resident is
    named in it: every figure is a count.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        DONE = "done", "Ready"
        FAILED = "failed", "Could not be made"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="annual_reports")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    step = models.CharField(max_length=200, blank=True, help_text="What the task is doing now.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    body_html = models.TextField(blank=True)
    pdf = models.BinaryField(blank=True, default=bytes)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["council", "-requested_at"], name="annual_report_council_recent")]

    def __str__(self) -> str:
        return f"Annual communications report {self.year}, {self.council} ({self.get_status_display().lower()})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
