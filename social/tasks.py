"""Celery tasks for the Page: thin, by id, safe to run twice; rate limits retried with backoff."""

from __future__ import annotations

import logging

from celery import shared_task

from .graph import GraphError
from .models import PageConnection, PageItem
from .services import (
    page_item_check,
    page_item_decision_apply,
    page_item_follow_up,
    page_poll,
    page_post_send,
    page_posts_due,
    page_problem_record,
)

logger = logging.getLogger(__name__)
MAX_RETRIES = 6


def _backoff(task, error: GraphError) -> int:
    # Meta's Retry-After or usage header first; else one, two, four... minutes.
    return error.retry_after or 60 * 2**task.request.retries


@shared_task(bind=True, soft_time_limit=60, time_limit=90, max_retries=MAX_RETRIES)
def page_item_process(self, item_id: int) -> str:
    """Check one comment or message, then hide it on the Page or answer it as the council asks."""
    page_item_check(item_id=item_id)
    item = PageItem.objects.select_related("council", "submission").filter(pk=item_id).first()
    if item is None:
        return "gone"
    try:
        page_item_follow_up(item=item)
    except GraphError as error:
        logger.info("page item %s: Facebook asked to wait (code %s)", item_id, error.code)
        raise self.retry(countdown=_backoff(self, error)) from None
    return item.state


@shared_task(bind=True, soft_time_limit=60, time_limit=90, max_retries=MAX_RETRIES)
def page_item_decide(self, item_id: int, submission_id: int, outcome: str, actor_id: int | None) -> bool:
    """A moderator's decision carried to the Page (shown, hidden or deleted); safe to run twice."""
    try:
        done = page_item_decision_apply(
            item_id=item_id,
            submission_id=submission_id,
            outcome=outcome,
            actor_id=actor_id,
            retry=self.request.retries < MAX_RETRIES,  # the last try records the failure instead
        )
    except GraphError as error:
        logger.info("page item %s: Facebook asked to wait (code %s)", item_id, error.code)
        raise self.retry(countdown=_backoff(self, error)) from None
    return bool(done and done.ok)


@shared_task(soft_time_limit=120, time_limit=180)
def page_post_send_task(page_post_id: int) -> bool:
    return page_post_send(page_post_id=page_post_id) is not None


@shared_task(soft_time_limit=240, time_limit=300)
def page_poll_task(connection_id: int) -> int:
    try:
        due = page_poll(connection_id=connection_id)
    except GraphError as error:
        logger.info("page poll %s failed: code %s", connection_id, error.code)
        if not error.is_transient:  # the next poll would fail the same way: tell the Clerk (once)
            page_problem_record(connection=PageConnection.objects.get(pk=connection_id), error=error)
        return 0
    for pk in due:
        page_item_process.delay(pk)
    return len(due)


@shared_task(soft_time_limit=60, time_limit=90)
def pages_poll() -> int:
    """Beat: poll every active Page that is connected, and send posts whose retry is due."""
    ids = list(PageConnection.objects.filter(is_active=True).exclude(token_sealed="").values_list("pk", flat=True))
    for pk in ids:
        page_poll_task.delay(pk)
    for pk in page_posts_due():
        page_post_send_task.delay(pk)
    return len(ids)
