"""Every write of the social app: keyword-only, each with its audit event."""

from .common import PageNotConnected
from .connection import REQUIRED_PERMISSIONS, page_connection_save, page_connection_test, page_problem_record
from .decisions import decision_needed, decision_note, page_item_decision_apply
from .intake import page_item_check, standard_reply_text, webhook_payload_record, webhook_signature_valid
from .page_actions import (
    PageActionFailed,
    page_item_delete,
    page_item_follow_up,
    page_item_hide,
    page_item_reply,
    page_item_unhide,
    page_person_block,
)
from .polling import page_poll
from .posting import page_post_queue, page_post_retry, page_post_send, page_posts_due

__all__ = [
    "REQUIRED_PERMISSIONS",
    "PageActionFailed",
    "PageNotConnected",
    "decision_needed",
    "decision_note",
    "page_connection_save",
    "page_connection_test",
    "page_item_check",
    "page_item_decision_apply",
    "page_item_delete",
    "page_item_follow_up",
    "page_item_hide",
    "page_item_reply",
    "page_item_unhide",
    "page_person_block",
    "page_poll",
    "page_post_queue",
    "page_post_retry",
    "page_post_send",
    "page_posts_due",
    "page_problem_record",
    "standard_reply_text",
    "webhook_payload_record",
    "webhook_signature_valid",
]
