"""The council's duties as a public record keeper: FOI and subject access requests, retention with
holds, the personal-data guard on forwards (P15) and a log of reminders sent (P2, P13-P15, P17).

Builds on council and comms; neither of them imports this app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comms.models import Contact, Correspondence, OutboundEmail, Referral, Thread
from council.models import Council, ExternalAgency


class FoiRequest(models.Model):
    """A request under the Freedom of Information Act 2000; due on the 20th working day (s.10)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        FEE_PENDING = "fee_pending", "Clock stopped: fees notice sent"
        CLOSED = "closed", "Answered"

    class Outcome(models.TextChoices):
        DISCLOSED = "disclosed", "Information disclosed"
        PARTLY = "partly", "Partly disclosed"
        REFUSED = "refused", "Refused (exemption applied)"
        NOT_HELD = "not_held", "Information not held"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="foi_requests")
    reference = models.CharField(max_length=20, editable=False)
    thread = models.ForeignKey(
        Thread,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foi_requests",
        help_text="The case in which the request arrived.",
    )
    related_threads = models.ManyToManyField(
        Thread, blank=True, related_name="foi_holds", help_text="Records the request may cover: held while it is open."
    )
    requester = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requester_name = models.CharField(max_length=200)
    summary = models.TextField(help_text="The information requested.")
    received_on = models.DateField()
    fee_notice_sent_on = models.DateField(null=True, blank=True)
    fee_received_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True, help_text="Empty while the clock is stopped by a fees notice.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    exemption = models.CharField(max_length=200, blank=True, help_text="The FOIA section relied on, e.g. s.40(2).")
    outcome_note = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    is_published = models.BooleanField(default=False, help_text="Shown in the public disclosure log.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "FOI request"
        constraints = [models.UniqueConstraint(fields=["council", "reference"], name="foi_unique_reference")]
        indexes = [models.Index(fields=["council", "status", "due_on"], name="foi_council_status_due")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.summary[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    def is_overdue(self, today=None) -> bool:
        return bool(self.is_open and self.due_on and self.due_on < (today or timezone.localdate()))


class SubjectAccessRequest(models.Model):
    """A subject access request (UK GDPR Art. 15): due in one month, extendable by two (Art. 12(3))."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Answered"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="subject_access_requests")
    reference = models.CharField(max_length=20, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="subject_access_requests")
    requester_name = models.CharField(max_length=200)
    received_on = models.DateField()
    due_on = models.DateField()
    extended = models.BooleanField(default=False)
    extension_reason = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    responded_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "subject access request"
        constraints = [
            models.UniqueConstraint(fields=["council", "reference"], name="sar_unique_reference"),
            models.CheckConstraint(
                condition=Q(extended=False) | ~Q(extension_reason=""), name="sar_extension_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["council", "status", "due_on"], name="sar_council_status_due")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.requester_name}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())


class RecordClass(models.TextChoices):
    CORRESPONDENCE = "correspondence", "Correspondence"
    MODERATION = "moderation", "Moderation submissions"
    ATTACHMENTS = "attachments", "Attachments"
    MINUTES = "minutes", "Minutes-related (taken to a meeting)"


class RetentionRule(models.Model):
    """How long the council keeps one class of record, and what happens after (empty months: permanently)."""

    class Action(models.TextChoices):
        ANONYMISE = "anonymise", "Anonymise (keep that it happened, remove who and what)"
        ERASE = "erase", "Erase"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="retention_rules")
    record_class = models.CharField(max_length=20, choices=RecordClass.choices)
    retain_months = models.PositiveIntegerField(
        null=True, blank=True, help_text="Months after the last activity; leave empty to keep permanently."
    )
    action = models.CharField(max_length=20, choices=Action.choices, default=Action.ANONYMISE)

    class Meta:
        ordering = ["council", "record_class"]
        constraints = [models.UniqueConstraint(fields=["council", "record_class"], name="retention_rule_unique")]

    def __str__(self) -> str:
        period = f"{self.retain_months} months" if self.retain_months is not None else "permanently"
        return f"{self.get_record_class_display()}: {period}"


class Hold(models.Model):
    """A Clerk's hold: the thread is kept whatever its retention period (e.g. expected litigation)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="retention_holds")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="retention_holds")
    reason = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-set_at"]
        indexes = [models.Index(fields=["thread", "released_at"], name="hold_thread_active")]

    def __str__(self) -> str:
        return f"Hold on {self.thread.reference}"


class RetentionRun(models.Model):
    """One pass of the retention job and what it did (anonymised, erased, kept because held)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="retention_runs")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anonymised = models.JSONField(default=list, blank=True)
    erased = models.JSONField(default=list, blank=True)
    held = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Retention run {self.started_at:%Y-%m-%d %H:%M}"


class Disposal(models.Model):
    """What the retention job did to one thread or attachment; a thread is disposed of once."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="disposals")
    run = models.ForeignKey(RetentionRun, on_delete=models.CASCADE, related_name="disposals")
    record_class = models.CharField(max_length=20, choices=RecordClass.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    label = models.CharField(max_length=200, help_text="The reference, kept after the thing itself is gone.")
    action = models.CharField(max_length=20, choices=RetentionRule.Action.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["council", "object_type", "object_id"], name="disposal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.action}"


class Forward(models.Model):
    """P15: a forward outside the Council, checked for personal data before anything leaves."""

    class Destination(models.TextChoices):
        AGENCY = "agency", "External agency"
        PAGE_OWNER = "page_owner", "Social media page owner"

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked, not sent"
        SENT_REDACTED = "sent_redacted", "Sent redacted"
        SENT_WITH_REASON = "sent_with_reason", "Sent with personal data, reason recorded"
        SENT_CLEAN = "sent_clean", "Sent (no personal data found)"
        CANCELLED = "cancelled", "Cancelled"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="forwards")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="forwards")
    record = models.ForeignKey(Correspondence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    destination = models.CharField(max_length=20, choices=Destination.choices)
    agency = models.ForeignKey(ExternalAgency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_address = models.EmailField()
    to_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=500)
    original_text = models.TextField()
    redacted_text = models.TextField()
    findings = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CHECKED)
    reason = models.TextField(blank=True, help_text="Why personal data is sent, e.g. the person's consent.")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_record = models.ForeignKey(Correspondence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outbound = models.ForeignKey(OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A referral to an agency (P11) waits here until the checked email is sent: the case says
    # "referred" only once something went out, and a forward left unsent refers nothing.
    referral_purpose = models.CharField(max_length=20, choices=Referral.Purpose.choices, blank=True)
    referral_note = models.TextField(blank=True)
    referral_note_redacted = models.TextField(blank=True)
    referral_due_on = models.DateField(null=True, blank=True)
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="forwards")

    class Meta:
        ordering = ["-checked_at"]
        constraints = [
            # Nothing with personal data leaves unredacted without a recorded reason (P15).
            models.CheckConstraint(
                condition=~Q(status="sent_with_reason") | ~Q(reason=""), name="forward_unredacted_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Forward to {self.to_name or self.to_address}: {self.subject}"

    @property
    def has_personal_data(self) -> bool:
        return bool(self.findings)

    @property
    def is_referral(self) -> bool:
        return bool(self.referral_purpose)


class ReminderSent(models.Model):
    """One reminder sent, so a beat task run twice (or redelivered) never reminds twice."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    stage = models.CharField(max_length=40, help_text="e.g. before:2027-01-14, due:2027-01-21")
    sent_at = models.DateTimeField(default=timezone.now)
    outbound = models.ForeignKey(OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["council", "kind", "object_id", "stage"], name="reminder_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.stage}"
