"""Councils, the people who serve them, and the policy each one has adopted.

This app is the ground floor: it knows nothing of comms or moderation.
"""

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.timezone import now


class User(AbstractUser):
    """A person who logs in: a Clerk, an RFO or a member of one or more councils."""

    email = models.EmailField("email address", blank=True)
    # Where they land after signing in; kept on the account, since signing out clears the browser's cookies.
    last_council_slug = models.SlugField(max_length=80, blank=True, editable=False)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class PolicyChannel(models.TextChoices):
    """The channels a council can adopt in its policy (P1, P16), kept in `Council.channels`; a council
    post goes out on one of them. The channel a message came or went by is comms.models.Channel."""

    WEBSITE = "website", "Website"
    EMAIL = "email", "Email"
    SOCIAL_PAGE = "social_page", "Third-party social media page"
    SMS = "sms", "SMS"
    VIDEO = "video", "Video conferencing"


class Council(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    website = models.URLField(blank=True)
    clerk_email = models.EmailField("Clerk's council email address")
    postal_address = models.TextField(
        blank=True, help_text="The council's postal address, printed at the head of letters the Clerk sends."
    )
    timezone = models.CharField(max_length=64, default="Europe/London")
    channels = models.JSONField(
        default=list,
        blank=True,
        help_text="Channels covered by the policy (P1): website, email, social_page, sms, video.",
    )
    social_page_name = models.CharField("third-party social page", max_length=200, blank=True)
    social_page_url = models.URLField(blank=True)
    social_page_owner_name = models.CharField(max_length=200, blank=True)
    social_page_owner_email = models.EmailField(blank=True)
    monitoring_summary = models.CharField(
        max_length=200, blank=True, help_text='How the council describes its hours, e.g. "9am-1pm, Monday to Friday".'
    )
    out_of_office_message = models.TextField(
        blank=True,
        help_text="Sent once to a sender whose email arrives outside the monitored hours (P10).",
    )
    staff_idle_timeout_minutes = models.PositiveIntegerField(
        "sign staff out after this many idle minutes",
        default=240,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
        help_text="A signed-in Clerk or councillor who does nothing for this long must sign in again.",
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def uses(self, channel: str) -> bool:
        return channel in self.channels

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(PolicyChannel.choices)
        return [labels[c] for c in self.channels if c in labels]


class PublicPagesVersion(models.Model):
    """Moves with every change a council's public pages show (a comment published or removed, an
    announcement published or withdrawn, a settings or policy change), in the transaction of the change.
    Cached public pages are kept under it, so none is served after such a change."""

    council = models.OneToOneField(
        Council, on_delete=models.CASCADE, primary_key=True, related_name="public_pages_version"
    )
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"{self.council_id}: {self.version}"


class MonitoringPeriod(models.Model):
    """One period of the week in which the Clerk's mailbox is monitored (P10); several a day allowed."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0
        TUESDAY = 1
        WEDNESDAY = 2
        THURSDAY = 3
        FRIDAY = 4
        SATURDAY = 5
        SUNDAY = 6

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="monitoring_periods")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()
    ends_at = models.TimeField()

    class Meta:
        ordering = ["council", "weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_at__lt=models.F("ends_at")), name="monitoring_period_ordered"),
            models.UniqueConstraint(fields=["council", "weekday", "starts_at"], name="monitoring_period_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class ClerkAbsence(models.Model):
    """A period when the Clerk is away; mail then gets the absence's own out-of-office message (P10)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="absences")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    message = models.TextField(help_text="When the mailbox is next monitored and where urgent matters go.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_at__lt=models.F("ends_at")), name="absence_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.council}: away {self.starts_at:%d %b %Y} to {self.ends_at:%d %b %Y}"


class Policy(models.Model):
    """A version of the council's Social Media and Electronic Communication Policy (P2)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="policies")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    adopted_on = models.DateField()
    review_due = models.DateField()
    channels = models.JSONField(default=list, blank=True, help_text="Channels this version covers.")
    changes = models.TextField(blank=True, help_text="What changed from the previous version.")
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["council", "-version"]
        verbose_name_plural = "policies"
        constraints = [
            models.UniqueConstraint(fields=["council", "version"], name="policy_version_unique"),
            models.UniqueConstraint(fields=["council"], condition=Q(is_current=True), name="policy_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version}, adopted {self.adopted_on:%d %B %Y})"

    def is_review_overdue(self, today=None) -> bool:
        return self.review_due < (today or timezone.localdate())

    def is_review_due_soon(self, today=None, days: int = 60) -> bool:
        today = today or timezone.localdate()
        return not self.is_review_overdue(today) and (self.review_due - today).days <= days


class Role(models.TextChoices):
    CLERK = "clerk", "Clerk"
    RFO = "rfo", "Responsible Financial Officer"
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-Chair"
    COUNCILLOR = "councillor", "Councillor"


# Who may do what, by role. Kept here so every check reads the same table.
OFFICER_ROLES = frozenset({Role.CLERK, Role.RFO})
MODERATOR_ROLES = frozenset({Role.CLERK, Role.CHAIR, Role.VICE_CHAIR})
MEMBER_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.COUNCILLOR})


class Membership(models.Model):
    """A role a person holds in one council; a person may hold roles in several councils."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    since = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["council", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()}, {self.council}"


class Body(models.Model):
    """The Council itself, a committee or a working group: the places a matter can be taken (P9)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Full Council"
        COMMITTEE = "committee", "Committee"
        WORKING_GROUP = "working_group", "Working group"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    members = models.ManyToManyField(User, blank=True, related_name="bodies")

    class Meta:
        ordering = ["council", "kind", "name"]
        verbose_name_plural = "bodies"
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="body_unique_name")]

    def __str__(self) -> str:
        return self.name


class ExternalAgency(models.Model):
    """An organisation outside the Council to which mail is passed for information or action (P11)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    handles = models.TextField(blank=True, help_text="What this agency deals with.")

    class Meta:
        ordering = ["council", "name"]
        verbose_name_plural = "external agencies"
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="agency_unique_name")]

    def __str__(self) -> str:
        return self.name


