"""Reads the Page pages share."""

from __future__ import annotations

from .models import PageConnection, PageItem, PagePost


def page_item_for_submission(*, council, submission_pk: int) -> PageItem | None:
    return (
        PageItem.objects.filter(council=council, submission_id=submission_pk)
        .select_related("council")
        .prefetch_related("actions__actor")
        .first()
    )


def page_connection_for(*, council) -> PageConnection | None:
    return PageConnection.objects.filter(council=council).first()


def page_post_for(*, post) -> PagePost | None:
    return PagePost.objects.filter(post=post).first()
