"""Celery tasks for the Page: thin, by id, safe to run twice; rate limits retried with backoff."""

from __future__ import annotations

import logging
import time

from celery import shared_task
from django.conf import settings

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
LONGEST_WAIT = 24 * 3600  # Facebook's own estimate of when access comes back, believed up to a day


def retry_plan(wait: float, *, now: float) -> tuple[int, float | None]:
    """The countdown of a retry that is to wait `wait` seconds, and, when that is longer than a worker may
    hold an unacknowledged message (config.settings.SOCIAL_RETRY_COUNTDOWN_MAX: beyond it Redis would hand
    the waiting retry to a second worker), the time it is due: the retry then waits again in another step."""
    longest = settings.SOCIAL_RETRY_COUNTDOWN_MAX
    wait = min(max(wait, 0), LONGEST_WAIT)
    if wait <= longest:
        return round(wait), None
    return longest, now + wait


def _backoff(error: GraphError, attempt: int) -> int:
    # Meta's Retry-After or usage header first; else one, two, four... minutes.
    return error.retry_after or 60 * 2**attempt


def _wait_on(task, *, attempt: int, due_at: float | None) -> None:
    """The next step of a wait longer than the broker holds a message, if some of it is left. In-process
    (apply, the eager setting) Celery waits no countdown either: nor is `due_at` waited for there."""
    if due_at is not None and not task.request.is_eager and due_at - time.time() >= 1:
        countdown, due_at = retry_plan(due_at - time.time(), now=time.time())
        raise task.retry(countdown=countdown, kwargs={"attempt": attempt, "due_at": due_at})


def _retry_after_wait(task, error: GraphError, *, attempt: int, what: str) -> Exception:
    """The retry to raise for a rate-limited try (`attempt` counts the tries), or the end of them."""
    logger.info("%s: Facebook asked to wait (code %s)", what, error.code)
    if attempt >= MAX_RETRIES:
        return task.MaxRetriesExceededError(f"{what}: still rate-limited after {attempt} tries")
    countdown, due_at = retry_plan(_backoff(error, attempt), now=time.time())
    return task.retry(countdown=countdown, kwargs={"attempt": attempt + 1, "due_at": due_at})


# The attempts are counted in `attempt`, not by Celery: the steps of a long wait are not attempts.
RETRYING = {
    "bind": True,
    "soft_time_limit": settings.SOCIAL_ITEM_SOFT_TIME_LIMIT,
    "time_limit": settings.SOCIAL_ITEM_TIME_LIMIT,
    "max_retries": None,
}


@shared_task(**RETRYING)
def page_item_process(self, item_id: int, attempt: int = 0, due_at: float | None = None) -> str:
    """Check one comment or message, then hide it on the Page or answer it as the council asks.

    A rate-limited follow-up is tried again after Facebook's wait; a wait longer than the broker holds a
    message is taken in steps, each a retry until `due_at`."""
    _wait_on(self, attempt=attempt, due_at=due_at)
    page_item_check(item_id=item_id)
    item = PageItem.objects.select_related("council", "submission").filter(pk=item_id).first()
    if item is None:
        return "gone"
    try:
        page_item_follow_up(item=item)
    except GraphError as error:
        raise _retry_after_wait(self, error, attempt=attempt, what=f"page item {item_id}") from None
    return item.state


@shared_task(**RETRYING)
def page_item_decide(
    self,
    item_id: int,
    submission_id: int,
    outcome: str,
    actor_id: int | None,
    attempt: int = 0,
    due_at: float | None = None,
) -> bool:
    """A moderator's decision carried to the Page (shown, hidden or deleted); safe to run twice. Rate
    limits are waited out as page_item_process waits them."""
    _wait_on(self, attempt=attempt, due_at=due_at)
    try:
        done = page_item_decision_apply(
            item_id=item_id,
            submission_id=submission_id,
            outcome=outcome,
            actor_id=actor_id,
            retry=attempt < MAX_RETRIES,  # the last try records the failure instead
        )
    except GraphError as error:
        raise _retry_after_wait(self, error, attempt=attempt, what=f"page item {item_id} decision") from None
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
