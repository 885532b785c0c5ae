"""What the moderation pages share: who may open them, and findings marked in each item's text."""

from __future__ import annotations

from council.models import MODERATOR_ROLES
from moderation.highlight import highlight

MODERATORS = tuple(MODERATOR_ROLES)


def highlighted(items):
    """Each item with `.highlighted`: its text escaped, the findings' spans marked."""
    for item in items:
        item.highlighted = highlight(item.text, item.findings.all())
    return items
