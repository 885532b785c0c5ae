"""The council's announcements as an Atom feed (/c/<slug>/feed/)."""

from __future__ import annotations

import logging

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.views.decorators.http import require_safe

from . import selectors
from .pagecache import public_page

logger = logging.getLogger(__name__)


class AnnouncementsFeed(Feed):
    """Atom feed of a council's announcements, for the social page owner and anyone else to follow."""

    feed_type = Atom1Feed

    def get_object(self, request, council_slug):
        return getattr(request, "public_council", None) or selectors.council_for_public(slug=council_slug)

    def title(self, council):
        return f"{council.name}: announcements"

    def link(self, council):
        return reverse("public:council_home", kwargs={"council_slug": council.slug})

    def subtitle(self, council):
        return f"Announcements published by {council.name}."

    # RFC 4287 4.1.1: a feed has an author (or every entry has one). The Council is the author of its
    # announcements, whoever drafted them.
    def author_name(self, council):
        return council.name

    def author_link(self, council):
        return self.link(council)

    def feed_guid(self, council):
        return f"tag:council-comms,{council.slug}:announcements"

    def item_author_name(self, post):
        return post.council.name

    def items(self, council):
        return selectors.announcements_for_feed(council=council)

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        # Readers treat the summary as HTML: the text is escaped, then only paragraphs are added.
        return linebreaks(escape(post.body))

    def item_link(self, post):
        return reverse("public:announcement", kwargs={"council_slug": post.council.slug, "pk": post.pk})

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return (
            post.updated_at
            if post.updated_at and post.published_at and post.updated_at > post.published_at
            else post.published_at
        )

    def item_guid(self, post):
        return f"tag:council-comms,{post.council.slug}:announcement:{post.pk}"

    item_guid_is_permalink = False


_feed = AnnouncementsFeed()


@require_safe
def announcements_feed(request, council_slug):
    return public_page(request, council_slug, lambda _council, _slot: _feed(request, council_slug=council_slug))
