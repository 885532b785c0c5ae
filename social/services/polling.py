"""The fallback for a Page without webhooks: read its recent posts and their comments (cursor paging,
`since`), recorded exactly as webhook deliveries are, once per Graph object id."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from social.models import PageConnection, PageItem

from .common import page_list
from .intake import graph_time, page_event_apply  # the webhook's own recording: both routes record alike

OVERLAP = dt.timedelta(minutes=10)  # read a little behind the last poll: a comment may land late
FIRST_LOOK_BACK = dt.timedelta(days=2)
COMMENT_FIELDS = "id,message,from{id,name},created_time,parent{id},is_hidden"


def _comment_fields(comment: dict, post_id: str) -> dict:
    parent = (comment.get("parent") or {}).get("id") or ""
    return {
        "graph_id": str(comment["id"]),
        "kind": PageItem.Kind.COMMENT,
        "post_graph_id": post_id,
        "parent_graph_id": str(parent),
        "from_id": str((comment.get("from") or {}).get("id") or ""),
        "from_name": str((comment.get("from") or {}).get("name") or "")[:200],
        "text": str(comment.get("message") or ""),
        "created_time": graph_time(comment.get("created_time")),
        "verb": "add",
    }


def page_poll(*, connection_id: int) -> list[int]:
    """Read what is new on the Page; the ids of items to check (the task queues them)."""
    connection = PageConnection.objects.select_related("council").get(pk=connection_id)
    started = timezone.now()
    since = (connection.polled_at - OVERLAP) if connection.polled_at else (started - FIRST_LOOK_BACK)
    due = []
    posts = list(
        page_list(
            connection,
            f"{connection.page_id}/feed",
            params={"since": int(since.timestamp()), "fields": "id,message,from{id,name},created_time", "limit": 25},
        )
    )
    for post in posts:
        post_id = str(post["id"])
        comments = list(
            page_list(
                connection, f"{post_id}/comments", params={"filter": "stream", "fields": COMMENT_FIELDS, "limit": 100}
            )
        )
        with transaction.atomic():
            for comment in comments:
                item = page_event_apply(connection, _comment_fields(comment, post_id))
                if item is not None:
                    due.append(item.pk)
    PageConnection.objects.filter(pk=connection.pk).update(polled_at=started)
    return due
