"""A moderator's decision on a comment from the Page, carried to the Page (P7, P8): approved, it is shown
again; rejected or removed, it stays hidden (or is hidden) or is deleted, as the moderator chose. The call
is made by a task after the decision commits; what Facebook answered is recorded as a Page action."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from council.audit import audit_record
from moderation.models import Submission
from social.models import PageAction, PageItem

from .page_actions import PageActionFailed, page_item_delete, page_item_hide, page_item_unhide

OUTCOMES = ("show", "hide", "delete")
SHOWN_STATUSES = frozenset({Submission.Status.PUBLISHED, Submission.Status.ACCEPTED})
BREACH_STATUSES = frozenset({Submission.Status.REJECTED, Submission.Status.REMOVED})
NOTES = {
    "show": "It will be shown again on the Facebook Page in a moment.",
    "hide": "It will be hidden on the Facebook Page in a moment.",
    "delete": "It will be deleted from the Facebook Page in a moment.",
}


def decision_needed(*, item: PageItem, outcome: str) -> bool:
    """Whether the Page is not yet as the decision asks (so a repeated task does nothing)."""
    if item.is_deleted or item.removed_at is not None:
        return False
    if outcome == "show":
        return item.is_hidden
    if outcome == "hide":
        return not item.is_hidden
    return outcome == "delete"


def decision_note(outcome: str) -> str:
    return NOTES[outcome]


def page_item_decision_apply(*, item_id: int, submission_id: int, outcome: str, actor_id: int | None, retry: bool):
    """Carry one decision to the Page; None when there is nothing (left) to do. Only while the decision
    still stands: a later decision on the same comment, or a newer version of it, wins."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    item = PageItem.objects.select_related("council", "submission").filter(pk=item_id).first()
    if item is None or item.submission_id != submission_id or not decision_needed(item=item, outcome=outcome):
        return None
    wanted = SHOWN_STATUSES if outcome == "show" else BREACH_STATUSES
    if item.submission.status not in wanted:
        return None
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        if outcome == "show":
            return page_item_unhide(item=item, actor=actor, retry=retry)
        if outcome == "hide":
            return page_item_hide(item=item, actor=actor, retry=retry)
        return page_item_delete(item=item, actor=actor, retry=retry)
    except (PageActionFailed, PermissionDenied) as exc:  # no usable connection, or no longer a moderator
        return _failure_record(item=item, outcome=outcome, actor=actor, detail=str(exc))


@transaction.atomic
def _failure_record(*, item: PageItem, outcome: str, actor, detail: str) -> PageAction:
    action = {"show": PageAction.Action.UNHIDE, "hide": PageAction.Action.HIDE}.get(outcome, PageAction.Action.DELETE)
    done = PageAction.objects.create(council=item.council, item=item, action=action, actor=actor, detail=detail)
    audit_record(
        council=item.council,
        actor=actor,
        action=f"facebook.{action}",
        obj=done,
        summary=f"{done.get_action_display()} {item.graph_id} failed: {detail}"[:500],
        after={"ok": False, "automatic": False},
    )
    return done
