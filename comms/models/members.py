"""Members' own mail addresses and the council mailbox's secret routing tags for them (P12, P13)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from council.models import Council


def _tag() -> str:
    return secrets.token_hex(5)


class MemberAddress(models.Model):
    """An extra address a member writes from; it identifies them only once confirmed by the emailed link."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_addresses")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, blank=True, help_text="sha256 of the confirmation link's token.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), "user", name="member_address_unique_per_user"),
            # A confirmed address identifies one person only.
            models.UniqueConstraint(
                Lower("email"), condition=Q(confirmed_at__isnull=False), name="member_address_confirmed_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.email


class MemberMailRoute(models.Model):
    """The member's secret plus-addresses on the council mailbox: `clerk+<tag>@...` for official mail,
    `clerk+<personal_tag>@...` for a personal view copied to the Clerk (P13)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="member_mail_routes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_routes")
    tag = models.CharField(max_length=40, default=_tag)
    personal_tag = models.CharField(max_length=40, default=_tag)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "member"], name="member_mail_route_one_per_member"),
            models.UniqueConstraint(fields=["council", "tag"], name="member_mail_route_unique_tag"),
            models.UniqueConstraint(fields=["council", "personal_tag"], name="member_mail_route_unique_personal_tag"),
        ]

    def __str__(self) -> str:
        return f"routing for {self.member} in {self.council}"


class MemberMailHold(models.Model):
    """A message that says it is from a member but that no server vouched for: kept on the record as
    received, and filed as the member's only when the Clerk confirms it is theirs."""

    class Outcome(models.TextChoices):
        WAITING = "waiting", "Waiting for the Clerk"
        CONFIRMED = "confirmed", "Confirmed by the Clerk"
        REJECTED = "rejected", "Not from the member"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="member_mail_holds")
    record = models.OneToOneField("comms.Correspondence", on_delete=models.CASCADE, related_name="member_hold")
    claimed_member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.WAITING)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: record {self.record_id}"
