"""Every write of the moderation app: keyword-only, atomic, each with its audit event (P3-P8, P14)."""

from .blocks import (
    contact_block_create,
    contact_block_lift,
    contact_block_request,
    contact_breaches_count,
    contact_page_block_record,
)
from .common import ModerationError
from .decisions import (
    submission_approve,
    submission_bulk_approve,
    submission_bulk_reject,
    submission_reject,
    submission_remove,
)
from .inbox import submission_in_inbox, submission_send_to_inbox
from .posts import (
    council_post_approve,
    council_post_check,
    council_post_create,
    council_post_publish,
    council_post_update,
    council_post_withdraw,
)
from .responses import breach_email_preview, response_text_for
from .settings import moderation_settings_get_or_create, moderation_settings_update
from .submissions import submission_create, submission_message

__all__ = [
    "ModerationError",
    "breach_email_preview",
    "contact_block_create",
    "contact_block_lift",
    "contact_block_request",
    "contact_breaches_count",
    "contact_page_block_record",
    "council_post_approve",
    "council_post_check",
    "council_post_create",
    "council_post_publish",
    "council_post_update",
    "council_post_withdraw",
    "moderation_settings_get_or_create",
    "moderation_settings_update",
    "response_text_for",
    "submission_approve",
    "submission_bulk_approve",
    "submission_bulk_reject",
    "submission_create",
    "submission_in_inbox",
    "submission_message",
    "submission_reject",
    "submission_remove",
    "submission_send_to_inbox",
]
