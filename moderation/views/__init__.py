"""The moderation desk for the Clerk, Chair and Vice-Chair (P3-P8): the queue of comments and messages,
senders and blocks, council posts, emerging themes and the council's settings.

urls.py reaches every page as `views.<name>`; the modules below group them by what they are about.
"""

from .contacts import block_lift, blocks, contact_block, contact_history
from .council_posts import post_act, post_detail, post_edit, post_image, post_new, posts
from .submissions import bulk, queue, submission_act, submission_detail
from .themes_and_settings import settings_edit, theme_act, themes

__all__ = [
    "block_lift",
    "blocks",
    "bulk",
    "contact_block",
    "contact_history",
    "post_act",
    "post_detail",
    "post_edit",
    "post_image",
    "post_new",
    "posts",
    "queue",
    "settings_edit",
    "submission_act",
    "submission_detail",
    "theme_act",
    "themes",
]
