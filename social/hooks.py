"""What social offers moderation through moderation.social_page (registered in apps.py)."""

from __future__ import annotations

from django.db import transaction

from council.actors import user_of

from .models import PageConnection
from .selectors import page_item_for_decision
from .services import decision_needed, decision_note, page_post_queue
from .tasks import page_item_decide, page_post_send_task


class FacebookPage:
    def is_connected(self, *, council) -> bool:
        return PageConnection.objects.filter(council=council, is_active=True).exclude(token_sealed="").exists()

    def post_publish(self, *, post, actor):
        record, page_post = page_post_queue(post=post, actor=actor)
        transaction.on_commit(lambda: page_post_send_task.delay(page_post.pk))
        return record

    def is_council_run(self, *, council) -> bool:
        return PageConnection.objects.filter(
            council=council, is_active=True, ownership=PageConnection.Ownership.COUNCIL
        ).exists()

    def decision_apply(self, *, submission, outcome: str, actor) -> str | None:
        item = page_item_for_decision(submission=submission)
        if item is None:
            return None
        if not decision_needed(item=item, outcome=outcome):
            return ""
        args = (item.pk, submission.pk, outcome, getattr(user_of(actor), "pk", None))
        transaction.on_commit(lambda: page_item_decide.delay(*args))
        return decision_note(outcome)
