"""What social offers moderation through moderation.social_page (registered in apps.py)."""

from __future__ import annotations

from django.db import transaction

from .models import PageConnection
from .services import page_post_queue
from .tasks import page_post_send_task


class FacebookPage:
    def is_connected(self, *, council) -> bool:
        return PageConnection.objects.filter(council=council, is_active=True).exclude(token_sealed="").exists()

    def post_publish(self, *, post, actor):
        record, page_post = page_post_queue(post=post, actor=actor)
        transaction.on_commit(lambda: page_post_send_task.delay(page_post.pk))
        return record
