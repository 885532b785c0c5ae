"""Keeping the Council informed: meeting reports, member digests, acknowledgements, correspondent
decisions and the junk classifier (P5, P9, P11, P14)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comms.models import Contact, Correspondence, OutboundEmail, Thread
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
        blank=True, help_text='Lines starting "## " are headings, lines starting "- " are items; anything else is a paragraph.'
    )
    generated_at = models.DateTimeField(default=timezone.now)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

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


class Acknowledgement(models.Model):
    """The one acknowledgement of a case (the unique thread is the claim: never sent twice)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="acknowledgements")
    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="acknowledgement")
    record = models.ForeignKey(Correspondence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    automatic = models.BooleanField(default=False)
    acknowledged_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"{self.thread.reference} acknowledged {self.acknowledged_at:%Y-%m-%d}"


class CorrespondentDecision(models.Model):
    """The Council's decision that a correspondent is vexatious or unreasonably persistent.

    It stops automatic acknowledgements to them; it never stops their messages being recorded (P14).
    """

    class Kind(models.TextChoices):
        VEXATIOUS = "vexatious", "Vexatious"
        PERSISTENT = "persistent", "Unreasonably persistent"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="correspondent_decisions")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField()
    decided_on = models.DateField(default=timezone.localdate)
    review_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ended_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["contact"], condition=Q(ended_at__isnull=True), name="correspondent_one_active_decision"),
            models.CheckConstraint(condition=Q(review_on__gte=models.F("decided_on")), name="correspondent_review_after_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.contact}: {self.get_kind_display().lower()} (review {self.review_on:%d %b %Y})"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class JunkClassifier(models.Model):
    """A council's own naive Bayes token counts, taught by the Clerk's corrections."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="junk_classifier")
    junk_docs = models.PositiveIntegerField(default=0)
    main_docs = models.PositiveIntegerField(default=0)
    junk_tokens = models.JSONField(default=dict, blank=True)
    main_tokens = models.JSONField(default=dict, blank=True)
    senders = models.JSONField(default=dict, blank=True, help_text='Where the Clerk last moved mail from each address: "junk" or "main".')
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Junk classifier of {self.council} ({self.junk_docs} junk, {self.main_docs} main)"


class TriageVerdict(models.Model):
    """What triage made of one inbound email; the row is the claim, so a message is triaged once."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="triage_verdicts")
    record = models.OneToOneField(Correspondence, on_delete=models.CASCADE, related_name="triage_verdict")
    is_junk = models.BooleanField(default=False)
    score = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["council", "decided_at"], name="triage_council_decided")]

    def __str__(self) -> str:
        return f"record {self.record_id}: {'low priority' if self.is_junk else 'main inbox'}"


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
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
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
