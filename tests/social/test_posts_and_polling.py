"""Council posts published to the Page after two-person approval (P3); the polling fallback with cursor paging.
Blocking a repeat offender (P8) is in test_decisions_and_blocks.py."""

from __future__ import annotations

import pytest
from django.urls import reverse

from council.models import PolicyChannel
from moderation.models import CouncilPost, Submission
from moderation.services import council_post_approve, council_post_check, council_post_create, council_post_publish
from social.models import PageConnection, PageItem, PagePost
from social.services import page_poll, page_post_send
from social.tasks import page_item_process, page_poll_task

pytestmark = pytest.mark.django_db


def _approved_post(council, clerk, chair):
    post = council_post_create(
        council=council,
        author=clerk,
        title="Hall car park",
        channel=PolicyChannel.SOCIAL_PAGE,
        body="The hall car park is resurfaced on Monday. Please park on Church Road.",
    )
    council_post_check(post=post, actor=clerk)
    return council_post_approve(post=post, actor=chair)


def test_p3_approved_post_is_published_to_the_page_with_id_and_link(
    council, clerk, chair, connection, fake_page, django_capture_on_commit_callbacks
):
    post = _approved_post(council, clerk, chair)
    with django_capture_on_commit_callbacks(execute=False):
        council_post_publish(post=post, actor=clerk)
    page_post = PagePost.objects.get(post=post)
    assert page_post_send(page_post_id=page_post.pk).status == PagePost.Status.PUBLISHED
    assert page_post_send(page_post_id=page_post.pk) is None  # a second delivery of the task does nothing
    page_post.refresh_from_db()
    [(graph_id, posted)] = [(k, v) for k, v in fake_page.posts.items()]
    assert page_post.graph_post_id == graph_id and posted["message"].startswith("Hall car park\n\n")
    assert page_post.permalink == f"https://www.facebook.com/{fake_page.page_id}/posts/{graph_id.split('_')[-1]}"
    post.refresh_from_db()
    assert post.status == CouncilPost.Status.PUBLISHED and post.record == page_post.record


def test_failed_publish_is_kept_shown_and_sent_again(
    client, council, clerk, chair, connection, fake_page, django_capture_on_commit_callbacks
):
    post = _approved_post(council, clerk, chair)
    with django_capture_on_commit_callbacks(execute=False):
        council_post_publish(post=post, actor=clerk)
    page_post = PagePost.objects.get(post=post)
    fake_page.fail_next(
        "POST", f"{fake_page.page_id}/feed", status=500, code=2, message="Service temporarily unavailable"
    )
    failed = page_post_send(page_post_id=page_post.pk)
    assert failed.status == PagePost.Status.FAILED and failed.attempts == 1 and not fake_page.posts
    client.force_login(chair)
    detail = client.get(reverse("moderation:post_detail", args=[council.slug, post.pk])).content.decode()
    assert "Facebook refused the request" in detail and "Send to the Facebook Page again" in detail
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("social:post_retry", args=[council.slug, page_post.pk]))
    assert page_post_send(page_post_id=page_post.pk).status == PagePost.Status.PUBLISHED and len(fake_page.posts) == 1


def test_polling_reads_every_page_of_comments_once(council, connection, fake_page):
    post = fake_page.add_post("Parish meeting on Tuesday")
    other = fake_page.add_post("Bin collection changes")
    ids = [fake_page.add_comment(post, f"Question number {n} about the meeting agenda") for n in range(5)]
    ids.append(fake_page.add_comment(other, "The chairman is a disgrace and should resign."))
    due = page_poll(connection_id=connection.pk)
    assert sorted(PageItem.objects.values_list("graph_id", flat=True)) == sorted(ids) and len(due) == 6
    # Two per page (the server's page size): the client followed the cursors.
    assert sum(1 for m, p, q, _ in fake_page.requests if p == f"{post}/comments") == 3
    assert any("since" in q for _, p, q, _ in fake_page.requests if p.endswith("/feed"))
    assert page_poll(connection_id=connection.pk) == []  # nothing new the second time
    for pk in due:
        page_item_process.apply(args=(pk,))
    assert Submission.objects.count() == 6
    assert fake_page.comments[ids[-1]]["is_hidden"] is True


def test_poll_task_with_a_revoked_token_sets_the_status(council, connection, fake_page):
    fake_page.token = "revoked"
    assert page_poll_task.apply(args=(connection.pk,)).get() == 0
    connection.refresh_from_db()
    assert connection.status == PageConnection.Status.TOKEN
