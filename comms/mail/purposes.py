"""Why the Council sends an email: the `Purpose` stored on each outbox row, and its label.

Kept apart from the door (comms.mail.door), which takes a `Purpose` and offers it to its callers,
so that the models can show a row's purpose without importing the door (the door imports them).
"""

from __future__ import annotations

from django.db import models

__all__ = ["Purpose", "purpose_label"]


class Purpose(models.TextChoices):
    """Why the Council sends an email; the value is stored on the outbox row."""

    REPLY = "reply", "Reply sent as the Council"
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement of receipt"
    AUTOREPLY = "autoreply", "Out-of-office reply"
    OFFICIAL = "official", "Councillor's official message"
    CLERK_COPY = "clerk_copy", "Personal view copied to the Clerk"
    REFERRAL = "referral", "Referral to a councillor"
    FORWARD = "forward", "Forward outside the Council"
    AGENCY_REFERRAL = "agency_referral", "Referral to an outside agency"
    REMINDER = "reminder", "Reminder to the Clerk"
    DIGEST = "digest", "Summary of cases for a member"
    MODERATION_RESPONSE = "moderation_response", "Reply to a resident about their comment"
    REMOVAL_REQUEST = "removal_request", "Removal request to the social media page owner"
    BLOCK_REQUEST = "block_request", "Block request to the social media page owner"
    SOCIAL_PAGE_POST = "social_page_post", "Post for the social media page"
    SOCIAL_PAGE_PROBLEM = "social_page_problem", "Notice to the Clerk of a problem with the social media page"
    MEMBER_ADDRESS = "member_address", "Link for a councillor to confirm an address they write from"
    BACKUP_FAILED = "backup_failed", "Backup failure notice"


def purpose_label(value: str) -> str:
    """The words the Clerk reads for a stored purpose (older rows may hold a value no longer listed)."""
    try:
        return Purpose(value).label
    except ValueError:
        return value.replace("_", " ").capitalize()
