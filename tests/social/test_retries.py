"""Facebook's rate limits: a retry never waits in a worker longer than the broker holds an unacknowledged
message (past that Redis would hand it to a second worker while the first still holds it), however long
Facebook asks to wait (P7: a breaching comment is still hidden once access comes back)."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from moderation.models import Submission
from social.models import PageAction, PageItem
from social.tasks import LONGEST_WAIT, MAX_RETRIES, page_item_decide, page_item_process, retry_plan
from tests.social.graph_server import comment_delivery, signature

pytestmark = pytest.mark.django_db

BREACH = "The chairman is a disgrace and should resign."


def _rate_limit(fake_page, comment, *, minutes: int, times: int = 1) -> None:
    usage = json.dumps(
        {fake_page.page_id: [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": minutes}]}
    )
    for _ in range(times):
        fake_page.fail_next(
            "POST",
            comment,
            status=400,
            code=32,
            message="Page request limit reached",
            headers={"X-Business-Use-Case-Usage": usage},
        )


def _received_item(client, council, fake_page, comment) -> PageItem:
    body = comment_delivery(fake_page, comment)
    response = client.post(
        f"/social/facebook/webhook/{council.slug}/",
        data=body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature(body, fake_page.app_secret)},
    )
    assert response.status_code == 200
    return PageItem.objects.get()


def _hide_requests(fake_page, comment) -> int:
    return sum(1 for method, path, _, _ in fake_page.requests if method == "POST" and path == comment)


def test_a_retrys_countdown_and_run_fit_inside_the_brokers_visibility_timeout():
    longest = settings.SOCIAL_RETRY_COUNTDOWN_MAX
    assert page_item_process.time_limit == settings.SOCIAL_ITEM_TIME_LIMIT
    assert longest + page_item_process.time_limit < settings.REDIS_VISIBILITY_TIMEOUT
    # The backoff doubles to 32 minutes at the last attempt; Facebook may ask for hours.
    for wait in (0, 59.6, 60, longest, longest + 1, 60 * 2**MAX_RETRIES, 3600, LONGEST_WAIT, 10 * LONGEST_WAIT):
        now, waited = 1_000_000.0, 0.0
        countdown, due_at = retry_plan(wait, now=now)
        steps = 1
        waited += countdown
        while due_at is not None:
            assert 0 < countdown <= longest, (wait, countdown)
            countdown, due_at = retry_plan(due_at - (now + waited), now=now + waited)
            waited += countdown
            steps += 1
        assert 0 <= countdown <= longest, (wait, countdown)
        # Every step within the limit, and the waits add up to what was asked (up to a day).
        assert waited == pytest.approx(min(wait, LONGEST_WAIT), abs=1)
        assert steps <= LONGEST_WAIT // longest + 2


def test_p7_an_hours_wait_is_taken_in_steps_the_broker_holds_and_the_comment_is_then_hidden(
    client, council, connection, fake_page, caplog
):
    post = fake_page.add_post("Parish meeting on Tuesday")
    comment = fake_page.add_comment(post, BREACH)
    _rate_limit(fake_page, comment, minutes=60)
    item = _received_item(client, council, fake_page, comment)
    page_item_process.apply(args=(item.pk,))  # in-process: each retry runs at once
    # Facebook said an hour: the retry was put off no longer than the broker holds a message.
    assert f"Retry in {settings.SOCIAL_RETRY_COUNTDOWN_MAX}s" in caplog.text
    assert "Retry in 3600s" not in caplog.text
    assert _hide_requests(fake_page, comment) == 2
    assert fake_page.comments[comment]["is_hidden"] is True
    assert list(PageAction.objects.values_list("action", "ok")) == [("hide", True)]


def test_p7_a_limit_that_never_lifts_is_tried_a_bounded_number_of_times(client, council, connection, fake_page):
    post = fake_page.add_post("Parish meeting on Tuesday")
    comment = fake_page.add_comment(post, BREACH)
    _rate_limit(fake_page, comment, minutes=1, times=MAX_RETRIES + 5)
    item = _received_item(client, council, fake_page, comment)
    result = page_item_process.apply(args=(item.pk,))
    assert isinstance(result.result, page_item_process.MaxRetriesExceededError)
    assert _hide_requests(fake_page, comment) == MAX_RETRIES + 1
    assert fake_page.comments[comment]["is_hidden"] is False
    # The item was checked and recorded all the same: the moderators see it in their queue.
    item.refresh_from_db()
    assert item.state == PageItem.State.CHECKED and item.submission is not None


def test_p7_a_moderators_decision_waits_out_an_hour_in_steps_the_broker_holds(
    client, council, connection, fake_page, chair, caplog
):
    post = fake_page.add_post("Parish meeting on Tuesday")
    comment = fake_page.add_comment(post, BREACH)
    item = _received_item(client, council, fake_page, comment)
    page_item_process.apply(args=(item.pk,))
    item.refresh_from_db()
    assert fake_page.comments[comment]["is_hidden"] is True
    _rate_limit(fake_page, comment, minutes=90)
    Submission.objects.filter(pk=item.submission_id).update(status=Submission.Status.PUBLISHED)
    assert page_item_decide.apply(args=(item.pk, item.submission_id, "show", chair.pk)).get() is True
    assert f"Retry in {settings.SOCIAL_RETRY_COUNTDOWN_MAX}s" in caplog.text and "Retry in 5400s" not in caplog.text
    assert fake_page.comments[comment]["is_hidden"] is False
