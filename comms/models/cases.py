"""What the Clerk does with a case: referrals (P9, P11), internal notes and standard replies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from council.models import Body, Council, ExternalAgency

from .correspondence import Thread


class Referral(models.Model):
    """P11: passed to a member or an external agency; P9: taken to a meeting of a body."""

    class Purpose(models.TextChoices):
        INFORMATION = "information", "For information"
        ACTION = "action", "For action"
        AGENDA = "agenda", "For a meeting's agenda"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="referrals")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="referrals")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    to_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    to_agency = models.ForeignKey(
        ExternalAgency, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    to_body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals")
    meeting_date = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(to_member__isnull=False, to_agency__isnull=True, to_body__isnull=True)
                    | Q(to_member__isnull=True, to_agency__isnull=False, to_body__isnull=True)
                    | Q(to_member__isnull=True, to_agency__isnull=True, to_body__isnull=False)
                ),
                name="referral_exactly_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["to_member", "completed_at"], name="referral_member_open"),
            models.Index(fields=["to_body", "meeting_date"], name="referral_body_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} to {self.target}"

    @property
    def target(self):
        return self.to_member or self.to_agency or self.to_body

    @property
    def is_open(self) -> bool:
        return self.completed_at is None

    def is_overdue(self, today=None) -> bool:
        return bool(self.due_on and not self.completed_at and self.due_on < (today or timezone.localdate()))


class Note(models.Model):
    """An internal note on a thread; never sent to anyone."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Note by {self.author} on {self.thread}"


class SavedReply(models.Model):
    """A standard reply the Clerk can send as the Council, e.g. one pointing to the council's website."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="saved_replies")
    title = models.CharField(max_length=200)
    body = models.TextField(
        help_text="{name} is replaced with the recipient's name, {website} with the council's website."
    )
    link_url = models.URLField(
        blank=True, help_text="Information already on the council's website that this reply points to."
    )
    marks_status = models.CharField(
        max_length=20,
        choices=Thread.Status.choices,
        default=Thread.Status.REPLIED,
        help_text="The case's status once this reply is sent.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["council", "title"]
        verbose_name_plural = "saved replies"
        constraints = [models.UniqueConstraint(fields=["council", "title"], name="saved_reply_unique_title")]

    def __str__(self) -> str:
        return self.title
