"""Moderation records: what was submitted, what the checks found, what a moderator did (P3-P8).

The checks themselves live in moderation.engine (plain Python); these models keep their results,
the council's own settings for them and the council posts that must be approved before publication.
Import them from here: the modules below are how the package is arranged, not its interface.
"""

from .choices import (
    CRITERION_LABELS,
    PRIVATE_SOURCES,
    PUBLIC_SOURCES,
    SOCIAL_SOURCES,
    Criterion,
    Decision,
    ResponseKind,
    Source,
)
from .moderation_settings import DEFAULT_REMOVAL_NOTICE, DEFAULT_RESPONSES, OLD_DEFAULT_RESPONSES, ModerationSettings
from .posts import POST_CHANNELS, CouncilPost, CouncilPostEdit, post_image_path
from .submissions import BREACH_STATUSES, ContactBlock, Finding, ModeratorAction, Submission

__all__ = [
    "BREACH_STATUSES",
    "CRITERION_LABELS",
    "DEFAULT_REMOVAL_NOTICE",
    "DEFAULT_RESPONSES",
    "OLD_DEFAULT_RESPONSES",
    "POST_CHANNELS",
    "PRIVATE_SOURCES",
    "PUBLIC_SOURCES",
    "SOCIAL_SOURCES",
    "ContactBlock",
    "CouncilPost",
    "CouncilPostEdit",
    "Criterion",
    "Decision",
    "Finding",
    "ModerationSettings",
    "ModeratorAction",
    "ResponseKind",
    "Source",
    "Submission",
    "post_image_path",
]
