"""The correspondence record (P14): every communication of a council, on every channel (P1, P16),
filed in cases (threads), with who sent it and to whom."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from council.models import Council, ExternalAgency


class Channel(models.TextChoices):
    """The channel a record's communication came or went by. The channels a council adopts in its
    policy are council.models.PolicyChannel."""

    EMAIL = "email", "Email"
    WEBSITE_FORM = "website_form", "Website form"
    SOCIAL_MESSAGE = "social_message", "Social media message"
    SOCIAL_COMMENT = "social_comment", "Social media comment"
    SMS = "sms", "SMS"
    VIDEO_CALL = "video_call", "Video call"
    PHONE = "phone", "Phone call"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


# P6: a message through social media is not official contact with the Council.
UNOFFICIAL_CHANNELS = frozenset({Channel.SOCIAL_MESSAGE, Channel.SOCIAL_COMMENT})


class Direction(models.TextChoices):
    IN = "in", "Received"
    OUT = "out", "Sent"
    INTERNAL = "internal", "Internal"


class Capacity(models.TextChoices):
    """P13: a councillor's personal view is not official until copied to the Clerk."""

    OFFICIAL = "official", "Official"
    PERSONAL_VIEW = "personal_view", "Councillor's personal view"


class Confidentiality(models.TextChoices):
    """P17."""

    PUBLIC = "public", "Public"
    INTERNAL = "internal", "Internal"
    CONFIDENTIAL = "confidential", "Confidential"


class Contact(models.Model):
    """A member of the public, a business or an organisation; each council keeps its own (never shared)."""

    class Kind(models.TextChoices):
        PERSON = "person", "Member of the public"
        BUSINESS = "business", "Business"
        ORGANISATION = "organisation", "Organisation"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    social_handle = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["council", "name", "email"]
        indexes = [
            models.Index(fields=["council", "email"], name="contact_council_email"),
            models.Index(fields=["council", "phone"], name="contact_council_phone"),
        ]

    def __str__(self) -> str:
        return self.name or self.email or self.phone or self.social_handle or f"Contact {self.pk}"


class Thread(models.Model):
    """A case: the records about one matter, with who has it and what state it is in."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        TRIAGED = "triaged", "Triaged"
        REFERRED = "referred", "Referred"
        AWAITING_REPLY = "awaiting_reply", "Awaiting reply"
        REPLIED = "replied", "Replied"
        NO_RESPONSE_NEEDED = "no_response_needed", "No response needed"  # P5, P9
        CLOSED = "closed", "Closed"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="threads")
    reference = models.CharField(max_length=20, editable=False, help_text="Quoted in subjects: [Ref T-123].")
    subject = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_threads"
    )
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="threads")
    due_on = models.DateField(null=True, blank=True)
    is_low_priority = models.BooleanField(default=False, help_text="Adverts, newsletters, reply-all noise.")
    # P13: a councillor's personal view not copied to the Clerk is theirs alone until it is copied.
    private_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Set while the case holds only a member's uncopied personal view.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-last_activity_at"]
        constraints = [models.UniqueConstraint(fields=["council", "reference"], name="thread_unique_reference")]
        indexes = [
            models.Index(fields=["council", "status", "-last_activity_at"], name="thread_council_status"),
            models.Index(fields=["council", "-last_activity_at"], name="thread_council_activity"),
            models.Index(fields=["council", "owner", "-last_activity_at"], name="thread_council_owner"),
            models.Index(fields=["council", "due_on"], name="thread_council_due"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"


class ReferenceSeries(models.Model):
    """The last number given in one of a council's reference series (comms.services.references).

    Official cases are numbered T-1, T-2, ... with no gaps but those the Clerk can see explained
    (a case disposed of under the retention rules). A councillor's personal view not copied to the
    Clerk is numbered in its own series (PV-1, ...), so it takes no number from the register (P13,
    P14); copying it to the Clerk gives it the next T-number. FOI and subject access requests have
    series of their own (FOI-1, SAR-1, ...).
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="reference_series")
    prefix = models.CharField(max_length=8)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "prefix"], name="reference_series_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.last_number}"


