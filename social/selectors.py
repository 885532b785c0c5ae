"""Reads the Page pages share."""

from __future__ import annotations

from moderation.models import Submission

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


def page_item_for_decision(*, submission: Submission) -> PageItem | None:
    """The comment on the Page that this submission is the latest check of, if it is still there."""
    return (
        PageItem.objects.filter(council=submission.council, submission=submission, kind=PageItem.Kind.COMMENT)
        .exclude(is_deleted=True)
        .filter(removed_at__isnull=True)
        .first()
    )
