"""The correspondence record (P14): every communication of a council, on every channel (P1, P16)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from council.models import Body, Council, ExternalAgency

from .mail.purposes import purpose_label


class Channel(models.TextChoices):
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
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
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
    """The last number given in one of a council's case reference series.

    Official cases are numbered T-1, T-2, ... with no gaps but those the Clerk can see explained
    (a case disposed of under the retention rules). A councillor's personal view not copied to the
    Clerk is numbered in its own series (PV-1, ...), so it takes no number from the register (P13,
    P14); copying it to the Clerk gives it the next T-number.
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
    confidentiality = models.CharField(
        max_length=20, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    foi_disclosable = models.BooleanField(default=True)
    message_id = models.CharField(max_length=500, null=True, blank=True)
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
        settings.AUTH_USER_MODEL, blank=True, related_name="confidential_records",
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


class RawMessage(models.Model):
    """The email exactly as received or sent, byte for byte (P14)."""

    record = models.OneToOneField(Correspondence, on_delete=models.CASCADE, related_name="raw")
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64, db_index=True)
    received_via = models.CharField(max_length=40, blank=True, help_text="imap, ingest_email, smtp-out...")

    def __str__(self) -> str:
        return f"raw message of record {self.record_id}"


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
    body = models.TextField(help_text="{name} is replaced with the recipient's name, {website} with the council's website.")
    link_url = models.URLField(blank=True, help_text="Information already on the council's website that this reply points to.")
    marks_status = models.CharField(
        max_length=20, choices=Thread.Status.choices, default=Thread.Status.REPLIED,
        help_text="The case's status once this reply is sent.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["council", "title"]
        verbose_name_plural = "saved replies"
        constraints = [models.UniqueConstraint(fields=["council", "title"], name="saved_reply_unique_title")]

    def __str__(self) -> str:
        return self.title


class OutboundEmail(models.Model):
    """The outbox: one row per email to send, written in the same transaction as its record.

    A task claims a row by moving it from QUEUED to SENDING with a conditional update, so a
    redelivered task never sends twice.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="outbox")
    record = models.ForeignKey(
        Correspondence, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound_emails"
    )
    purpose = models.CharField(max_length=40, default="reply", help_text="reply, autoreply, referral, digest...")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    from_address = models.CharField(max_length=320)
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=500)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(max_length=500, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.subject}"

    @property
    def purpose_label(self) -> str:
        """What the email is for, in words (the purposes are listed by the door that sends them)."""
        return purpose_label(self.purpose)


class MailboxConfig(models.Model):
    """Where a council's mail is read over IMAP (one mailbox per council), and how far we have read.

    The password is never stored: `password_env` names an environment variable (or a file named by
    `<password_env>_FILE`, for Docker and systemd secrets) that holds it.
    """

    class Security(models.TextChoices):
        SSL = "ssl", "IMAPS (TLS from the start)"
        STARTTLS = "starttls", "STARTTLS"
        NONE = "none", "None (loopback and tests only)"

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="mailbox")
    address = models.EmailField(help_text="The mailbox's own address; mail from it is never answered.")
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField(default=993)
    security = models.CharField(max_length=10, choices=Security.choices, default=Security.SSL)
    username = models.CharField(max_length=255)
    password_env = models.CharField(
        max_length=100, help_text="Name of the environment variable holding the password, e.g. IMAP_PASSWORD_CASSINGTON."
    )
    folder = models.CharField(max_length=255, default="INBOX")
    is_active = models.BooleanField(default=True)
    use_idle = models.BooleanField(default=True, help_text="Wait with IMAP IDLE where the server offers it.")
    # Incremental reading: a UID is only meaningful while UIDVALIDITY stays the same (RFC 3501 2.3.1.1).
    uidvalidity = models.PositiveBigIntegerField(null=True, blank=True)
    last_uid = models.PositiveBigIntegerField(default=0)
    # One poller per mailbox: a lease taken with a conditional update, renewed while reading.
    lock_token = models.CharField(max_length=40, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.username}@{self.host}:{self.port}/{self.folder}"


class AutoReplyLog(models.Model):
    """Who got an out-of-office reply and when (P10): one per sender per absence or closed period."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="autoreply_log")
    sender = models.CharField(max_length=320, help_text="Lower-cased address the reply went to.")
    replied_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=40, help_text="clerk-absence, bank-holiday or outside-monitored-hours.")
    in_reply_to = models.ForeignKey(
        Correspondence, null=True, blank=True, on_delete=models.SET_NULL, related_name="autoreplies"
    )
    outbound = models.ForeignKey(OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-replied_at"]
        indexes = [models.Index(fields=["council", "sender", "-replied_at"], name="autoreply_sender_recent")]

    def __str__(self) -> str:
        return f"{self.sender} at {self.replied_at:%Y-%m-%d %H:%M}"


from .member_models import MemberAddress, MemberMailHold, MemberMailRoute  # noqa: E402,F401