class Correspondence(models.Model):
    """One communication: an email, a form message, an SMS, a call, a letter (P14, P16)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="correspondence")
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="records")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    sender_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="sent_records"
    )
    sender_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="sent_records"
    )
    sender_display = models.CharField(max_length=300, blank=True, help_text="Name and address as received.")
    subject = models.CharField(max_length=500, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True, help_text="Sanitised with bleach before it is stored.")
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    capacity = models.CharField(max_length=20, choices=Capacity.choices, default=Capacity.OFFICIAL)
    copied_to_clerk = models.BooleanField(default=False)
    confidentiality = models.CharField(max_length=20, choices=Confidentiality.choices, default=Confidentiality.INTERNAL)
    foi_disclosable = models.BooleanField(default=True)
    # NULL, not "", when a record has no Message-ID: the unique constraint below skips NULLs.
    message_id = models.CharField(max_length=500, null=True, blank=True)  # noqa: DJ001
    parse_failed = models.BooleanField(default=False)
    parse_errors = models.TextField(blank=True)
    is_automatic = models.BooleanField(default=False, help_text="Auto-replies, bounces and other robot mail.")
    # A resident's message a member forwarded to the council mailbox: who passed it on.
    passed_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # P17: besides the Clerk, only these members may open a confidential record.
    named_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="confidential_records",
        help_text="Members who may see this record when it is confidential.",
    )

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name_plural = "correspondence"
        constraints = [
            # A crashed or repeated import can never record the same message twice.
            models.UniqueConstraint(
                fields=["council", "message_id"], condition=Q(message_id__isnull=False), name="record_unique_message_id"
            ),
        ]
        indexes = [
            models.Index(fields=["council", "-occurred_at"], name="record_council_occurred"),
            models.Index(fields=["thread", "occurred_at"], name="record_thread_occurred"),
            models.Index(fields=["thread", "channel"], name="record_thread_channel"),
            models.Index(fields=["sender_member", "thread"], name="record_sender_member"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.get_direction_display().lower()}: {self.subject or '(no subject)'}"

    @property
    def is_official(self) -> bool:
        # P13: copying a personal view to the Clerk makes it official (and FOI-disclosable).
        return self.capacity == Capacity.OFFICIAL or self.copied_to_clerk

    @property
    def sender_unconfirmed(self) -> bool:
        """Says it is from a member, but no mail server vouched for it and the Clerk has not yet confirmed
        it (comms.models.MemberMailHold): a message received, not the member's official correspondence."""
        hold = getattr(self, "member_hold", None)  # load with select_related("member_hold") in lists
        return hold is not None and hold.outcome == "waiting"

    @property
    def is_social(self) -> bool:
        return self.channel in UNOFFICIAL_CHANNELS


class Recipient(models.Model):
    class Kind(models.TextChoices):
        TO = "to", "To"
        CC = "cc", "Cc"
        BCC = "bcc", "Bcc"

    record = models.ForeignKey(Correspondence, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(max_length=3, choices=Kind.choices, default=Kind.TO)
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="received_records"
    )
    agency = models.ForeignKey(ExternalAgency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=320, blank=True, help_text="Email address or phone number.")

    class Meta:
        ordering = ["record", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.name} <{self.address}>" if self.name else f"{self.kind}: {self.address}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # Server-made names: the sender's file name is kept in a field, never used on disk.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{instance.record.council_id}/{uuid.uuid4().hex}{suffix if suffix.isascii() else ''}"


class Attachment(models.Model):
    record = models.ForeignKey(Correspondence, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    is_blocked = models.BooleanField(default=False, help_text="Kept but not served: a type we refuse to serve.")

    class Meta:
        ordering = ["record", "pk"]

    def __str__(self) -> str:
        return self.original_name
