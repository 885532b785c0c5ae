"""Council posts on the Page (P3): approved by two people in the app, then published through the API;
a failed publish is retried with backoff and shown on the post, never lost."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from comms.models import Channel, Direction, Thread
from comms.services.correspondence import record_create, thread_create
from council.actors import Actor
from council.audit import audit_record
from moderation.models import CouncilPost
from social.graph import GraphError
from social.models import PagePost

from .common import PageNotConnected, connection_for, page_call
from .connection import page_problem_record

MAX_ATTEMPTS = 8


@transaction.atomic
def page_post_queue(*, post: CouncilPost, actor: Actor):
    """Called by moderation when an approved post is published to the Page: the register record now,
    the API call by the worker (queued by the caller on commit). Returns the record and the queued post."""
    thread = thread_create(
        council=post.council, subject=f"Facebook Page post: {post.title}", actor=actor, status=Thread.Status.CLOSED
    )
    record = record_create(
        thread=thread,
        channel=Channel.SOCIAL_COMMENT,
        direction=Direction.OUT,
        actor=actor,
        subject=post.title,
        body_text=post.body,
        sender_member=actor,
        sender_display=post.council.name,
    )
    page_post, _ = PagePost.objects.get_or_create(post=post, defaults={"council": post.council, "record": record})
    audit_record(council=post.council, actor=actor, action="facebook.post_queued", obj=page_post, summary=post.title)
    return record, page_post


def page_posts_due() -> list[int]:
    now = timezone.now()
    return list(
        PagePost.objects.filter(
            status__in=[PagePost.Status.QUEUED, PagePost.Status.FAILED],
            next_attempt_at__lte=now,
            attempts__lt=MAX_ATTEMPTS,
        ).values_list("pk", flat=True)
    )


def page_post_send(*, page_post_id: int) -> PagePost | None:
    """Publish one queued post; a second delivery of the same task finds it claimed and does nothing."""
    claimed = PagePost.objects.filter(
        pk=page_post_id,
        status__in=[PagePost.Status.QUEUED, PagePost.Status.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).update(status=PagePost.Status.SENDING)
    if not claimed:
        return None
    page_post = PagePost.objects.select_related("post", "council").get(pk=page_post_id)
    try:
        connection = connection_for(page_post.council)
        answer = page_call(
            connection,
            "POST",
            f"{connection.page_id}/feed",
            data={"message": f"{page_post.post.title}\n\n{page_post.post.body}"},
        )
        post_id = str(answer.get("id") or "")
        link = page_call(connection, "GET", post_id, params={"fields": "permalink_url"}).get("permalink_url") or ""
    except (GraphError, PageNotConnected) as error:
        return _failed(page_post, error)
    with transaction.atomic():
        page_post.status, page_post.graph_post_id, page_post.permalink = (
            PagePost.Status.PUBLISHED,
            post_id,
            str(link)[:500],
        )
        page_post.published_at, page_post.last_error = timezone.now(), ""
        page_post.attempts += 1
        page_post.save()
        audit_record(
            council=page_post.council,
            actor=None,
            action="facebook.post_published",
            obj=page_post,
            summary=f"{page_post.post.title}: {page_post.permalink or post_id}",
            after={"graph_post_id": post_id, "permalink": page_post.permalink},
        )
    return page_post


def _failed(page_post: PagePost, error) -> PagePost:
    page_post.attempts += 1
    page_post.status = PagePost.Status.FAILED
    page_post.last_error = error.plain() if isinstance(error, GraphError) else str(error)
    wait = (
        error.retry_after if isinstance(error, GraphError) and error.retry_after else 0
    ) or 60 * 2**page_post.attempts
    page_post.next_attempt_at = timezone.now() + dt.timedelta(seconds=wait)
    with transaction.atomic():
        page_post.save()
        audit_record(
            council=page_post.council,
            actor=None,
            action="facebook.post_failed",
            obj=page_post,
            summary=f"{page_post.post.title}: {page_post.last_error}"[:500],
            after={"attempts": page_post.attempts},
        )
    if isinstance(error, GraphError) and (error.is_token_problem or error.is_permission_problem):
        page_problem_record(connection=connection_for(page_post.council), error=error)
    return page_post


@transaction.atomic
def page_post_retry(*, page_post: PagePost, actor: Actor) -> PagePost:
    """The Clerk asks to try a failed post again now."""
    PagePost.objects.filter(pk=page_post.pk, status=PagePost.Status.FAILED).update(
        status=PagePost.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    audit_record(
        council=page_post.council,
        actor=actor,
        action="facebook.post_retry",
        obj=page_post,
        summary=page_post.post.title,
    )
    page_post.refresh_from_db()
    return page_post
