"""What happens to an email as it arrives (P11, P14): the junk verdict and each council's own
classifier, the one acknowledgement of a case, and the decisions that stop automatic
acknowledgements to a vexatious or unreasonably persistent correspondent.

Moved from `reports` so that ingest can decide at once (comms sits below reports); the tables kept
their rows (comms migrations 0008 and 0009). Re-exported by `comms.models`, which loads this module;
the other comms models are named here by label, so neither module imports the other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from council.models import Council


class JunkClassifier(models.Model):
    """A council's own naive Bayes token counts, taught by the Clerk's corrections."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="junk_classifier")
    junk_docs = models.PositiveIntegerField(default=0)
    main_docs = models.PositiveIntegerField(default=0)
    junk_tokens = models.JSONField(default=dict, blank=True)
    main_tokens = models.JSONField(default=dict, blank=True)
    senders = models.JSONField(
        default=dict, blank=True, help_text='Where the Clerk last moved mail from each address: "junk" or "main".'
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Junk classifier of {self.council} ({self.junk_docs} junk, {self.main_docs} main)"


class TriageVerdict(models.Model):
    """What triage made of one inbound email; the row is the claim, so a message is triaged once."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="triage_verdicts")
    record = models.OneToOneField("comms.Correspondence", on_delete=models.CASCADE, related_name="triage_verdict")
    is_junk = models.BooleanField(default=False)
    score = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["council", "decided_at"], name="triage_council_decided")]

    def __str__(self) -> str:
        return f"record {self.record_id}: {'low priority' if self.is_junk else 'main inbox'}"


class Acknowledgement(models.Model):
    """The one acknowledgement of a case (the unique thread is the claim: never sent twice)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="acknowledgements")
    thread = models.OneToOneField("comms.Thread", on_delete=models.CASCADE, related_name="acknowledgement")
    record = models.ForeignKey(
        "comms.Correspondence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    automatic = models.BooleanField(default=False)
    acknowledged_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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
    contact = models.ForeignKey("comms.Contact", on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField()
    decided_on = models.DateField(default=timezone.localdate)
    review_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact"], condition=Q(ended_at__isnull=True), name="correspondent_one_active_decision"
            ),
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("decided_on")), name="correspondent_review_after_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact}: {self.get_kind_display().lower()} (review {self.review_on:%d %b %Y})"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None
