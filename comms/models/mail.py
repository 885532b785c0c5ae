"""Mail as it passed through the council mailbox: raw messages (P14), the outbox, the IMAP mailbox
settings and the out-of-office log (P10). The code that handles mail is the comms.mail package."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from comms.mail.purposes import purpose_label
from council.models import Council

from .correspondence import Correspondence


class RawMessage(models.Model):
    """The email exactly as received or sent, byte for byte (P14)."""

    record = models.OneToOneField(Correspondence, on_delete=models.CASCADE, related_name="raw")
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64, db_index=True)
    received_via = models.CharField(max_length=40, blank=True, help_text="imap, ingest_email, smtp-out...")

    def __str__(self) -> str:
        return f"raw message of record {self.record_id}"


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
        max_length=100,
        help_text="Name of the environment variable holding the password, e.g. IMAP_PASSWORD_CASSINGTON.",
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
    # The schedule (comms.mail.schedule): when the sweep next queues a read, and what it is based on.
    next_poll_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    error_kind = models.CharField(max_length=20, blank=True, help_text="password, login, connect, timeout, ...")
    failures = models.PositiveIntegerField(default=0, help_text="Failed reads in a row.")
    quiet_polls = models.PositiveIntegerField(default=0, help_text="Reads in a row that found nothing new.")
    activity = models.FloatField(default=0, help_text="Messages read, halving every day: who gets IMAP IDLE.")
    # An IDLE watcher (comms.mail.watch) holding the mailbox open: its own lease, apart from the read lease.
    watch_token = models.CharField(max_length=40, blank=True)
    watched_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["is_active", "next_poll_at"], name="mailbox_due")]

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
