"""The one way moderation reaches a council's connected social media Page (the social app, a layer above).

Moderation may not import social; social registers an implementation here when the apps load
(social.apps), and moderation asks `social_page()`. With nothing registered, or no Page connected,
moderation does what it always did: it emails the page owner.
"""

from __future__ import annotations

from typing import Protocol


class SocialPage(Protocol):
    def is_connected(self, *, council) -> bool:
        """A Page with a working connection, so posts and blocks go through its API."""

    def post_publish(self, *, post, actor):
        """Hand an approved council post to the Page; returns its record in the register."""


_registered: list[SocialPage] = []


def social_page_register(page: SocialPage) -> None:
    _registered[:] = [page]


def social_page(*, council) -> SocialPage | None:
    """The connected Page of this council, or None."""
    for page in _registered:
        if page.is_connected(council=council):
            return page
    return None