class AuditEvent(models.Model):
    """One append-only entry of the audit trail (P14); see council.audit for writing and verifying."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="audit_events")
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["council", "seq"]
        constraints = [models.UniqueConstraint(fields=["council", "seq"], name="audit_event_unique_seq")]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_event_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class Meeting(models.Model):
    """A meeting of the Council, a committee or a working group (P9): matters referred to it form its agenda."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="meetings")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["council", "-date", "body__name"]
        constraints = [models.UniqueConstraint(fields=["body", "date"], name="meeting_unique_body_date")]
        indexes = [models.Index(fields=["council", "date"], name="meeting_council_date")]

    def __str__(self) -> str:
        return self.title or f"{self.body} meeting, {self.date:%d %B %Y}"


class ResponseCommitment(models.Model):
    """What a council promises its correspondents and how often its members hear what is new (P11, P14)."""

    class DigestFrequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        MONTHLY = "monthly", "Monthly"
        OFF = "off", "No digest"

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="response_commitment")
    acknowledge_within_days = models.PositiveSmallIntegerField(
        default=3, help_text="Working days from receipt to an acknowledgement (0 = no commitment)."
    )
    reply_within_days = models.PositiveSmallIntegerField(
        default=15, help_text="Working days from receipt to a full reply (0 = no commitment)."
    )
    auto_acknowledge = models.BooleanField(
        default=False, help_text="Acknowledge new email automatically; otherwise one click from the template."
    )
    acknowledgement_template = models.TextField(
        default=(
            "Dear {name},\n\nThank you for your message to {council}, which is recorded as {reference}. "
            "We aim to reply by {reply_by}.\n\nThe Clerk"
        ),
        help_text="{name}, {council}, {reference} and {reply_by} are filled in.",
    )
    digest_frequency = models.CharField(max_length=20, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return (
            f"{self.council}: acknowledge within {self.acknowledge_within_days}, "
            f"reply within {self.reply_within_days} working days"
        )
