"""Template hooks: the Facebook Page's place on the settings overview, the moderation item and the post page."""

from __future__ import annotations

from django import template

from social.models import PageConnection
from social.selectors import page_connection_for, page_item_for_submission, page_post_for

register = template.Library()


@register.simple_tag
def facebook_page(council) -> PageConnection | None:
    return page_connection_for(council=council)


@register.inclusion_tag("social/_item_actions.html", takes_context=True)
def facebook_item_actions(context, submission):
    item = page_item_for_submission(council=submission.council, submission_pk=submission.pk)
    connection = page_connection_for(council=submission.council) if item else None
    return {
        "item": item,
        "submission": submission,
        "connection": connection,
        "council": submission.council,
        "csrf_token": context.get("csrf_token"),
        "current_access": context.get("current_access"),
    }


@register.inclusion_tag("social/_post_status.html", takes_context=True)
def facebook_post_status(context, post):
    return {
        "page_post": page_post_for(post=post),
        "post": post,
        "council": post.council,
        "csrf_token": context.get("csrf_token"),
    }
