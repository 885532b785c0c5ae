"""The one way moderation reaches a council's connected social media Page (the social app, a layer above).

Moderation may not import social; social registers an implementation here when the apps load
(social.apps), and moderation asks `social_page()`. With nothing registered, or no Page connected,
moderation does what it always did: it emails the page owner. A moderator's decision on a comment that
came from the Page is carried there (decision_apply): approved shows it, rejected or removed hides or deletes it.
"""

from __future__ import annotations

from typing import Protocol


class SocialPage(Protocol):
    def is_connected(self, *, council) -> bool:
        """A Page with a working connection, so posts and blocks go through its API."""

    def post_publish(self, *, post, actor):
        """Hand an approved council post to the Page; returns its record in the register."""

    def is_council_run(self, *, council) -> bool:
        """The Council runs the Page itself, so the Clerk blocks a repeat offender there (P8) rather than
        asking an owner by email."""

    def decision_apply(self, *, submission, outcome: str, actor) -> str | None:
        """Carry a moderator's decision to the Page once the caller's transaction commits: outcome is
        "show", "hide" or "delete". Returns a sentence for the moderator saying what will happen there,
        "" when the item is on the Page already as asked, None when it did not come from the Page."""


# What a moderator may do on the Page with a comment they reject or remove.
PAGE_OUTCOME_CHOICES = [
    ("hide", "Keep it hidden on the Page (its writer and their friends still see it)"),
    ("delete", "Delete it from the Page"),
]


_registered: list[SocialPage] = []


def social_page_register(page: SocialPage) -> None:
    _registered[:] = [page]


def social_page(*, council) -> SocialPage | None:
    """The connected Page of this council, or None."""
    for page in _registered:
        if page.is_connected(council=council):
            return page
    return None
